import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { Card, Notice, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { formatDate, sentenceCase } from "@/lib/format";
import { getPulsePage } from "@/lib/pulse/page-data";
import { MAX_PULSE_DAYS } from "@/lib/pulse/rules";
import { changeWords, type PulseItemResult } from "@/lib/report/pulse";
import { PulseChangeChart } from "@/app/_components/report/pulse-change";
import { CHANGE_SCALE } from "@/lib/pulse/questionnaire";
import { StartPulseForm } from "./start-pulse-form";

const CHANGE_RANGE = { min: CHANGE_SCALE[0]!.value, max: CHANGE_SCALE[CHANGE_SCALE.length - 1]!.value };

export const metadata: Metadata = { title: "Follow-up pulse" };

const linkClass = "font-semibold text-accent-700 underline";

function FocusList({ items }: { items: string[] }) {
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

function Result({ item }: { item: PulseItemResult }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold">
        {item.title}: {item.poleLabel.toLowerCase()}
      </h2>
      <p className="mt-1 text-sm text-slate-600">The statement rated: {sentenceCase(item.itemText)}.</p>
      <PulseChangeChart item={item} scale={CHANGE_RANGE} />
      <ul className="mt-4 space-y-3">
        {item.rows.map((row) => (
          <li key={row.group} className="rounded-md border border-slate-200 p-3">
            <p className="font-semibold">{row.label}</p>
            {row.shown ? (
              <dl className="mt-1 grid gap-1 text-sm sm:grid-cols-2">
                <div>
                  <dt className="text-slate-600">In the report</dt>
                  <dd>
                    {row.before.mean.toFixed(1)} out of 5 (n = {row.before.n})
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Change since the report</dt>
                  <dd>
                    {changeWords(row.change.mean)}: {row.change.mean.toFixed(1)} on the change scale, where 3 is about the same (n ={" "}
                    {row.change.n})
                  </dd>
                </div>
              </dl>
            ) : (
              <p className="mt-1 text-sm text-slate-700">{row.reason}</p>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm text-slate-600">
        {item.agreement
          ? `Agreement in the pulse: ${item.agreement}.`
          : "Agreement in the pulse is not shown: it needs at least twice the threshold of raters."}
      </p>
    </Card>
  );
}

export default async function PulsePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const page = await loadOr404(getPulsePage(viewer, id));
  const s = page.state;
  const back = (
    <p className="mt-8 text-sm text-slate-600">
      <Link href={`/reports/${page.requestId}`} className={linkClass}>
        Back to the report
      </Link>
    </p>
  );
  const header = (
    <PageHeader
      title="Your follow-up pulse"
      description={`A few questions on your focus areas from ${page.cycleName}, to see whether your raters have noticed a change.`}
    />
  );

  if (s.state === "released") {
    return (
      <>
        {header}
        <div className="max-w-3xl space-y-4">
          <Notice title={`Released ${formatDate(s.releasedAt)}`}>
            Each change is shown only for groups shown in both the report and the pulse, each with its own number of raters (n). Groups
            shown with at least {s.threshold} raters; where one side is not shown, no number is given. The pulse has no report of its own:
            read alone, it could show a group the original report did not.
          </Notice>
          {s.results.map((item) => (
            <Result key={item.itemKey} item={item} />
          ))}
        </div>
        {back}
      </>
    );
  }

  return (
    <>
      {header}
      <Card className="max-w-2xl space-y-4">
        {s.state === "not_released" ? (
          <p>A pulse can follow up a report once it has been released.</p>
        ) : s.state === "not_pulse_source" ? (
          <p>This is a pulse already: a pulse follows up a full report.</p>
        ) : s.state === "no_focus" ? (
          <p>A pulse asks only about your focus areas, and this report has none yet. Choose one to three in your development plan first.</p>
        ) : s.state === "too_early" ? (
          <>
            <p>
              You can start a pulse of this report from {formatDate(s.availableOn)}: change takes time to show. We will e-mail you then.
            </p>
            <div>
              <h2 className="font-semibold">It will ask about</h2>
              <FocusList items={s.focus.map(page.label)} />
            </div>
          </>
        ) : s.state === "other_open" ? (
          <p>
            You already have feedback open in {s.cycleName}. One feedback request runs at a time, so that two reports over the same raters
            can never be compared to single someone out: start the pulse once that one has closed.
          </p>
        ) : s.state === "running" ? (
          <>
            <p>
              Your pulse is under way and closes {formatDate(s.closesAt)}. Its result appears here once it has closed: there are no live
              results.
            </p>
            <p>
              <Link href={`/requests/${s.pulseRequestId}`} className={linkClass}>
                Raters and progress
              </Link>
            </p>
          </>
        ) : (
          <>
            <div>
              <h2 className="font-semibold">Your raters will be asked about</h2>
              <FocusList items={s.focus.map(page.label)} />
              <p className="mt-2 text-sm text-slate-700">
                For each, compared with {s.since}: more often, about the same or less often. It takes a few minutes, with one optional
                question in their own words.
              </p>
            </div>
            <p className="text-sm text-slate-700">
              The report&apos;s raters are added to the list for you to check before anyone is invited: keep them, remove some or add
              others. The same anonymity rules apply as for the report, and a group is compared only where both the report and the pulse
              show it.
            </p>
            <p className="text-sm text-slate-700">
              Who sees what: the raters you invite see the areas above, as they answer. HR and your line manager see only that you have
              personal feedback running, as for any request of your own, and never its questions or its result.
            </p>
            <StartPulseForm requestId={page.requestId} maxDays={MAX_PULSE_DAYS} />
          </>
        )}
      </Card>
      {back}
    </>
  );
}
