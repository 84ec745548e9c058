import type { ReportGroup, ReportInput, ReportSnapshot, StoredGroup } from "@/lib/report/types";

/**
 * An independent check of a report snapshot against the answers it was built from. For each item
 * it works out which raters stand behind every published number (from the rules' meaning, not from
 * the implementation's bookkeeping), checks the numbers are what those raters gave, then asks the
 * attacker's question: can any combination of published sums isolate the answers of a set of
 * fewer than k anonymous raters? Published sums are linear in the raters' scores, so a set S is
 * recoverable exactly when its indicator vector lies in the span of the published sets (after
 * removing attributed raters, whose answers are shown anyway). We brute-force every small S.
 */

export interface Leak {
  itemKey: string;
  raters: number[];
  message: string;
}

export function auditSnapshot(input: ReportInput, snapshot: ReportSnapshot): Leak[] {
  // The auditor's own reading of who is attributed (not the implementation's): self, and a
  // manager when exactly one manager responded.
  const managers = input.responses.filter((r) => r.group === "manager").length;
  const isAttributed = (group: StoredGroup) => group === "self" || (group === "manager" && managers === 1);
  const k = input.threshold;
  const leaks: Leak[] = [];
  const othersMembers = new Map<string, number[]>();

  for (const item of snapshot.items) {
    const answered = input.responses
      .map((r, index) => ({ index, group: r.group, score: r.answers[item.key] }))
      .filter((r): r is { index: number; group: StoredGroup; score: number } => r.score !== null && r.score !== undefined);
    const statusOf = (g: ReportGroup) => item.cells.find((c) => c.group === g)?.status;

    // Who is behind each published cell, by the rules' meaning.
    const members = (g: ReportGroup): number[] => {
      if (g === "others") {
        return answered
          .filter(
            (r) =>
              r.group !== "self" &&
              (statusOf(r.group) === "shown" ||
                (statusOf("pooled") === "shown" && (statusOf(r.group) === "pooled" || r.group === "pooled"))),
          )
          .map((r) => r.index);
      }
      if (g === "pooled") {
        return answered.filter((r) => r.group === "pooled" || statusOf(r.group) === "pooled").map((r) => r.index);
      }
      return answered.filter((r) => r.group === g).map((r) => r.index);
    };

    const rows: number[][] = [];
    for (const cell of item.cells) {
      if (cell.status !== "shown") continue;
      const set = members(cell.group);
      const sum = set.reduce((a, i) => a + input.responses[i]!.answers[item.key]!, 0);
      if (set.length !== cell.n || Math.abs(Math.round((sum / set.length) * 100) / 100 - cell.mean!) > 1e-9) {
        leaks.push({
          itemKey: item.key,
          raters: set,
          message: `cell ${cell.group} does not match its raters (n ${cell.n} vs ${set.length})`,
        });
      }
      const anonymousInCell = set.filter((i) => !isAttributed(input.responses[i]!.group)).length;
      if (anonymousInCell > 0 && anonymousInCell < k) {
        leaks.push({ itemKey: item.key, raters: set, message: `cell ${cell.group} is published with fewer than ${k} anonymous raters` });
      }
      rows.push(set);
    }

    othersMembers.set(item.key, item.cells.some((c) => c.group === "others" && c.status === "shown") ? members("others") : []);
    const anonymous = answered.filter((r) => !isAttributed(r.group)).map((r) => r.index);
    if (anonymous.length === 0) continue;
    // Attributed raters' scores are public: drop their coordinates.
    const basis = span(rows.map((set) => anonymous.map((i) => (set.includes(i) ? 1 : 0))));
    for (const subset of subsetsSmallerThan(anonymous.length, k)) {
      const target = anonymous.map((_, j) => (subset.includes(j) ? 1 : 0));
      if (inSpan(basis, target)) {
        leaks.push({
          itemKey: item.key,
          raters: subset.map((j) => anonymous[j]!),
          message: `the published numbers for ${item.key} isolate ${subset.length} anonymous rater(s) (k = ${k})`,
        });
        break;
      }
    }
  }

  // Agreement is a band, not a sum: it must stand on published "others" raters, on items where
  // they are at least 2k, be the band of their average spread, and never narrow an item's
  // possible scores to a single set that its mean alone leaves open.
  for (const a of snapshot.agreement) {
    const items = snapshot.items.filter((i) => i.dimensionKey === a.dimensionKey);
    const usable = items
      .map((i) => (othersMembers.get(i.key) ?? []).map((r) => input.responses[r]!.answers[i.key]!))
      .filter((s) => s.length >= 2 * k);
    const sd = (xs: number[]) => {
      const m = xs.reduce((x, y) => x + y, 0) / xs.length;
      return Math.sqrt(xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1));
    };
    const band = (spread: number) => (spread < 0.75 ? "agree" : spread < 1.25 ? "mixed" : "disagree");
    const spread = usable.length ? usable.reduce((x, s) => x + sd(s), 0) / usable.length : null;
    if (spread === null || band(spread) !== a.level || a.n < 2 * k || a.spread !== undefined) {
      leaks.push({
        itemKey: a.dimensionKey,
        raters: [],
        message: `agreement for ${a.dimensionKey} is not built from published raters only`,
      });
      continue;
    }
    // Every multiset of scores each item could have, from its n and sum alone.
    const options = usable.map((s) =>
      multisets(
        s.length,
        s.reduce((x, y) => x + y, 0),
        Math.min(...input.questionnaire.scale.map((p) => p.value)),
        Math.max(...input.questionnaire.scale.map((p) => p.value)),
      ).map(sd),
    );
    options.forEach((mine, i) => {
      if (mine.length < 2) return;
      const rest = options.filter((_, j) => j !== i);
      const fits = mine.filter((x) => {
        const sums = rest.reduce<number[]>((acc, o) => acc.flatMap((s) => o.map((y) => s + y)), [0]);
        return sums.some((r) => band((x + r) / usable.length) === a.level);
      });
      if (fits.length === 1) {
        leaks.push({ itemKey: a.dimensionKey, raters: [], message: `agreement for ${a.dimensionKey} pins the scores behind an item` });
      }
    });
  }
  return leaks;
}

