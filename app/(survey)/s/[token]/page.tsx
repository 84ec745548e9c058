import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { DisclosurePanel } from "@/app/_components/survey/disclosure-panel";
import { Button, Card } from "@/app/_components/ui";
import { GROUP_LABELS } from "@/lib/report/groups";
import { formatDate } from "@/lib/format";
import { getSurveyLink } from "@/lib/surveys/queries";
import { openSurveyAction } from "@/lib/surveys/actions";

export const metadata: Metadata = { title: "Give feedback" };

/**
 * The e-mailed link. Viewing it changes nothing (mail scanners open links); only the "Start"
 * button exchanges the token for a survey session and moves to a URL without the token.
 */
export default async function SurveyLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await getSurveyLink(token);
  // Unknown, replaced and revoked links look the same (404); a closed one says so (410).
  if (found.status === "closed") redirect("/link/closed");
  if (found.status !== "valid") notFound();
  const link = found.link;

  async function start(formData: unknown) {
    "use server";
    // Anyone can post anything to an action: take only a string token from a real form.
    const submitted = formData instanceof FormData ? formData.get("token") : null;
    const token = typeof submitted === "string" ? submitted : "";
    const result = await openSurveyAction({ token });
    // Only reached when starting failed: too many attempts, or the link stopped working meanwhile.
    if (!result.ok && result.error.startsWith("Too many")) redirect("/link/busy");
    redirect(token ? `/s/${encodeURIComponent(token)}` : "/link/invalid");
  }

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Feedback for {link.subjectName}</h1>
        <p className="mt-1 text-slate-600">{link.organisationName}</p>
      </div>
      <Card>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-600">You are rating as</dt>
            <dd className="font-semibold">{GROUP_LABELS[link.group].one}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">Open until</dt>
            <dd className="font-semibold">{formatDate(link.closesAt)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">Takes about</dt>
            <dd className="font-semibold">10 minutes</dd>
          </div>
        </dl>
        <p className="mt-4 text-slate-700">
          Sixteen short questions on how {link.subjectName} leads and how they manage, an optional comment on each area, and two open
          questions. Your answers save as you go, so you can stop and come back with the same link on any device.
        </p>
      </Card>
      <DisclosurePanel
        group={link.group}
        threshold={link.threshold}
        commentThreshold={link.commentThreshold}
        subjectName={link.subjectName}
      />
      <form action={start}>
        <input type="hidden" name="token" value={token} />
        <Button type="submit" className="w-full sm:w-auto">
          Start
        </Button>
      </form>
      <p className="text-sm text-slate-600">You can also decline on the next page.</p>
    </div>
  );
}
