import { MAYBE_ANONYMOUS_GROUPS } from "./groups";
import type { ReportGroup, ReportSnapshot, StoredGroup } from "./types";

/**
 * The disclosure rule across releases. One report on its own isolates no set of fewer than k
 * anonymous raters (anonymity.ts). Two reports of the same person can: raters A, B, C in one and
 * A, B, C, D in the next give D = 4 x mean(next) - 3 x mean(first) whenever A-C answer alike, and
 * four reports with three of the same four peers give every peer. So before a report is published,
 * its anonymous blocks are checked together with every block the person's earlier reports
 * published (the ledger: frozen snapshots plus who was invited to each), and a block that would let
 * the two be combined to single anyone out is not published.
 *
 * The check assumes the worst on every side:
 *   - a rater gives the same scores every time (so their scores are one unknown across reports);
 *   - the reader knows who was invited and may know who answered and who chose "not observed":
 *     every way of choosing n scorers out of a block's population is tried;
 *   - a rater shown attributed anywhere (a single line manager, self) is known to the reader: when
 *     several were invited and one answered, each of them is tried as the one who did.
 * A block is published only when, for every such choice, no combination of published sums is
 * the sum of a set of fewer than k unknown raters. When the choices are too many to try, blocks
 * that share raters with earlier reports are not published at all (safe, and rare: it needs many
 * overlapping reports with many "not observed" answers).
 */

/** Who could be behind one published anonymous number, and how many gave a score. */
export interface PublishedBlock {
  /** Keys of everyone invited in the groups behind it (a superset of who scored). */
  population: readonly string[];
  n: number;
  /** Published with its role (a single line manager): its scorer's answers are known outright. */
  attributed?: boolean;
}

/** What an earlier release of the same person published, as the ledger reads it. */
export interface ReleaseRecord {
  requestId: string;
  /** The k its raters were promised: a later report may not isolate fewer than this of them. */
  threshold: number;
  /** Per item: the blocks it published there, attributed ones (a single line manager) marked. */
  items: Record<string, { blocks: PublishedBlock[] }>;
}

/** Who was invited, per rater group, in one request: keys of the person (lib/reports/release.ts). */
export type Populations = Partial<Record<StoredGroup, readonly string[]>>;

/**
 * Candidate blocks of the report being released, by the column that would publish them. An
 * attributed one (a single line manager) publishes its rater's scores outright: it makes them
 * known, which can open up an earlier report's anonymous block they were part of.
 */
export interface CandidateBlock extends PublishedBlock {
  group: ReportGroup;
}

/**
 * The population of a published column of an item: its group's invitees, or for the pool every
 * invitee of an anonymous group that is not shown on its own for this item (after close small
 * groups are relabelled, so which of them are in the pool is not recorded: a superset is safe).
 */
export function populationOf(group: ReportGroup, shownGroups: ReadonlySet<StoredGroup>, populations: Populations): string[] {
  if (group !== "pooled") return [...(populations[group as StoredGroup] ?? [])];
  const keys = new Set<string>();
  for (const g of MAYBE_ANONYMOUS_GROUPS) if (!shownGroups.has(g)) for (const key of populations[g] ?? []) keys.add(key);
  return [...keys];
}

/** The ledger entry of a released snapshot: the blocks it published, attributed ones marked. */
export function releaseRecord(requestId: string, snapshot: ReportSnapshot, populations: Populations): ReleaseRecord {
  const attributed = new Set(snapshot.groups.filter((g) => !g.anonymous).map((g) => g.group));
  const items: ReleaseRecord["items"] = {};
  for (const item of snapshot.items) {
    const shownCells = item.cells.filter((c) => c.status === "shown" && c.group !== "others");
    const shown = new Set(shownCells.map((c) => c.group as StoredGroup));
    items[item.key] = {
      // Self is the subject, who is in no one else's population: nothing to combine.
      blocks: shownCells
        .filter((c) => c.group !== "self")
        .map((c) => ({ population: populationOf(c.group, shown, populations), n: c.n!, attributed: attributed.has(c.group) })),
    };
  }
  return { requestId, threshold: snapshot.threshold, items };
}