/** Row-reduced basis (floating point is exact enough for 0/±1 matrices of this size). */
function span(rows: number[][]): number[][] {
  const basis: number[][] = [];
  for (const row of rows) {
    const v = reduce(basis, row);
    const pivot = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot === -1) continue;
    const scaled = v.map((x) => x / v[pivot]!);
    for (const b of basis) {
      const f = b[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < b.length; j++) b[j]! -= f * scaled[j]!;
    }
    basis.push(scaled);
  }
  return basis;
}

function reduce(basis: number[][], row: number[]): number[] {
  const v = [...row];
  for (const b of basis) {
    const pivot = b.findIndex((x) => Math.abs(x) > 1e-9);
    const f = v[pivot]!;
    if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) v[j]! -= f * b[j]!;
  }
  return v;
}

function inSpan(basis: number[][], target: number[]): boolean {
  return reduce(basis, target).every((x) => Math.abs(x) < 1e-9);
}

/** Every non-empty subset of {0..n-1} with fewer than k members. */
function* subsetsSmallerThan(n: number, k: number): Generator<number[]> {
  const max = Math.min(k - 1, n);
  function* choose(start: number, size: number, acc: number[]): Generator<number[]> {
    if (acc.length === size) {
      yield [...acc];
      return;
    }
    for (let i = start; i < n; i++) {
      acc.push(i);
      yield* choose(i + 1, size, acc);
      acc.pop();
    }
  }
  for (let size = 1; size <= max; size++) yield* choose(0, size, []);
}

/** Every multiset of n scores from low to high (the questionnaire's scale) adding up to sum, as sorted arrays (written out plainly). */
function multisets(n: number, sum: number, low: number, high: number): number[][] {
  if (n === 0) return sum === 0 ? [[]] : [];
  const out: number[][] = [];
  for (let v = low; v <= high; v++) {
    if (v * n > sum) break;
    for (const rest of multisets(n - 1, sum - v, v, high)) out.push([v, ...rest]);
  }
  return out;
}

/**
 * The ledger auditor: every report ever published about one person, taken together. Each
 * response carries the id of the real rater behind it, and a rater is assumed to give the same
 * scores every time (the worst case: it makes their scores one unknown across reports). For each
 * item it collects the set of raters behind every published number of every report, removes the
 * raters whose answers some report shows attributed, and asks whether any combination of all
 * those sums isolates fewer than k anonymous raters.
 */
