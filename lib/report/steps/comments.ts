import { commentGroupShown, isAttributed, type GroupCounts } from "../anonymity";
import { commentLabel, REPORT_GROUP_LABELS } from "../groups";
import type { ReportComment, ReportInput, ReportSnapshot, StoredGroup } from "../types";

/**
 * Step 4, the comments: per topic (each difference, then the open questions), only from groups
 * with at least k_c responses (or attributed), labelled by group and never by rater, in an order
 * that says nothing about who wrote first.
 */
export function reportComments(
  input: ReportInput,
  counts: GroupCounts,
  shuffle: <T>(items: T[]) => T[],
): Pick<ReportSnapshot, "comments" | "commentsNote"> {
  const q = input.questionnaire;
  const topics = [
    // A pulse asks no comment per difference, only its open question (lib/pulse/questionnaire.ts).
    ...(q.pulse ? [] : q.dimensions).map((d) => ({ topic: d.key, title: d.title })),
    ...q.openQuestions.map((o) => ({ topic: o.key, title: o.text })),
  ];
  const comments = topics.map(({ topic, title }) => {
    const entries: ReportComment[] = input.comments
      .filter((c) => c.topic === topic && commentGroupShown(c.group, counts, input.commentThreshold) && c.body.trim())
      .map((c) => ({
        // An attributed group (self, a single line manager) is named by its role, the rest by their group.
        groupLabel: c.group !== "pooled" && isAttributed(c.group, counts) ? REPORT_GROUP_LABELS[c.group] : commentLabel(c.group),
        body: c.body.trim(),
      }));
    return { topic, title, entries: shuffle(entries) };
  });
  const hiddenCommentGroups = (Object.keys(counts) as StoredGroup[]).filter((g) => !commentGroupShown(g, counts, input.commentThreshold));
  return {
    comments,
    commentsNote:
      hiddenCommentGroups.length > 0
        ? `Comments are shown only for groups with at least ${input.commentThreshold} responses; comments from smaller groups are left out, not pooled.`
        : "Comments appear in a random order, without names, grouped by topic.",
  };
}
