import type { Metadata } from "next";
import Link from "next/link";
import { GroupProgressList } from "@/app/_components/group-progress";
import { CycleStatusBadge, RequestStatusBadge } from "@/app/_components/status";
import { Card, EmptyState, PageHeader, Stat } from "@/app/_components/ui";
import { hrViewerOf, type HrViewer } from "@/lib/auth/permissions";
import { hasRole, requireViewer } from "@/lib/auth/session";
import { listOrganisationCycles } from "@/lib/cycles/queries";
import { closingText, formatDate, plural, sentenceCase } from "@/lib/format";
import { completionFigure } from "@/lib/report/progress";
import { organisationCounts } from "@/lib/people/queries";
import {
  listApprovals,
  listAskedOfViewer,
  listDirectReportRequests,
  listOwnRequests,
  listStartable,
  type RequestSummary,
} from "@/lib/requests/queries";
import type { AskedOfYou } from "@/lib/requests/asked-of-you";
import { EmailMyLinkButton } from "@/app/_components/email-my-link-button";
import type { StartableCycle } from "@/lib/requests/start";
import { StartRequestButton } from "@/app/_components/start-request-button";
import { ButtonLink } from "@/app/_components/ui";
import { isCycleRunning, isRequestFinal } from "@/lib/lifecycle";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const viewer = await requireViewer();
  const hr = hrViewerOf(viewer);
  const isManager = hasRole(viewer, "manager");
  const [own, team, startable, approvals, asked] = await Promise.all([
    listOwnRequests(viewer),
    // By the line manager frozen on each request, whatever the viewer's roles today.
    listDirectReportRequests(viewer),
    listStartable(viewer),
    listApprovals(viewer),
    listAskedOfViewer(viewer),
  ]);
  const firstName = (viewer.person?.name ?? viewer.name ?? "").split(" ")[0];

  return (
    <>
      <PageHeader
        title={firstName ? `Welcome, ${firstName}` : "Welcome"}
        description={`${viewer.organisation.name}. Everyone here is seen twofold: as a leader and as a manager.`}
      />
      <div className="space-y-8">
        {approvals.length > 0 ? <Approvals approvals={approvals} /> : null}
        {asked.length > 0 ? <AskedOfYouList asked={asked} /> : null}
        {hr ? <HrOverview viewer={hr} /> : null}
        {isManager || own.length > 0 || startable.length > 0 ? (
          <OwnFeedback requests={own} startable={startable} canStartPersonal={isManager && Boolean(viewer.person)} />
        ) : null}
        {isManager || team.length > 0 ? <TeamFeedback requests={team} /> : null}
        {!hr && !isManager && own.length === 0 && startable.length === 0 && team.length === 0 && asked.length === 0 ? (
          <EmptyState title="Nothing to do right now">
            When a colleague asks for your feedback, the invitation arrives by e-mail with a personal link. Your answers are only ever shown
            combined with others&apos;, never with your name.
          </EmptyState>
        ) : null}
      </div>
    </>
  );
}

