import type { Metadata } from "next";
import { GroupProgressList } from "@/app/_components/group-progress";
import { loadOr404 } from "@/app/_components/load";
import { RequestStatusBadge } from "@/app/_components/status";
import { ButtonLink, Card, Notice, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { closingText } from "@/lib/format";
import { getRequestPage } from "@/lib/requests/page-data";
import { approvalNotice } from "@/lib/requests/send-state";
import { ApprovalPanel } from "./approval-panel";
import { NominationsPanel } from "./nominations-panel";
import { RemindButton } from "./remind-button";
import { SendPanel } from "./send-panel";
import { isRequestFinal } from "@/lib/lifecycle";

export const metadata: Metadata = { title: "Feedback request" };

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const page = await loadOr404(getRequestPage(viewer, id));
  const { request, cycle, subject, access } = page;
  const own = access.isSubject;
  const pending = page.nominations.filter((n) => n.state === "not_sent_yet").length;
  const waiting = page.nominations.filter((n) => n.state === "awaiting_approval").length;
  const failed = page.nominations.filter((n) => n.state === "send_failed");
  const short = page.progress.some((p) => p.kind === "anonymous" && !p.enough);
  const final = isRequestFinal(request);
  const approval = approvalNotice(request.status, {
    invited: page.nominations.filter((n) => n.state === "invited" || n.state === "send_failed").length,
    awaitingApproval: waiting,
  });

  return (
    <>
      <PageHeader
        title={own ? "Your feedback request" : `${subject.name}'s feedback request`}
        description={
          <>
            {cycle.name} · {closingText(cycle.closesAt, final)} · anonymity threshold {page.threshold} raters per group
            {page.threshold > cycle.threshold
              ? ` (an earlier report of ${subject.name} promised its raters ${page.threshold}, so this one keeps it)`
              : ""}
          </>
        }
        actions={<RequestStatusBadge status={request.status} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {request.status === "released" ? (
            <Notice tone="success" title="The report is ready">
              <ButtonLink href={`/reports/${request.id}`}>Read the report</ButtonLink>
            </Notice>
          ) : null}
          {own && request.approvalNote && request.status !== "awaiting_approval" ? (
            <Notice tone="warning" title="Your raters were sent back">
              <p className="whitespace-pre-line">{request.approvalNote}</p>
              <p className="mt-1">Change the list below, then send it again.</p>
            </Notice>
          ) : null}
          {approval && own ? <Notice title={approval.title}>{approval.body}</Notice> : null}
          {failed.length > 0 && own ? (
            <Notice tone="danger" title={`${failed.length === 1 ? "One invitation" : `${failed.length} invitations`} could not be sent`}>
              <ul className="list-disc pl-5">
                {failed.map((f) => (
                  <li key={f.invitationId}>
                    {f.name}: {f.sendError}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : null}

          <Card aria-labelledby="raters-heading">
            <h2 id="raters-heading" className="text-lg font-semibold">
              Raters
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {page.editable
                ? "Choose who rates you: your line manager, peers, direct reports, and anyone else by e-mail."
                : "Who was asked for feedback. Whether a particular person answered is never shown."}
            </p>
            <NominationsPanel
              requestId={request.id}
              editable={page.editable}
              removable={page.removable}
              canRevoke={own && page.open}
              nominations={page.nominations}
              suggestions={page.suggestions}
              limits={page.limits}
            />
          </Card>

          {page.editable ? (
            <SendPanel
              requestId={request.id}
              preview={page.preview}
              pending={pending}
              threshold={page.threshold}
              requiresApproval={cycle.requiresApproval}
              hasExternal={page.nominations.some((n) => n.approvalReason !== null && n.state === "not_sent_yet")}
            />
          ) : null}
          {page.earlierOverlap ? (
            <Notice title="Some of these raters rated you before">
              {page.earlierOverlap.shared} of the people nominated here were also asked for your report in {page.earlierOverlap.cycleName}.
              That is fine. But if a group&apos;s answers could be compared with that report to single someone out (say one peer more or
              fewer answers than last time), this report leaves that group out and says why. A few different raters in each group keep it
              shown.
            </Notice>
          ) : null}
          {!own && (access.isLineManager || access.isHr) && page.open ? (
            <ApprovalPanel
              requestId={request.id}
              subjectName={subject.name}
              waiting={request.status === "awaiting_approval" ? waiting : 0}
              round={request.approvalRound}
              preview={page.preview}
            />
          ) : null}
        </div>

        <div className="space-y-6">
          <Card aria-labelledby="progress-heading">
            <h2 id="progress-heading" className="text-lg font-semibold">
              Progress
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Each group shows only whether it has enough answers ({page.threshold} or more) to be shown: nobody sees who has answered, or
              how many so far.
            </p>
            <div className="mt-4">
              <GroupProgressList progress={page.progress} final={final} />
            </div>
            {short && page.editable ? (
              <p className="mt-3 text-sm text-slate-700">
                A group without enough answers is not shown on its own. You can still add raters to it while the request is open.
              </p>
            ) : null}
            {own && page.open && request.status !== "nominating" ? (
              <div className="mt-4">
                <RemindButton requestId={request.id} />
              </div>
            ) : null}
          </Card>
          {own ? (
            <Card aria-labelledby="self-heading">
              <h2 id="self-heading" className="text-lg font-semibold">
                Your self-assessment
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {page.selfDone
                  ? "Done. You can revise it until the feedback closes."
                  : "Rate yourself on the same questions, so your report can show how your view compares with others'."}
              </p>
              {page.open ? (
                <div className="mt-4">
                  <ButtonLink href={`/requests/${request.id}/self`} variant={page.selfDone ? "secondary" : "primary"}>
                    {page.selfDone ? "Revise your self-assessment" : "Start your self-assessment"}
                  </ButtonLink>
                </div>
              ) : null}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
