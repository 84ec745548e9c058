import type { Metadata } from "next";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getSsoSettings } from "@/lib/sso/settings";
import { SsoDomains } from "./sso-domains";
import { SsoSettingsForm } from "./sso-settings-form";

export const metadata: Metadata = { title: "Sign-in settings" };

export default async function SignInSettingsPage() {
  const viewer = await requireViewer({ role: "hr" });
  const { redirectUri, saved, domains } = await getSsoSettings(viewer);
  return (
    <>
      <PageHeader
        title="Sign-in settings"
        description="Let people sign in with their company account (single sign-on with OpenID Connect): Microsoft Entra ID, Google Workspace, Okta, Keycloak or any other OpenID provider."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <h2 className="text-base font-semibold">Your identity provider</h2>
          <SsoSettingsForm saved={saved ? { ...saved, updatedAt: saved.updatedAt.toISOString() } : null} />
        </Card>
        {domains.length ? (
          <Card aria-labelledby="domains-heading" className="lg:col-start-1">
            <h2 id="domains-heading" className="text-base font-semibold">
              Your domains
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              {domains.every((d) => d.verifiedAt)
                ? "Every domain is verified."
                : "A domain counts once its DNS proves it is yours: add the TXT record shown, then press Check DNS. DNS changes can take a few minutes to show."}
            </p>
            <SsoDomains domains={domains.map((d) => ({ ...d, verifiedAt: d.verifiedAt?.toISOString() ?? null }))} />
          </Card>
        ) : null}
        <Card aria-labelledby="register-heading" className="lg:col-start-2 lg:row-start-1">
          <h2 id="register-heading" className="text-base font-semibold">
            Register Twofold at your provider first
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            Create a web application (confidential client) for Twofold at your identity provider, with this redirect URI:
          </p>
          <p className="mt-2 rounded bg-slate-100 p-2 font-mono text-sm [overflow-wrap:anywhere]" data-testid="redirect-uri">
            {redirectUri}
          </p>
          <p className="mt-2 text-sm text-slate-700">
            Ask for the scopes openid, email and profile. Then copy its issuer, client ID and client secret here.
          </p>
          <p className="mt-2 text-sm text-slate-700">
            Only people in your directory, whose address the provider has verified and whose domain you list, can sign in this way, and only
            into this organisation.
          </p>
        </Card>
      </div>
    </>
  );
}
