import type { Pole } from "@/lib/framework";
import {
  commentGroupShown,
  countResponses,
  isAttributed,
  publishItem,
  REPORT_GROUP_LABELS,
  REPORT_GROUP_ORDER,
  type ItemPublication,
} from "./anonymity";
import { agreementFor, findGaps, GAP_RULE } from "./gaps";
import { blocksToWithhold, populationOf, type CandidateBlock } from "./history";
import type { Gap, GroupSummary, ItemReport, ReportComment, ReportInput, ReportSnapshot, StoredGroup } from "./types";

/**
 * Turn a subject's (unlinked) responses into the report snapshot: everything any page, export or
 * API will ever show, and nothing more. Runs once, at release; the result is stored and never
 * recomputed. `shuffle` orders comments randomly per report (tests pass a deterministic one).
 */
export function buildReport(input: ReportInput, shuffle: <T>(items: T[]) => T[] = cryptoShuffle): ReportSnapshot {
  const q = input.questionnaire;
  const counts = countResponses(input.responses);
  const k = input.threshold;

  const allItems = [
    ...q.items.map((i) => ({ key: i.key, dimensionKey: i.dimensionKey as string | null, pole: i.pole as Pole | null, text: i.text })),
    ...q.customItems.map((i) => ({ key: i.key, dimensionKey: null, pole: null, text: i.text })),
  ];
  const publications = new Map<string, ItemPublication>();
  const history = input.history;
  const items: ItemReport[] = allItems.map((item) => {
    let pub = publishItem(input.responses, item.key, k, counts);
    if (history && history.earlier.length > 0) {
      const shown = new Set(pub.published.filter((b) => b.group !== "others" && b.group !== "pooled").map((b) => b.group as StoredGroup));
      const candidates: CandidateBlock[] = pub.published
        .filter((b) => b.group !== "others" && b.group !== "self")
        .map((b) => ({
          group: b.group,
          n: b.n,
          population: populationOf(b.group, shown, history.populations),
          attributed: b.group !== "pooled" && isAttributed(b.group as StoredGroup, counts),
        }));
      const withheld = blocksToWithhold(candidates, history.earlier, item.key, k);
      if (withheld.size > 0) pub = publishItem(input.responses, item.key, k, counts, withheld);
    }
    publications.set(item.key, pub);
    return { ...item, cells: pub.cells };
  });

  const groups: GroupSummary[] = REPORT_GROUP_ORDER.filter((g) => g !== "others" && (counts[g as StoredGroup] ?? 0) > 0).map((g) => {
    const group = g as StoredGroup;
    const responses = counts[group]!;
    const attributed = isAttributed(group, counts);
    const shown = items.some((i) => i.cells.some((c) => c.group === group && c.status === "shown"));
    return {
      group,
      label: REPORT_GROUP_LABELS[group],
      responses,
      anonymous: !attributed,
      shown,
      note: attributed
        ? group === "self"
          ? "The person's own view (not anonymous)."
          : "One line manager answered: shown with their role, not anonymously."
        : group === "pooled"
          ? `Small groups (fewer than ${k} responses each) are only ever shown pooled together, and only where the pool reaches ${k}.`
          : shown
            ? `Shown where at least ${k} of them gave a score.`
            : `Fewer than ${k} answered, so this group is not shown on its own.`,
    };
  });

  const label = (itemKey: string) => {
    const item = q.items.find((i) => i.key === itemKey);
    if (!item) return q.customItems.find((i) => i.key === itemKey)?.text ?? itemKey;
    const d = q.dimensions.find((x) => x.key === item.dimensionKey)!;
    return `${d.title}: ${d.poles[item.pole].label.toLowerCase()}`;
  };
  const cellOf = (itemKey: string, group: string) =>
    publications.get(itemKey)!.cells.find((c) => c.group === group && c.status === "shown");
  const agreement = q.dimensions.flatMap((d) => {
    const perItem = q.items.filter((i) => i.dimensionKey === d.key).map((i) => publications.get(i.key)!.othersScores);
    const a = agreementFor(d.key, perItem, k);
    return a ? [a] : [];
  });
  const disagree = new Set(agreement.filter((a) => a.level === "disagree").map((a) => a.dimensionKey));
  const gapInputs = allItems.map((item) => {
    const self = cellOf(item.key, "self");
    const others = cellOf(item.key, "others");
    return {
      itemKey: item.key,
      dimensionKey: item.dimensionKey,
      pole: item.pole,
      label: label(item.key),
      self: self?.mean ?? null,
      others: others?.mean ?? null,
      othersN: others?.n ?? 0,
      disagree: item.dimensionKey !== null && disagree.has(item.dimensionKey),
    };
  });
  const gaps = findGaps(gapInputs);
  const ranked = gapInputs
    .filter((g) => g.others !== null)
    .map((g) => ({
      itemKey: g.itemKey,
      dimensionKey: g.dimensionKey,
      pole: g.pole,
      label: g.label,
      self: g.self ?? NaN,
      others: g.others!,
      othersN: g.othersN,
      gap: g.self === null ? NaN : round((g.self ?? 0) - g.others!),
    }))
    .sort((a, b) => b.others - a.others);
  const highest = ranked.slice(0, 3);
  const lowest = ranked
    .slice(-3)
    .reverse()
    .filter((g) => !highest.includes(g));

  const topics = [
    ...q.dimensions.map((d) => ({ topic: d.key, title: d.title })),
    ...q.openQuestions.map((o) => ({ topic: o.key, title: o.text })),
  ];
  const comments = topics.map(({ topic, title }) => {
    const entries: ReportComment[] = input.comments
      .filter((c) => c.topic === topic && commentGroupShown(c.group, counts, input.commentThreshold) && c.body.trim())
      .map((c) => ({
        groupLabel: c.group === "manager" && isAttributed("manager", counts) ? "Line manager" : commentLabel(c.group),
        body: c.body.trim(),
      }));
    return { topic, title, entries: shuffle(entries) };
  });
  const hiddenCommentGroups = (Object.keys(counts) as StoredGroup[]).filter((g) => !commentGroupShown(g, counts, input.commentThreshold));

  const leadershipWeakest = q.dimensions
    .map((d) => {
      const itemKey = `${d.key}.leadership`;
      const others = cellOf(itemKey, "others")?.mean ?? null;
      const self = cellOf(itemKey, "self")?.mean ?? null;
      return { d, score: others ?? self, others };
    })
    .filter((x) => x.score !== null)
    .sort((a, b) => a.score! - b.score!)
    .slice(0, 2);

  return {
    version: 1,
    subjectName: input.subjectName,
    cycleName: input.cycleName,
    threshold: k,
    commentThreshold: input.commentThreshold,
    dimensions: q.dimensions.map((d) => ({
      key: d.key,
      number: d.number,
      title: d.title,
      summary: d.summary,
      poles: {
        leadership: {
          label: d.poles.leadership.label,
          itemKey: `${d.key}.leadership`,
          itemText: q.items.find((i) => i.key === `${d.key}.leadership`)!.text,
        },
        management: {
          label: d.poles.management.label,
          itemKey: `${d.key}.management`,
          itemText: q.items.find((i) => i.key === `${d.key}.management`)!.text,
        },
      },
    })),
    groups,
    items,
    customItemKeys: q.customItems.map((i) => i.key),
    summary: summarise(input.subjectName, ranked, gaps, groups),
    gaps: { ...gaps, rule: GAP_RULE },
    highest,
    lowest,
    agreement,
    comments,
    commentsNote:
      hiddenCommentGroups.length > 0
        ? `Comments are shown only for groups with at least ${input.commentThreshold} responses; comments from smaller groups are left out, not pooled.`
        : "Comments appear in a random order, without names, grouped by topic.",
    growth: leadershipWeakest.map(({ d, others }) => ({
      dimensionKey: d.key,
      title: d.title,
      poleLabel: d.poles.leadership.label,
      others,
      tips: d.growthTips,
    })),
  };
}

