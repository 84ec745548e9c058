import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, type Database } from "@/lib/db";
import { openDatabase, type OpenDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import * as t from "@/lib/db/schema";
import { generateToken, hashToken } from "@/lib/tokens";
import { closeCycle } from "@/lib/reports/release";
import { declineInvitation, loadSurveyContext, saveDraft, submitResponse } from "@/lib/surveys/responses";
import { withDefaults } from "@/lib/surveys/schema";
import { requestKey } from "@/lib/surveys/sealing";
import { requestWithNominations } from "@/tests/fixtures/requests";

/**
 * Issue 18: after close, nothing an administrator can read links an answer to a rater. Raters
 * answer, draft, revise and decline through the real code; the cycle closes; then the test reads
 * what a database administrator could: on a server PostgreSQL every row version of every table
 * (pageinspect, dead tuples included) and the write-ahead log (pg_read_binary_file); on the
 * embedded database every file of its data folder, the log included, once the database is shut.
 */

const server = Boolean(process.env.DATABASE_URL);

interface Evidence {
  /** Every byte written, as (name, bytes) pieces: heap pages and WAL segments. */
  pages: { name: string; kind: "heap" | "wal"; bytes: Buffer }[];
}

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ""), "hex");
}

/** Offsets of a needle in a buffer. */
function offsets(haystack: Buffer, needle: Buffer): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

async function scenario(db: Database) {
  const s = await requestWithNominations(db);
  await db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.requestId, s.requestId));
  await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, s.requestId));
  const all = await db.select().from(t.invitations).where(eq(t.invitations.requestId, s.requestId));
  // Every rater has a live link (its hash is what the database keeps).
  const tokenHashes: string[] = [];
  for (const i of all) {
    const hash = hashToken(generateToken());
    tokenHashes.push(hash);
    await db.insert(t.invitationTokens).values({ organisationId: i.organisationId, invitationId: i.id, tokenHash: hash });
  }
  const raters = all.filter((i) => i.raterGroup !== "self");
  const marker = (i: number) => `FORENSIC${crypto.randomUUID().slice(0, 8)}N${i}`;
  const markers: string[] = [];
  // Comments of a group under k_c are never shown: they must never be written readable at all.
  const hidden: string[] = [];
  // Answer in the reverse of the order they were invited in, so an order that follows
  // submission could not pass for one that follows invitation.
  const answering = [...raters].reverse().slice(0, raters.length - 1);
  for (const [n, invitation] of answering.entries()) {
    const ctx = (await loadSurveyContext(db, invitation.id))!;
    const values = withDefaults(ctx.questionnaire, null);
    Object.keys(values.answers).forEach((key, j) => (values.answers[key] = String(1 + ((n + j) % 5)) as "1"));
    const text = marker(n);
    (invitation.raterGroup === "other" ? hidden : markers).push(text);
    values.develop = `Please ${text} keep going`;
    if (n === 0) await saveDraft(db, ctx, values, 0); // a draft first, on one device
    await submitResponse(db, ctx, values, "first");
    if (n === 1) await submitResponse(db, ctx, { ...values, keep_doing: `Also ${text}` }, "revision");
  }
  const decliner = raters.find((r) => !answering.includes(r))!;
  await declineInvitation(db, (await loadSurveyContext(db, decliner.id))!, "no_time");
  return { ...s, all, answering, tokenHashes, markers, hidden };
}

/** What identifies a rater: invitation ids (as stored, 16 bytes, and as text), e-mails, link hashes. */
function identifiers(s: Awaited<ReturnType<typeof scenario>>): { label: string; bytes: Buffer }[] {
  return [
    ...s.all.flatMap((i) => [
      { label: `invitation ${i.id}`, bytes: uuidBytes(i.id) },
      { label: `invitation ${i.id} (text)`, bytes: Buffer.from(i.id) },
      { label: `e-mail ${i.raterEmail}`, bytes: Buffer.from(i.raterEmail) },
    ]),
    ...s.tokenHashes.map((h) => ({ label: `link hash ${h.slice(0, 8)}`, bytes: Buffer.from(h) })),
  ];
}

function markersIn(evidence: Evidence, markers: string[]) {
  return evidence.pages.filter((p) => markers.some((m) => p.bytes.includes(m)));
}

/**
 * The attacker's question: is any identifier written together with an answer? A heap page that
 * holds a comment must hold no identifier; in the log, no identifier may appear anywhere between
 * the first and the last record that holds a comment (the span in which answers were written).
 */
function links(evidence: Evidence, markers: string[], ids: { label: string; bytes: Buffer }[]): string[] {
  const found: string[] = [];
  for (const page of evidence.pages) {
    const at = markers.flatMap((m) => offsets(page.bytes, Buffer.from(m)));
    if (at.length === 0) continue;
    const [from, to] = page.kind === "heap" ? [0, page.bytes.length] : [Math.min(...at), Math.max(...at)];
    for (const id of ids) {
      if (offsets(page.bytes, id.bytes).some((o) => o >= from && o <= to)) found.push(`${id.label} in ${page.name}`);
    }
  }
  return found;
}