async function HrOverview({ viewer }: { viewer: HrViewer }) {
  const [counts, cycles] = await Promise.all([organisationCounts(viewer), listOrganisationCycles(viewer)]);
  const open = cycles.filter(isCycleRunning);
  // Only cycles whose totals may be shown (two closed requests and k responses at least) are added up.
  const shownOpen = open.flatMap((c) => (c.completion.shown ? [c.completion] : []));
  const responded = shownOpen.reduce((a, c) => a + c.responded, 0);
  const invited = shownOpen.reduce((a, c) => a + c.invited, 0);
  const completionHint =
    shownOpen.length < open.length
      ? "Raters who have answered, in cycles with enough answers to count (self-assessments not counted)"
      : "Invited raters who have answered (self-assessments not counted)";
  return (
    <section aria-labelledby="org-heading" className="space-y-4">
      <h2 id="org-heading" className="text-lg font-semibold">
        Organisation
      </h2>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat label="People in the directory" value={counts.people} hint={plural(counts.teams, "team")} />
        <Stat label="Open cycles" value={open.length} />
        <Stat
          label="Responses in open cycles"
          value={shownOpen.length ? `${responded} of ${invited}` : "Not shown yet"}
          hint={completionHint}
        />
      </dl>
      {open.length > 0 ? (
        <ul className="space-y-2">
          {open.map((c) => (
            <li key={c.id}>
              <Card className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-semibold">{c.name}</p>
                  <p className="text-sm text-slate-600">
                    {sentenceCase(closingText(c.closesAt, false))} · {plural(c.requests, "feedback request")} ·{" "}
                    {c.completion.shown
                      ? completionFigure(c.completion)
                      : `${plural(c.completion.invited, "rater")} invited; answers are counted once people's requests close`}
                  </p>
                </div>
                <CycleStatusBadge status={c.status} />
              </Card>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No cycle is open">Cycles you run for the organisation will appear here.</EmptyState>
      )}
      <p>
        <Link href="/cycles" className="font-semibold text-accent-700 underline">
          All cycles
        </Link>
      </p>
    </section>
  );
}

function Approvals({ approvals }: { approvals: Awaited<ReturnType<typeof listApprovals>> }) {
  return (
    <section aria-labelledby="approvals-heading" className="space-y-3">
      <h2 id="approvals-heading" className="text-lg font-semibold">
        Waiting for your approval
      </h2>
      <ul className="space-y-2">
        {approvals.map((a) => (
          <li key={a.id}>
            <Card className="flex flex-wrap items-center justify-between gap-2">
              <p>
                <span className="font-semibold">{a.subjectName}</span>{" "}
                <span className="text-sm text-slate-600">has chosen raters · {a.cycleName}</span>
              </p>
              <ButtonLink href={`/requests/${a.id}`} aria-label={`Review ${a.subjectName}'s raters`}>
                Review raters
              </ButtonLink>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Open invitations addressed to the viewer. Each card is the same whether or not they have answered
 * (nothing records which); the survey opens from a fresh link sent to their e-mail.
 */
function AskedOfYouList({ asked }: { asked: AskedOfYou[] }) {
  return (
    <section aria-labelledby="asked-heading" className="space-y-3">
      <h2 id="asked-heading" className="text-lg font-semibold">
        Feedback asked of you
      </h2>
      <ul className="grid gap-3 lg:grid-cols-2">
        {asked.map((a) => (
          <li key={a.invitationId}>
            <Card className="space-y-3">
              <div>
                <h3 className="font-semibold">{a.subjectName}</h3>
                <p className="text-sm text-slate-600">
                  {a.cycleName} · invited {a.relation} · closes {formatDate(a.closesAt)}
                </p>
              </div>
              <p className="text-sm text-slate-700">
                The survey opens from a link we e-mail to you at <span className="font-medium [overflow-wrap:anywhere]">{a.mailbox}</span>.
                If you have answered already, the same link lets you change your answers until it closes.
              </p>
              <EmailMyLinkButton invitationId={a.invitationId} subjectName={a.subjectName} mailbox={a.mailbox} />
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RequestCard({ request, showSubject }: { request: RequestSummary; showSubject: boolean }) {
  const title = showSubject ? request.subject.name : request.cycle.name;
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 className="font-semibold">
            <Link href={`/requests/${request.id}`} className="text-accent-800 underline-offset-2 hover:underline">
              {title}
            </Link>
          </h3>
          <p className="text-sm text-slate-600">
            {showSubject ? `${request.cycle.name} · ` : ""}
            {sentenceCase(closingText(request.cycle.closesAt, isRequestFinal(request)))}
          </p>
        </div>
        <RequestStatusBadge status={request.status} />
      </div>
      <div className="mt-4">
        <GroupProgressList progress={request.progress} final={isRequestFinal(request)} />
      </div>
      {request.reportReadable ? (
        <div className="mt-4">
          <ButtonLink
            href={`/reports/${request.id}`}
            aria-label={`Read ${showSubject ? `${request.subject.name}'s` : "your"} ${request.cycle.name} report`}
          >
            Read the report
          </ButtonLink>
        </div>
      ) : null}
    </Card>
  );
}

function OwnFeedback({
  requests,
  startable,
  canStartPersonal,
}: {
  requests: RequestSummary[];
  startable: StartableCycle[];
  canStartPersonal: boolean;
}) {
  return (
    <section aria-labelledby="own-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="own-heading" className="text-lg font-semibold">
          Your feedback
        </h2>
        {canStartPersonal ? (
          <ButtonLink href="/requests/new" variant="secondary">
            Ask for feedback on your own
          </ButtonLink>
        ) : null}
      </div>
      {startable.map((c) => (
        <Card key={c.id} className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <p className="font-semibold">{c.name}</p>
            <p className="text-sm text-slate-600">You are part of this cycle. It closes {formatDate(c.closesAt)}.</p>
          </div>
          <StartRequestButton cycleId={c.id} cycleName={c.name} />
        </Card>
      ))}
      {requests.length === 0 && startable.length === 0 ? (
        <EmptyState title="You have not asked for feedback yet">
          When HR starts a cycle that includes you, your feedback request appears here.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2">
          {requests.map((r) => (
            <li key={r.id}>
              <RequestCard request={r} showSubject={false} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamFeedback({ requests }: { requests: RequestSummary[] }) {
  return (
    <section aria-labelledby="team-heading" className="space-y-3">
      <h2 id="team-heading" className="text-lg font-semibold">
        Your direct reports&apos; feedback
      </h2>
      {requests.length === 0 ? (
        <EmptyState title="None of your direct reports has a feedback request in a running cycle" />
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2">
          {requests.map((r) => (
            <li key={r.id}>
              <RequestCard request={r} showSubject />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