const COMMENT_LABELS: Record<StoredGroup, string> = {
  self: "Self",
  manager: "Manager",
  peer: "Peer",
  direct_report: "Direct report",
  other: "Other rater",
  pooled: "Other rater",
};

function commentLabel(group: StoredGroup): string {
  return COMMENT_LABELS[group];
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}

function summarise(
  subjectName: string,
  ranked: Gap[],
  gaps: { blindSpots: Gap[]; hiddenStrengths: Gap[] },
  groups: GroupSummary[],
): string[] {
  const first = subjectName.split(" ")[0];
  if (ranked.length === 0) {
    return groups.some((g) => g.group !== "self")
      ? ["Not enough raters answered for others' views to be shown. Only your own view appears below."]
      : ["Nobody but you answered, so this report shows your own view only."];
  }
  const lines: string[] = [];
  const top = ranked.slice(0, 2).map((g) => `${g.label} (${g.others.toFixed(1)} of 5)`);
  lines.push(`Others see ${first} most strongly in ${top.join(" and ")}.`);
  const low = ranked.slice(-1)[0]!;
  if (!ranked.slice(0, 2).includes(low)) lines.push(`The lowest-rated area is ${low.label} (${low.others.toFixed(1)} of 5).`);
  if (gaps.blindSpots.length) {
    lines.push(
      `Possible blind spots, where ${first} rates themselves well above others: ${gaps.blindSpots.map((g) => g.label).join("; ")}.`,
    );
  }
  if (gaps.hiddenStrengths.length) {
    lines.push(`Hidden strengths, where others see more than ${first} does: ${gaps.hiddenStrengths.map((g) => g.label).join("; ")}.`);
  }
  if (!gaps.blindSpots.length && !gaps.hiddenStrengths.length) {
    lines.push(`${first}'s own view and others' views are close: no gap stands out beyond the normal spread of ratings.`);
  }
  return lines;
}

/** Fisher-Yates with crypto randomness: comment order must not be predictable from submission order. */
export function cryptoShuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
