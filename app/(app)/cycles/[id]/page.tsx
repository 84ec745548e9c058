import type { Metadata } from "next";
import Link from "next/link";
import { GroupProgressList } from "@/app/_components/group-progress";
import { loadOr404 } from "@/app/_components/load";
import { CycleStatusBadge, RequestStatusBadge } from "@/app/_components/status";
import { ButtonLink, Card, DataTable, EmptyState, Notice, PageHeader, Stat } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getCycleAdminPage } from "@/lib/cycles/completion";
import { isoDateOf } from "@/lib/dates";
import { formatDate, plural } from "@/lib/format";
import { groupLabel, NOMINATED_GROUPS } from "@/lib/report/groups";
import { completionFigure } from "@/lib/report/progress";
import { CycleActions, ReleaseOneButton } from "./cycle-actions";
import { isRequestFinal } from "@/lib/lifecycle";

export const metadata: Metadata = { title: "Cycle" };

export default async function CyclePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer({ role: "hr" });
  const page = await loadOr404(getCycleAdminPage(viewer, id));
  const { cycle, form } = page;
  return (
    <>
      <PageHeader
        title={cycle.name}
        description={`${formatDate(cycle.opensAt)} to ${formatDate(cycle.closesAt)} · anonymity threshold ${cycle.threshold}, comments ${cycle.commentThreshold}`}
        actions={<CycleStatusBadge status={cycle.status} />}
      />
      <div className="space-y-6">
        <CycleActions
          cycleId={cycle.id}
          status={cycle.status}
          inScope={page.inScope}
          choosing={page.notNominated.length}
          closesOn={isoDateOf(cycle.closesAt)}
        />

        <Card aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="text-lg font-semibold">
            Settings {cycle.status === "draft" ? "" : "(frozen at launch)"}
          </h2>
          <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            <div>
              <dt className="font-semibold">Who is rated</dt>
              <dd>
                {form.scopeMode === "managers"
                  ? "Everyone with direct reports"
                  : `People with direct reports in ${plural(form.teamIds.length, "chosen team")}`}
              </dd>
            </div>
            <div>
              <dt className="font-semibold">Approval of raters</dt>
              <dd>{form.requiresApproval ? "Line manager or HR approves" : "Not needed (external raters always are)"}</dd>
            </div>
            <div>
              <dt className="font-semibold">Rater limits</dt>
              <dd>{NOMINATED_GROUPS.map((g) => `${form.limits[g]} ${groupLabel(g, form.limits[g]).toLowerCase()}`).join(", ")}</dd>
            </div>
            <div>
              <dt className="font-semibold">Reports shared with</dt>
              <dd>
                The person
                {form.shareWithLineManager ? ", their line manager" : ""}
                {form.shareWithHr ? ", HR" : ""}
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="font-semibold">Items of your own</dt>
              <dd>{form.customItems.length ? form.customItems.join(" · ") : "None"}</dd>
            </div>
          </dl>
          {cycle.status === "draft" ? (
            <div className="mt-4">
              <ButtonLink href={`/cycles/${cycle.id}/edit`} variant="secondary">
                Edit settings
              </ButtonLink>
            </div>
          ) : null}
        </Card>

        {cycle.status !== "draft" ? (
          <>
            <section aria-labelledby="completion-heading" className="space-y-4">
              <h2 id="completion-heading" className="text-lg font-semibold">
                Completion
              </h2>
              <dl className="grid gap-3 sm:grid-cols-3">
                <Stat
                  label="Response rate"
                  value={page.overall.shown ? `${page.overall.rate}%` : "Not shown yet"}
                  hint={
                    page.overall.shown
                      ? `${completionFigure(page.overall)}; self-assessments not counted`
                      : `${plural(page.overall.invited, "rater")} invited. Answers are counted once requests close: a live count would tell who has just answered. Each person's groups show below whether they have enough.`
                  }
                />
                <Stat label="People being rated" value={page.subjects.length} />
                <Stat
                  label="Still choosing raters"
                  value={page.notNominated.length}
                  hint={page.notNominated.map((s) => s.name).join(", ") || "Nobody"}
                />
              </dl>
              {page.teams.length > 0 ? (
                <DataTable
                  caption="Response rate per team"
                  columns={["Team", { label: "People rated", numeric: true }, { label: "Responses", numeric: true }, "Rate"]}
                >
                  {page.teams.map(({ team, subjects, completion: c }) => (
                    <tr key={team}>
                      <th scope="row" className="px-4 py-2 text-left font-medium">
                        {team}
                      </th>
                      <td className="px-4 py-2 text-right tabular-nums">{subjects}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{c.shown ? `${c.responded} of ${c.invited}` : "Not shown"}</td>
                      <td className="px-4 py-2">
                        {c.shown ? (
                          <span className="flex items-center gap-2">
                            <span className="block h-2 w-24 rounded-full bg-slate-200" aria-hidden="true">
                              <span className="block h-2 rounded-full bg-accent-700" style={{ width: `${c.rate}%` }} />
                            </span>
                            {c.rate}%
                          </span>
                        ) : (
                          <span className="text-sm text-slate-600">Too few requests or answers to show</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              ) : null}
            </section>

            <section aria-labelledby="subjects-heading" className="space-y-3">
              <h2 id="subjects-heading" className="text-lg font-semibold">
                People being rated
              </h2>
              <p className="text-sm text-slate-600">
                Each group shows only whether it has enough answers to be shown ({cycle.threshold} or more): nobody, including HR, sees who
                has answered, or how many so far.
              </p>
              {page.subjects.length === 0 ? (
                <EmptyState title="Nobody yet" />
              ) : (
                <ul className="grid gap-3 lg:grid-cols-2">
                  {page.subjects.map((s) => (
                    <li key={s.requestId}>
                      <Card>
                        <div className="flex flex-wrap items-start justify-between gap-2">
                          <div>
                            <h3 className="font-semibold">{s.name}</h3>
                            <p className="text-sm text-slate-600">{s.team ?? "No team"}</p>
                          </div>
                          <RequestStatusBadge status={s.status} />
                        </div>
                        <div className="mt-3">
                          <GroupProgressList progress={s.progress} final={isRequestFinal(s)} />
                        </div>
                        <div className="mt-3 flex flex-wrap gap-2">
                          {s.status === "released" && cycle.shareWithHr ? (
                            <Link href={`/reports/${s.requestId}`} className="text-sm font-semibold text-accent-700 underline">
                              Read {s.name}&apos;s report
                            </Link>
                          ) : null}
                          {/* Offered only where the release would succeed (the server's own check). */}
                          {s.releaseBlocked === null ? (
                            <ReleaseOneButton cycleId={cycle.id} requestId={s.requestId} name={s.name} early={s.status !== "closed"} />
                          ) : null}
                        </div>
                      </Card>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        ) : (
          <Notice title={`${plural(page.inScope.length, "person", "people")} in scope`}>
            <p>Launching creates a feedback request for each of them and e-mails them to choose their raters.</p>
            {page.inScope.length ? (
              <ul className="mt-2 list-disc pl-5" aria-label="People in scope">
                {page.inScope.map((name, i) => (
                  <li key={`${i}-${name}`}>{name}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-2">Nobody yet: no one in the chosen teams has direct reports.</p>
            )}
          </Notice>
        )}
      </div>
    </>
  );
}