async function serverEvidence(open: OpenDatabase, since: string): Promise<Evidence> {
  await open.query("create extension if not exists pageinspect");
  await open.query("checkpoint").catch(() => undefined);
  const pages: Evidence["pages"] = [];
  const tables = await open.query<{ name: string; blocks: number }>(
    `select c.relname as name, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as blocks
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'`,
  );
  for (const table of tables) {
    for (let block = 0; block < table.blocks; block++) {
      // Every tuple of the page, live or dead, as the page inspector reads it.
      const tuples = await open.query<{ data: Uint8Array | null }>(`select t_data as data from heap_page_items(get_raw_page($1, $2))`, [
        table.name,
        block,
      ]);
      for (const [n, tuple] of tuples.entries()) {
        if (tuple.data) pages.push({ name: `${table.name} block ${block} tuple ${n}`, kind: "heap", bytes: Buffer.from(tuple.data) });
      }
    }
  }
  const [{ first }] = (await open.query<{ first: string }>(`select pg_walfile_name($1::pg_lsn) as first`, [since])) as [{ first: string }];
  const segments = await open.query<{ name: string }>(
    `select name from pg_ls_waldir() where name >= $1 and name ~ '^[0-9A-F]{24}$' order by name`,
    [first],
  );
  for (const segment of segments) {
    const [row] = await open.query<{ bytes: Uint8Array }>(`select pg_read_binary_file('pg_wal/' || $1) as bytes`, [segment.name]);
    pages.push({ name: `WAL ${segment.name}`, kind: "wal", bytes: Buffer.from(row!.bytes) });
  }
  return { pages };
}

function folderEvidence(dir: string): Evidence {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const pages: Evidence["pages"] = [];
  for (const file of walk(dir)) {
    const bytes = fs.readFileSync(file);
    if (file.includes(`${path.sep}pg_wal${path.sep}`)) pages.push({ name: path.relative(dir, file), kind: "wal", bytes });
    else
      for (let o = 0; o < bytes.length; o += 8192)
        pages.push({ name: `${path.relative(dir, file)} @${o}`, kind: "heap", bytes: bytes.subarray(o, o + 8192) });
  }
  return { pages };
}

describe(`after close, nothing on disk links an answer to a rater (${server ? "server PostgreSQL" : "embedded database"})`, () => {
  it("no identifier sits with an answer in any row version, log record or file, and no order follows submission", async () => {
    let open: OpenDatabase;
    let dir = "";
    let since = "";
    if (server) {
      open = await getDatabase();
      [{ since }] = (await open.query<{ since: string }>("select pg_current_wal_insert_lsn()::text as since")) as [{ since: string }];
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-forensics-"));
      open = await openDatabase({ dataDir: dir });
      await migrateDatabase(open);
    }
    const s = await scenario(open.db);
    const ids = identifiers(s);
    const reopen = async () => {
      if (server) return open;
      await open.close();
      const evidence = folderEvidence(dir);
      open = await openDatabase({ dataDir: dir });
      return evidence;
    };

    // While open: nothing readable of what raters wrote exists anywhere, only sealed ballots.
    const during = server ? await serverEvidence(open, since) : ((await reopen()) as Evidence);
    expect(markersIn(during, s.markers).map((p) => p.name)).toEqual([]);

    expect(await closeCycle(open.db, s.org.organisation.id, s.cycle.id)).toBe("closed");
    expect(requestKey(s.requestId, { create: false })).toBeNull();

    // Physical order of invitations: as they were invited, not as raters answered.
    const order = (
      await open.query<{ id: string }>(`select id::text as id from invitations where request_id = $1 order by ctid`, [s.requestId])
    ).map((r) => r.id);
    const answered = order.filter((id) => s.answering.some((a) => a.id === id));
    expect(answered).toEqual(s.all.filter((i) => s.answering.includes(i)).map((i) => i.id));
    expect(answered).not.toEqual(s.answering.map((a) => a.id));

    let after: Evidence;
    if (server) after = await serverEvidence(open, since);
    else {
      await open.close();
      after = folderEvidence(dir);
    }
    // The answers are there (opened at close), and nothing that names a rater is with them.
    expect(markersIn(after, s.markers).length).toBeGreaterThan(0);
    expect(links(after, s.markers, ids)).toEqual([]);
    // The lone external rater's comment (under k_c) was opened straight into nothing.
    expect(s.hidden).toHaveLength(1);
    expect(markersIn(after, s.hidden).map((p) => p.name)).toEqual([]);
    if (!server) fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it("the check catches a rater named next to their answers (it fails on a link that is written)", () => {
    const marker = "FORENSICexample";
    const id = crypto.randomUUID();
    const page = Buffer.concat([Buffer.from("x".repeat(100)), uuidBytes(id), Buffer.from(marker)]);
    expect(links({ pages: [{ name: "p", kind: "heap", bytes: page }] }, [marker], [{ label: "inv", bytes: uuidBytes(id) }])).toEqual([
      "inv in p",
    ]);
    const wal = Buffer.concat([Buffer.from(marker), uuidBytes(id), Buffer.from(marker)]);
    expect(links({ pages: [{ name: "w", kind: "wal", bytes: wal }] }, [marker], [{ label: "inv", bytes: uuidBytes(id) }])).toEqual([
      "inv in w",
    ]);
  });
});
