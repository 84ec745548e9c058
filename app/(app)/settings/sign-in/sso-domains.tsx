"use client";

import { Badge, Button, OutcomeText } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { checkSsoDomainAction } from "@/lib/sso/actions";

export interface DomainRow {
  domain: string;
  verifiedAt: string | null;
  record: { name: string; value: string };
}

/**
 * The organisation's domains and their DNS proof: a verified one signs its addresses in with the
 * provider; one waiting shows the exact TXT record to publish and a button that looks it up.
 */
export function SsoDomains({ domains }: { domains: DomainRow[] }) {
  return (
    <ul className="mt-3 space-y-4">
      {domains.map((d) => (
        <DomainItem key={d.domain} row={d} />
      ))}
    </ul>
  );
}

function slug(domain: string) {
  return domain.replace(/[^a-z0-9]/g, "-");
}

function DomainItem({ row }: { row: DomainRow }) {
  const checking = useAction();
  const id = `domain-${slug(row.domain)}`;
  return (
    <li className="rounded-md border border-slate-200 p-3" aria-labelledby={`${id}-name`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-name`} className="font-semibold [overflow-wrap:anywhere]">
          {row.domain}
        </span>
        {row.verifiedAt ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Waiting for DNS</Badge>}
      </div>
      {row.verifiedAt ? (
        <p className="mt-1 text-sm text-slate-700">Addresses at {row.domain} sign in with your provider.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            To prove that {row.domain} is yours, add this TXT record at your DNS host. Until then nobody at {row.domain} is sent to your
            provider, and e-mail links keep working for them.
          </p>
          <dl className="mt-2 space-y-2 text-sm">
            <div>
              <dt className="font-semibold">Name (host)</dt>
              <dd>
                <code className="block rounded bg-slate-100 p-2 font-mono [overflow-wrap:anywhere]" data-testid={`${id}-record-name`}>
                  {row.record.name}
                </code>
              </dd>
            </div>
            <div>
              <dt className="font-semibold">Type</dt>
              <dd>TXT</dd>
            </div>
            <div>
              <dt className="font-semibold">Value</dt>
              <dd>
                <code className="block rounded bg-slate-100 p-2 font-mono [overflow-wrap:anywhere]" data-testid={`${id}-record-value`}>
                  {row.record.value}
                </code>
              </dd>
            </div>
          </dl>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Button
              variant="secondary"
              disabled={checking.busy}
              aria-describedby={checking.outcome ? `${id}-outcome` : undefined}
              onClick={() =>
                checking.run(() => checkSsoDomainAction({ domain: row.domain }), {
                  success: () => `${row.domain} is verified.`,
                  failure: (f) => {
                    checking.say({ tone: "error", text: f.fieldErrors?.domain?.[0] ?? f.error });
                    return true;
                  },
                })
              }
            >
              {checking.busy ? "Checking DNS…" : `Check DNS for ${row.domain}`}
            </Button>
          </div>
        </>
      )}
      <div id={`${id}-outcome`}>
        <OutcomeText outcome={checking.outcome} className="mt-2" />
      </div>
    </li>
  );
}
