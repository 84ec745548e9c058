import type { Metadata } from "next";
import { loadOr404 } from "@/app/_components/load";
import { Badge, Card, DataTable, EmptyState, Notice, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { getProvisioningPage } from "@/lib/scim/queries";
import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

export const metadata: Metadata = { title: "Directory sync" };

export default async function ProvisioningPage() {
  const viewer = await requireViewer({ role: "hr" });
  const { baseUrl, tokens } = await loadOr404(getProvisioningPage(viewer));
  const live = tokens.filter((t) => !t.revokedAt && t.creatorIsHr);
  // Changes made with a token are recorded as its creator's: it stops when they are no longer HR here.
  const stopped = tokens.filter((t) => !t.revokedAt && !t.creatorIsHr);
  return (
    <>
      <PageHeader
        title="Directory sync"
        description="Let your identity provider (Microsoft Entra ID, Okta or any SCIM 2.0 client) keep the directory up to date: new starters, line managers, teams and leavers."
      />
      {stopped.length ? (
        <div className="mb-6">
          <Notice
            tone="warning"
            title={stopped.length === 1 ? "A token has stopped working" : `${stopped.length} tokens have stopped working`}
          >
            <p>
              {stopped.map((t) => `“${t.label}”`).join(", ")} {stopped.length === 1 ? "was" : "were"} created by someone who is no longer HR
              of this organisation. Directory changes made with a token are recorded as its creator&apos;s, so it stopped working when they
              lost HR: the identity provider now gets &ldquo;authentication failed&rdquo;. Create a new token below, paste it into the
              identity provider, then revoke the old one.
            </p>
          </Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Connect your identity provider</h2>
          <dl className="mt-3 space-y-3 text-sm">
            <div>
              <dt className="font-semibold">Tenant URL (SCIM base URL)</dt>
              <dd>
                <code className="break-all rounded bg-slate-100 px-1 py-0.5">{baseUrl}</code>
              </dd>
            </div>
            <div>
              <dt className="font-semibold">Secret token</dt>
              <dd>Create one below. It is shown once: paste it into the identity provider straight away.</dd>
            </div>
            <div>
              <dt className="font-semibold">What it changes</dt>
              <dd>
                People are matched by their work e-mail (userName). Line managers come from the manager attribute, teams from groups or the
                department. The same checks as a CSV import apply, so a reporting loop or an unknown manager is refused.
              </dd>
            </div>
            <div>
              <dt className="font-semibold">When someone leaves</dt>
              <dd>
                Deactivating or deleting them in the identity provider deactivates them here: they can no longer sign in to this
                organisation. Their past answers and released reports stay as they are.
              </dd>
            </div>
          </dl>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Create a token</h2>
          <CreateTokenForm />
        </Card>
      </div>
      <section aria-labelledby="tokens-heading" className="mt-8">
        <h2 id="tokens-heading" className="mb-3 text-lg font-semibold">
          Tokens
        </h2>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet">Create a token above, then add it to your identity provider.</EmptyState>
        ) : (
          <DataTable caption="Directory sync tokens" columns={["Name", "Created", "Last used", "Status", "Revoke"]}>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td className="px-4 py-3 font-medium">{t.label}</td>
                <td className="px-4 py-3">{formatDate(t.createdAt)}</td>
                <td className="px-4 py-3">{t.lastUsedAt ? formatDate(t.lastUsedAt) : "Never"}</td>
                <td className="px-4 py-3">
                  {t.revokedAt ? (
                    <Badge>Revoked {formatDate(t.revokedAt)}</Badge>
                  ) : t.creatorIsHr ? (
                    <Badge tone="success">Active</Badge>
                  ) : (
                    <Badge tone="warning">Stopped</Badge>
                  )}
                </td>
                {/* relative: the button's screen-reader-only text stays inside the table's scrolling region */}
                <td className="relative px-4 py-3">{t.revokedAt ? "—" : <RevokeTokenButton tokenId={t.id} label={t.label} />}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <p className="mt-2 text-sm text-slate-700">
          {live.length} active {live.length === 1 ? "token" : "tokens"}.
        </p>
      </section>
    </>
  );
}