/**
 * The k a new report runs at: its cycle's, or the largest any of the person's earlier reports
 * promised, whichever is larger. Raters of an earlier report at k = 4 who answer again under a cycle
 * at 3 would otherwise be shown as a group of three, and since the check assumes they score the same
 * every time, that group of three is their earlier answers too. This holds for the whole report (its
 * own groups, the pool, agreement), not only for blocks that share raters with earlier published
 * ones: an earlier report that withheld everything still promised its k.
 */
export function promisedThreshold(threshold: number, earlier: readonly ReleaseRecord[]): number {
  return Math.max(threshold, ...earlier.map((r) => r.threshold));
}

export type Verdict = "safe" | "leak" | "undecided";

/** Assignments of scorers tried per item before giving up (and publishing nothing that overlaps). */
export const SCORER_CHOICES_BUDGET = 4096;

/**
 * Can the published sums of these blocks, for some choice of who scored in each, be combined into
 * the sum of fewer than k unknown raters? An attributed block's scorer is known in that choice
 * (their coordinate drops out) rather than a sum. Only blocks connected, through shared raters, to
 * a current block need checking: the others were checked when they were published.
 */
export function verdict(
  earlier: readonly PublishedBlock[],
  current: readonly PublishedBlock[],
  k: number,
  budget = SCORER_CHOICES_BUDGET,
): Verdict {
  const blocks = [...current.map((b) => ({ ...b, current: true })), ...earlier.map((b) => ({ ...b, current: false }))];
  const reached = new Set<number>();
  const keys = new Set<string>();
  const queue = blocks.flatMap((b, i) => (b.current ? [i] : []));
  for (const i of queue) reached.add(i);
  while (queue.length) {
    const i = queue.pop()!;
    for (const key of blocks[i]!.population) keys.add(key);
    blocks.forEach((b, j) => {
      if (!reached.has(j) && b.population.some((key) => keys.has(key))) {
        reached.add(j);
        queue.push(j);
      }
    });
  }
  const component = blocks.filter((_, i) => reached.has(i));
  if (!component.some((b) => !b.current)) return "safe"; // one report alone: anonymity.ts holds it

  const coordinates = [...keys];
  const index = new Map(coordinates.map((key, i) => [key, i]));
  const choices: Uint8Array[][] = [];
  let product = 1;
  for (const b of component) {
    const population = [...new Set(b.population)];
    if (b.n > population.length) return "undecided"; // the ledger lost who was invited
    const options = subsetsOfSize(population, b.n).map((scorers) => {
      const v = new Uint8Array(coordinates.length);
      for (const key of scorers) v[index.get(key)!] = 1;
      return v;
    });
    product *= options.length;
    if (product > budget) return "undecided";
    choices.push(options);
  }

  const pick = new Array<number>(choices.length).fill(0);
  for (;;) {
    // Known in this choice: whoever scored in an attributed block. Their coordinates drop out.
    const known = new Uint8Array(coordinates.length);
    component.forEach((b, i) => {
      if (b.attributed) choices[i]![pick[i]!]!.forEach((x, j) => x && (known[j] = 1));
    });
    const vectors = component.flatMap((b, i) => (b.attributed ? [] : [choices[i]![pick[i]!]!.map((x, j) => (known[j] ? 0 : x))]));
    if (isolatesFewerThan(vectors, coordinates.length, k)) return "leak";
    let b = 0;
    while (b < pick.length && ++pick[b]! === choices[b]!.length) pick[b++] = 0;
    if (b === pick.length) return "safe";
  }
}

function subsetsOfSize<T>(items: readonly T[], size: number): T[][] {
  // Enumerate the (usually few) left out rather than the kept: n is close to the population.
  const out: T[][] = [];
  const leaveOut = items.length - size;
  const skip: number[] = [];
  const walk = (start: number) => {
    if (skip.length === leaveOut) {
      out.push(items.filter((_, i) => !skip.includes(i)));
      return;
    }
    for (let i = start; i < items.length; i++) {
      skip.push(i);
      walk(i + 1);
      skip.pop();
    }
  };
  walk(0);
  return out;
}

/** Steps of the search for a small set before it gives up and answers "yes" (the safe answer). */
const SEARCH_STEPS = 20_000;

