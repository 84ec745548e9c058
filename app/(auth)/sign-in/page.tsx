import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Button, Card, Email, Notice } from "@/app/_components/ui";
import { signInWithSso } from "@/lib/auth/actions";
import { callbackPath } from "@/lib/auth/redirect";
import { anyOrganisationSso, ssoOffer } from "@/lib/auth/sso";
import { env } from "@/lib/env";
import { getUser } from "@/lib/auth/session";
import { demoAccounts } from "@/lib/organisations/demo";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  Verification: "That sign-in link has expired or has already been used. Ask for a new one below.",
  AccessDenied: "That address cannot sign in to Twofold. Ask your HR team to add you.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  // Where the visitor was going: a path on this site, or home (never another site).
  const back = callbackPath(callbackUrl);
  if (await getUser()) redirect(back);
  const demo = await demoAccounts();
  const sso = ssoOffer(env());
  const companyAccounts = await anyOrganisationSso();
  return (
    <div className="space-y-4">
      <Card>
        <h1 className="text-xl font-bold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">
          {sso || companyAccounts
            ? "With your company account, or with a link we e-mail you. No password needed."
            : "We will e-mail you a link that signs you in. No password needed."}
        </p>
        {error ? (
          <div className="mt-4">
            <Notice tone="danger">{errors[error] ?? "Signing in did not work. Please try again."}</Notice>
          </div>
        ) : null}
        {sso ? (
          <>
            <form action={signInWithSso} className="mt-4">
              <input type="hidden" name="callbackUrl" value={back} />
              <Button type="submit" variant="secondary" className="w-full">
                Sign in with {sso.name}
              </Button>
            </form>
            <p className="mt-4 flex items-center gap-3 text-sm text-slate-600" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200" />
              or by e-mail
              <span className="h-px flex-1 bg-slate-200" />
            </p>
          </>
        ) : null}
        <div className="mt-4">
          <SignInForm callbackUrl={back} companyAccounts={companyAccounts} />
        </div>
      </Card>
      {demo.length > 0 ? (
        <Card aria-labelledby="demo-heading">
          <h2 id="demo-heading" className="text-base font-semibold">
            Trying the demo?
          </h2>
          <p className="mt-1 text-sm text-slate-600">Sign in with one of these addresses:</p>
          <ul className="mt-2 space-y-1 text-sm">
            {demo.map((a) => (
              <li key={a.email}>
                <code className="rounded bg-slate-100 px-1">
                  <Email address={a.email} />
                </code>{" "}
                <span className="text-slate-600">· {a.role}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
