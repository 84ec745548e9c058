import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { PlanBody } from "@/app/_components/plan/plan-body";
import { FocusPicker, ShareWithCoachForm, ShareWithManagerButton, WithdrawShareButton } from "@/app/_components/plan/plan-controls";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { getPlanPage } from "@/lib/plans/queries";

export const metadata: Metadata = { title: "Development plan" };

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const p = await loadOr404(getPlanPage(viewer, id));
  const own = p.reader === "subject";
  const chosen = p.view.focus.map((f) => `${f.evidence.dimensionKey}.${f.evidence.pole}`);
  const standing = p.view.shares.filter((s) => !s.withdrawnAt);
  const managerShared = standing.some((s) => s.audience === "line_manager");

  return (
    <>
      <PageHeader
        title={own ? "Your development plan" : `${p.subjectName}'s development plan`}
        description={
          own ? (
            <>From your {p.cycleName} report. Only you can see this plan until you share it.</>
          ) : (
            <>{p.subjectName} has chosen to share this plan with you. You can read it; only they can change it.</>
          )
        }
      />
      {own ? (
        <Card aria-labelledby="focus-heading">
          <h2 id="focus-heading" className="text-lg font-semibold">
            Focus areas
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Pick the sides of the eight differences you want to work on. Suggestions come from your report&apos;s blind spots and hidden
            strengths; the figures beside each are the report&apos;s own.
          </p>
          <FocusPicker
            requestId={p.requestId}
            chosen={chosen}
            options={p.options.map((o) => ({
              key: `${o.dimensionKey}.${o.pole}`,
              label: `${o.title}: ${o.poleLabel.toLowerCase()}`,
              hint: o.others
                ? `Others ${o.others.mean.toFixed(1)} (n=${o.others.n})${o.self !== null ? `, you ${o.self.toFixed(1)}` : ""}`
                : o.self !== null
                  ? `You ${o.self.toFixed(1)}; others not shown`
                  : "No figures shown",
              suggested: p.suggested.some((s) => s.dimensionKey === o.dimensionKey && s.pole === o.pole),
            }))}
          />
        </Card>
      ) : null}

      <PlanBody view={p.view} requestId={own ? p.requestId : undefined} editable={own} />

      {own && p.started ? (
        <Card aria-labelledby="sharing-heading" className="mt-4">
          <h2 id="sharing-heading" className="text-lg font-semibold">
            Sharing
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Nobody else sees this plan unless you share it, and you can stop sharing at any time. HR sees only how many plans exist per
            team, never what is in them.
          </p>
          <div className="mt-3 space-y-4">
            {p.lineManagerName ? (
              <ShareWithManagerButton requestId={p.requestId} managerName={p.lineManagerName} shared={managerShared} />
            ) : null}
            <ShareWithCoachForm requestId={p.requestId} />
          </div>
          <h3 className="mt-4 font-semibold">Shared with</h3>
          {standing.length === 0 ? <p className="mt-1 text-sm text-slate-600">Nobody: this plan is private.</p> : null}
          <ul className="mt-2 space-y-2">
            {standing.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 p-3 text-sm">
                <span>
                  <span className="font-semibold">{s.name}</span> (
                  {s.audience === "coach" ? `coach, link until ${formatDate(s.expiresAt!)}` : "line manager"})
                  <span className="block text-slate-600">
                    {s.lastViewedAt ? `Last read ${formatDateTime(s.lastViewedAt)}` : "Not read yet"}
                  </span>
                </span>
                <WithdrawShareButton requestId={p.requestId} shareId={s.id} name={s.name} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {/* The follow-up pulse is the subject's own (its page is a 404 to anyone else): only they see the way there. */}
      {own && p.started ? (
        <Card aria-labelledby="follow-up-heading" className="mt-4">
          <h2 id="follow-up-heading" className="text-lg font-semibold">
            Follow-up
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Some months after the report, ask your raters a few minutes&apos; worth of questions on just these focus areas: whether they see
            each more often or less often. The same anonymity rules apply as for the report.
          </p>
          <Link href={`/reports/${p.requestId}/pulse`} className="mt-3 inline-block font-semibold text-accent-700 underline">
            Your follow-up pulse
          </Link>
        </Card>
      ) : null}

      <p className="no-print mt-8 text-sm text-slate-600">
        <Link href={own ? `/reports/${p.requestId}` : "/"} className="font-semibold text-accent-700 underline">
          {own ? "Back to your report" : "Back to the dashboard"}
        </Link>
      </p>
    </>
  );
}