/**
 * Is the indicator of some set of between 1 and k-1 coordinates in the span of these 0/1 vectors?
 * Every vector in the span is constant on each atom (coordinates no vector tells apart), so only
 * unions of atoms need trying, smallest first.
 */
export function isolatesFewerThan(vectors: readonly Uint8Array[], width: number, k: number): boolean {
  const atoms = new Map<string, number[]>();
  for (let j = 0; j < width; j++) {
    const signature = vectors.map((v) => v[j]).join("");
    if (!signature.includes("1")) continue; // in no published number
    const atom = atoms.get(signature) ?? [];
    atom.push(j);
    atoms.set(signature, atom);
  }
  const list = [...atoms.values()].filter((a) => a.length < k).sort((a, b) => a.length - b.length);
  if (list.length === 0) return false;
  const all = [...atoms.values()];
  const rows = vectors.map((v) => all.map((atom) => v[atom[0]!]!));
  const basis = rowBasis(rows);
  const target = new Array<number>(all.length).fill(0);
  const position = new Map(all.map((atom, i) => [atom, i]));
  let steps = 0;
  const search = (start: number, size: number): boolean => {
    for (let i = start; i < list.length; i++) {
      const atom = list[i]!;
      if (size + atom.length >= k) break; // sorted by size: nothing further fits
      if (++steps > SEARCH_STEPS) return true;
      const p = position.get(atom)!;
      target[p] = 1;
      if (inSpan(basis, target) || search(i + 1, size + atom.length)) return true;
      target[p] = 0;
    }
    return false;
  };
  return search(0, 0);
}

const EPSILON = 1e-9;

function rowBasis(rows: number[][]): number[][] {
  const basis: number[][] = [];
  for (const row of rows) {
    const v = reduce(basis, row);
    const pivot = v.findIndex((x) => Math.abs(x) > EPSILON);
    if (pivot === -1) continue;
    const scaled = v.map((x) => x / v[pivot]!);
    for (const b of basis) {
      const f = b[pivot]!;
      if (Math.abs(f) > EPSILON) for (let j = 0; j < b.length; j++) b[j]! -= f * scaled[j]!;
    }
    basis.push(scaled);
  }
  return basis;
}

function reduce(basis: number[][], row: readonly number[]): number[] {
  const v = [...row];
  for (const b of basis) {
    const pivot = b.findIndex((x) => Math.abs(x) > EPSILON);
    const f = v[pivot]!;
    if (Math.abs(f) > EPSILON) for (let j = 0; j < v.length; j++) v[j]! -= f * b[j]!;
  }
  return v;
}

function inSpan(basis: number[][], target: readonly number[]): boolean {
  return reduce(basis, target).every((x) => Math.abs(x) < EPSILON);
}

/**
 * Which of this item's candidate blocks may be published alongside everything published before.
 * Drops blocks one at a time, the one sharing most raters with earlier reports first, until the
 * rest is safe; when the search is undecided, drops every block that shares anyone at all.
 */
export function blocksToWithhold(
  candidates: readonly CandidateBlock[],
  history: readonly ReleaseRecord[],
  itemKey: string,
  k: number,
): Set<ReportGroup> {
  const withheld = new Set<ReportGroup>();
  if (history.length === 0 || candidates.length === 0) return withheld;
  // Raters of an earlier report at k = 5 keep their 5 when this cycle runs at 3.
  k = promisedThreshold(k, history);
  const earlier = history.flatMap((r) => r.items[itemKey]?.blocks ?? []);
  const earlierKeys = new Set(earlier.flatMap((b) => b.population));
  const overlap = (b: PublishedBlock) => b.population.filter((key) => earlierKeys.has(key)).length;
  for (;;) {
    const live = candidates.filter((c) => !withheld.has(c.group));
    const v = verdict(earlier, live, k);
    if (v === "safe") return withheld;
    const sharing = live.filter((c) => overlap(c) > 0).sort((a, b) => overlap(b) - overlap(a));
    if (sharing.length === 0) return withheld; // cannot happen: a leak needs an earlier report
    if (v === "undecided") for (const c of sharing) withheld.add(c.group);
    else withheld.add(sharing[0]!.group);
  }
}