export interface PublishedReport {
  input: ReportInput;
  snapshot: ReportSnapshot;
  /** raters[i] is the person behind input.responses[i]. */
  raters: string[];
}

export function auditLedger(reports: PublishedReport[]): Leak[] {
  const leaks: Leak[] = [];
  // Each rater keeps the strictest promise made to them so far: raters of a k = 5 report keep
  // their 5 in a later one run at k = 3. So the reports are replayed one release at a time, and a
  // set of raters that a release makes newly isolatable must be at least as large as the promise
  // every one of them had been made by then.
  const promise = new Map<string, number>();
  const itemKeys = new Set(reports.flatMap((r) => r.snapshot.items.map((i) => i.key)));
  const isolated = new Map<string, Set<string>>(); // per item, the small sets isolatable so far
  // Sets are enumerated up to the largest k of all, so "newly isolatable" compares like with like.
  const k = Math.max(...reports.map((x) => x.input.threshold));
  reports.forEach((r, upTo) => {
    for (const id of r.raters) promise.set(id, Math.max(promise.get(id) ?? 0, r.input.threshold));
    const prefix = reports.slice(0, upTo + 1);
    for (const itemKey of itemKeys) {
      const before = isolated.get(itemKey) ?? new Set<string>();
      const now = isolatableSets(prefix, itemKey, k);
      for (const set of now) {
        if (before.has(set)) continue;
        const members = set.split(",");
        if (members.length >= Math.min(...members.map((id) => promise.get(id)!))) continue;
        leaks.push({ itemKey, raters: [], message: `together, the reports isolate ${set} on ${itemKey}` });
      }
      isolated.set(itemKey, now);
    }
  });
  return leaks;
}

/** The sets of fewer than k anonymous raters whose sum these reports' published numbers give. */
function isolatableSets(reports: PublishedReport[], itemKey: string, k: number): Set<string> {
  // Known: raters whose score on this item some report shows attributed (self, a lone manager).
  const known = new Set<string>();
  for (const r of reports) {
    const managers = r.input.responses.filter((x) => x.group === "manager").length;
    const shown = (g: string) => r.snapshot.items.find((i) => i.key === itemKey)?.cells.some((c) => c.group === g && c.status === "shown");
    r.input.responses.forEach((x, i) => {
      const attributed = x.group === "self" || (x.group === "manager" && managers === 1);
      if (attributed && shown(x.group) && x.answers[itemKey] != null) known.add(r.raters[i]!);
    });
  }
  const sets: string[][] = [];
  for (const r of reports) for (const set of publishedSets(r.input, r.snapshot, itemKey)) sets.push(set.map((i) => r.raters[i]!));
  const anonymous = [...new Set(sets.flat())].filter((id) => !known.has(id)).sort();
  const out = new Set<string>();
  if (anonymous.length === 0) return out;
  const basis = span(sets.map((set) => anonymous.map((id) => (set.includes(id) ? 1 : 0))));
  for (const subset of subsetsSmallerThan(anonymous.length, k)) {
    if (
      inSpan(
        basis,
        anonymous.map((_, j) => (subset.includes(j) ? 1 : 0)),
      )
    )
      out.add(subset.map((j) => anonymous[j]).join(","));
  }
  return out;
}

/** The raters (response indexes) behind each shown cell of one item, by the rules' meaning. */
function publishedSets(input: ReportInput, snapshot: ReportSnapshot, itemKey: string): number[][] {
  const item = snapshot.items.find((i) => i.key === itemKey);
  if (!item) return [];
  const answered = input.responses
    .map((r, index) => ({ index, group: r.group, score: r.answers[itemKey] }))
    .filter((r) => r.score !== null && r.score !== undefined);
  const statusOf = (g: ReportGroup) => item.cells.find((c) => c.group === g)?.status;
  const pooled = (g: StoredGroup) => g === "pooled" || statusOf(g) === "pooled";
  return item.cells
    .filter((c) => c.status === "shown")
    .map((c) => {
      if (c.group === "others")
        return answered
          .filter((r) => r.group !== "self" && (statusOf(r.group) === "shown" || (statusOf("pooled") === "shown" && pooled(r.group))))
          .map((r) => r.index);
      if (c.group === "pooled") return answered.filter((r) => pooled(r.group)).map((r) => r.index);
      return answered.filter((r) => r.group === c.group).map((r) => r.index);
    });
}
