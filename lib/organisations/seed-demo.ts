import { eq } from "drizzle-orm";
import { buildQuestionnaire, itemKeys } from "@/lib/framework";
import { closeCycle, releaseCycle, releaseReport } from "@/lib/reports/release";
import { subjectKey } from "@/lib/requests/subject-ledger";
import { loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { itemKeyOf, NOT_OBSERVED, withDefaults } from "@/lib/surveys/schema";
import type { Database, Executor, Transaction } from "@/lib/db";
import * as t from "@/lib/db/schema";

/**
 * Demo data: Brightwater Ltd, about 30 people in three teams with real reporting lines, one HR user,
 * managers, a released spring cycle and an open autumn cycle with requests in every state (no
 * raters yet, no responses, some, enough to release, released early), so every screen has
 * something to show. Deterministic (a seeded random generator), and idempotent.
 */

export const DEMO_ORGANISATION_SLUG = "brightwater-demo";
export const DEMO_DOMAIN = "brightwater.example";
/** The demo request nobody has answered yet: its raters' links go to the dev mailbox (demo-mailbox.ts). */
export const DEMO_SURVEY_SUBJECT_EMAIL = `tom.becker@${DEMO_DOMAIN}`;

export const DEMO_ACCOUNTS = [
  { email: `priya.shah@${DEMO_DOMAIN}`, role: "HR" },
  { email: `sam.okafor@${DEMO_DOMAIN}`, role: "Manager (Head of Product)" },
  { email: `aisha.khan@${DEMO_DOMAIN}`, role: "Manager (Engineering)" },
  { email: `ben.carter@${DEMO_DOMAIN}`, role: "Employee" },
] as const;

type Seat = { name: string; team: "Product" | "Operations" | "Sales"; manager?: string; hr?: boolean };

// Keyed by first name for readability; e-mails are first.last@brightwater.example.
const directory: Seat[] = [
  { name: "Morgan Ellis", team: "Operations" },
  { name: "Priya Shah", team: "Operations", manager: "Morgan", hr: true },
  { name: "Sam Okafor", team: "Product", manager: "Morgan" },
  { name: "Claire Dubois", team: "Operations", manager: "Morgan" },
  { name: "Tom Becker", team: "Sales", manager: "Morgan" },
  { name: "Aisha Khan", team: "Product", manager: "Sam" },
  { name: "Finn Walsh", team: "Product", manager: "Sam" },
  { name: "Grace Liu", team: "Product", manager: "Sam" },
  { name: "Hugo Silva", team: "Product", manager: "Sam" },
  { name: "Jonas Weber", team: "Product", manager: "Sam" },
  { name: "Ben Carter", team: "Product", manager: "Aisha" },
  { name: "Chloe Martin", team: "Product", manager: "Aisha" },
  { name: "Dev Patel", team: "Product", manager: "Aisha" },
  { name: "Ella Novak", team: "Product", manager: "Aisha" },
  { name: "Ivy Chen", team: "Product", manager: "Aisha" },
  { name: "Ian Murphy", team: "Operations", manager: "Claire" },
  { name: "Jade Thompson", team: "Operations", manager: "Claire" },
  { name: "Kofi Mensah", team: "Operations", manager: "Claire" },
  { name: "Lena Fischer", team: "Operations", manager: "Claire" },
  { name: "Marco Rossi", team: "Operations", manager: "Claire" },
  { name: "Uma Rao", team: "Operations", manager: "Claire" },
  { name: "Victor Hale", team: "Operations", manager: "Claire" },
  { name: "Nina Kowalski", team: "Sales", manager: "Tom" },
  { name: "Oliver Grant", team: "Sales", manager: "Tom" },
  { name: "Pia Larsen", team: "Sales", manager: "Tom" },
  { name: "Quinn Adeyemi", team: "Sales", manager: "Tom" },
  { name: "Rosa Jimenez", team: "Sales", manager: "Tom" },
  { name: "Sven Berg", team: "Sales", manager: "Tom" },
  { name: "Tara Singh", team: "Sales", manager: "Tom" },
  { name: "Wendy Okoro", team: "Sales", manager: "Tom" },
];

const firstName = (name: string) => name.split(" ")[0]!;
const emailOf = (name: string) => `${name.toLowerCase().replace(/ /g, ".")}@${DEMO_DOMAIN}`;

/** mulberry32: small, fast, deterministic. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 24 * 60 * 60 * 1000;

const sampleComments = {
  keep_doing: [
    "Keep explaining the reasons behind decisions; it makes priorities easy to follow.",
    "The weekly check-ins are genuinely useful. Please keep them.",
    "Keep backing people when they try something new.",
    "You stay calm under pressure, and that rubs off on the team.",
  ],
  develop: [
    "Involve the team earlier, before plans are settled.",
    "Share more about the longer-term direction, not only this quarter.",
    "Delegate more of the day-to-day so you have time for the bigger picture.",
    "Recognise good work more often and more publicly.",
  ],
  dimension: [
    "Clear about what matters this month.",
    "Sometimes the process feels heavier than it needs to be.",
    "Very good at noticing when someone is struggling.",
    "Could bring more of their own ideas to the table.",
  ],
};

export async function isDemoSeeded(db: Executor): Promise<boolean> {
  const found = await db
    .select({ id: t.organisations.id })
    .from(t.organisations)
    .where(eq(t.organisations.slug, DEMO_ORGANISATION_SLUG))
    .limit(1);
  return found.length > 0;
}

export async function seedDemo(db: Database, now: Date = new Date()): Promise<{ created: boolean }> {
  if (await isDemoSeeded(db)) return { created: false };
  const rand = random(360);

  await db.transaction(async (tx) => {
    const [org] = await tx
      .insert(t.organisations)
      .values({ name: "Brightwater Ltd (demo)", slug: DEMO_ORGANISATION_SLUG, defaultThreshold: 3 })
      .returning();
    const organisationId = org!.id;
    const { person, userId } = await insertDirectory(tx, organisationId);
    const writer = demoWriter(tx, { organisationId, person, hrUserId: userId("Priya Shah"), rand });
    const hr = { userId: userId("Priya Shah"), organisation: { id: organisationId } };

    // Spring: answered, then closed and released through the real code path (links destroyed,
    // snapshots computed once).
    const spring = await writer.createCycle({
      name: "Spring 2026 360",
      status: "open",
      opensAt: new Date(now.getTime() - 230 * DAY),
      closesAt: new Date(now.getTime() - 200 * DAY),
    });
    for (const subject of ["Sam", "Claire"]) {
      await writer.createRequest(spring, {
        subject,
        status: "collecting",
        raters: fullPanel(subject),
        respond: () => true,
        selfDone: true,
      });
    }
    await closeCycle(tx, organisationId, spring.id, spring.closesAt);
    await releaseCycle(tx, hr, spring.id, spring.closesAt);

    // Autumn: open, with requests in every state.
    const autumn = await writer.createCycle({
      name: "Autumn 2026 360",
      status: "open",
      opensAt: new Date(now.getTime() - 10 * DAY),
      closesAt: new Date(now.getTime() + 14 * DAY),
    });
    const plans: Plan[] = [
      { subject: "Morgan", status: "nominating", raters: [], respond: () => false, selfDone: false },
      { subject: "Tom", status: "collecting", raters: fullPanel("Tom"), respond: () => false, selfDone: false },
      {
        subject: "Claire",
        status: "collecting",
        raters: fullPanel("Claire"),
        respond: (i) => i % 2 === 1,
        selfDone: true,
      },
      { subject: "Sam", status: "collecting", raters: fullPanel("Sam"), respond: () => true, selfDone: true },
      { subject: "Aisha", status: "collecting", raters: fullPanel("Aisha"), respond: () => true, selfDone: true },
    ];
    for (const plan of plans) {
      const request = await writer.createRequest(autumn, plan);
      // Aisha's groups all reached the threshold: HR released her report early.
      if (plan.subject === "Aisha") await releaseReport(tx, hr, request.id, new Date(now.getTime() - DAY));
    }

    // Nobody behind the demo's addresses: its releases e-mail no one.
    await tx.update(t.feedbackRequests).set({ reportMailDue: false }).where(eq(t.feedbackRequests.organisationId, organisationId));

    await tx.insert(t.auditLog).values({
      organisationId,
      actorUserId: null,
      action: "demo.seeded",
      targetType: "organisation",
      targetId: organisationId,
    });
  });
  return { created: true };
}

type Person = typeof t.people.$inferSelect;

/** The organisation's teams, people (each with a user), their line managers and their roles. */
async function insertDirectory(tx: Transaction, organisationId: string) {
  const teamRows = await tx
    .insert(t.teams)
    .values(["Product", "Operations", "Sales"].map((name) => ({ organisationId, name })))
    .returning();
  const teamId = (name: string) => teamRows.find((r) => r.name === name)!.id;

  const userRows = await tx
    .insert(t.users)
    .values(directory.map((p) => ({ name: p.name, email: emailOf(p.name) })))
    .returning();
  const userId = (name: string) => userRows.find((u) => u.name === name)!.id;

  const personRows = await tx
    .insert(t.people)
    .values(
      directory.map((p) => ({
        organisationId,
        name: p.name,
        email: emailOf(p.name),
        teamId: teamId(p.team),
        userId: userId(p.name),
      })),
    )
    .returning();
  const person = (first: string): Person => personRows.find((r) => firstName(r.name) === first)!;
  for (const p of directory) {
    if (p.manager) {
      await tx
        .update(t.people)
        .set({ lineManagerId: person(p.manager).id })
        .where(eq(t.people.id, person(firstName(p.name)).id));
    }
  }
  const managers = new Set(directory.map((p) => p.manager).filter(Boolean) as string[]);
  await tx.insert(t.memberships).values(
    directory.flatMap((p) => {
      const roles: ("hr" | "manager" | "employee")[] = ["employee"];
      if (p.hr) roles.push("hr");
      if (managers.has(firstName(p.name))) roles.push("manager");
      return roles.map((role) => ({ organisationId, userId: userId(p.name), role }));
    }),
  );
  return { person, userId };
}

const lineManagerOf = (first: string) => directory.find((p) => firstName(p.name) === first)?.manager;
const reportsOf = (first: string) => directory.filter((p) => p.manager === first).map((p) => firstName(p.name));
const peersOf = (first: string) => {
  const mgr = lineManagerOf(first);
  return directory.filter((p) => p.manager === mgr && firstName(p.name) !== first && mgr).map((p) => firstName(p.name));
};

/** Everyone who would rate a subject: their line manager, up to 4 peers and up to 5 direct reports. */
function fullPanel(subject: string): Plan["raters"] {
  const lineManager = lineManagerOf(subject);
  return [
    ...(lineManager ? [{ first: lineManager, group: "manager" as const }] : []),
    ...peersOf(subject)
      .slice(0, 4)
      .map((first) => ({ first, group: "peer" as const })),
    ...reportsOf(subject)
      .slice(0, 5)
      .map((first) => ({ first, group: "direct_report" as const })),
  ];
}

type Plan = {
  subject: string;
  status: "nominating" | "collecting";
  raters: { first: string; group: "manager" | "peer" | "direct_report" }[];
  respond: (i: number, group: string) => boolean;
  selfDone: boolean;
};

// Each subject gets a personal "tendency" so the demo reports differ from one another.
function tendency(first: string, key: string) {
  const h = [...`${first}:${key}`].reduce((a, c) => (a * 31 + c.charCodeAt(0)) | 0, 7);
  return 2.5 + (Math.abs(h) % 20) / 10; // 2.5 … 4.4
}

/**
 * Writes the demo's cycles and requests, with invitations and answers as raters would leave them.
 * One generator (`rand`) feeds every answer in order, so the demo is the same on every database.
 */
function demoWriter(
  tx: Transaction,
  {
    organisationId,
    person,
    hrUserId,
    rand,
  }: { organisationId: string; person: (first: string) => Person; hrUserId: string; rand: () => number },
) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const questionnaire = buildQuestionnaire();
  const keys = itemKeys(questionnaire);
  const dimensionKeys = questionnaire.dimensions.map((d) => d.key);
  const score = (first: string, key: string, bias: number) => {
    if (rand() < 0.06) return null; // not observed
    const v = Math.round(tendency(first, key) + bias + (rand() - 0.5) * 1.6);
    return Math.min(5, Math.max(1, v));
  };
  async function createCycle(values: { name: string; status: "open"; opensAt: Date; closesAt: Date }) {
    const [cycle] = await tx
      .insert(t.cycles)
      .values({
        organisationId,
        name: values.name,
        kind: "organisation",
        status: values.status,
        opensAt: values.opensAt,
        closesAt: values.closesAt,
        threshold: 3,
        commentThreshold: 3,
        groupLimits: { peer: 10, direct_report: 15, other: 5 },
        frameworkVersion: questionnaire.frameworkVersion,
        questionnaire,
        createdByUserId: hrUserId,
        launchedAt: values.opensAt,
      })
      .returning();
    return cycle!;
  }

  async function createRequest(cycle: typeof t.cycles.$inferSelect, plan: Plan) {
    const subject = person(plan.subject);
    const lineManager = lineManagerOf(plan.subject);
    const [request] = await tx
      .insert(t.feedbackRequests)
      .values({
        organisationId,
        cycleId: cycle.id,
        subjectPersonId: subject.id,
        // A fresh ledger per demo person, keyed like a real start (lib/requests/subject-ledger.ts).
        subjectLedger: subject.id,
        subjectKey: subjectKey(subject.email),
        // Frozen at start, as the real code path does (lib/requests/start.ts): access to the
        // request and the home page's "your reports" both go by it.
        lineManagerPersonId: lineManager ? person(lineManager).id : null,
        status: plan.status,
      })
      .returning();
    const everyone = [{ first: plan.subject, group: "self" as const }, ...plan.raters];
    // A cycle still open takes its answers the way the app does, as sealed ballots (ADR 7): the
    // demo's database then holds no more than a real one about who has answered. A cycle already
    // past its close date cannot take a survey any more; its answers are written as the rows
    // close reads, and the close that follows scrubs them as it scrubs every cycle.
    const stillOpen = cycle.closesAt > new Date();
    for (const [i, r] of everyone.entries()) {
      if (plan.status === "nominating") break;
      const rater = person(r.first);
      const responded = r.group === "self" ? plan.selfDone : plan.respond(i, r.group);
      const [invitation] = await tx
        .insert(t.invitations)
        .values({
          organisationId,
          requestId: request!.id,
          raterPersonId: rater.id,
          raterEmail: rater.email,
          raterGroup: r.group,
          status: responded && !stillOpen ? "responded" : "sent",
          sentAt: r.group === "self" ? null : cycle.opensAt,
        })
        .returning();
      if (!responded) continue;
      const bias = r.group === "self" ? 0.4 : r.group === "manager" ? -0.2 : 0;
      if (stillOpen) {
        const ctx = await loadSurveyContext(tx, invitation!.id);
        if (!ctx) throw new Error(`The demo's survey for ${r.first} on ${plan.subject} did not open.`);
        const values = withDefaults(ctx.questionnaire, null);
        for (const field of Object.keys(values.answers)) {
          const given = score(plan.subject, itemKeyOf(field), bias);
          values.answers[field] = given === null ? NOT_OBSERVED : `${given}`;
        }
        values.keep_doing = pick(sampleComments.keep_doing);
        values.develop = pick(sampleComments.develop);
        if (rand() < 0.3) values.comments[pick(dimensionKeys)] = pick(sampleComments.dimension);
        await submitResponse(tx, ctx, values, "first");
        continue;
      }
      const [response] = await tx
        .insert(t.responses)
        .values({
          organisationId,
          requestId: request!.id,
          raterGroup: r.group,
          invitationId: invitation!.id,
          submittedAt: new Date(cycle.opensAt.getTime() + (i + 1) * DAY),
        })
        .returning();
      await tx.insert(t.answers).values(
        keys.map((itemKey) => ({
          responseId: response!.id,
          organisationId,
          requestId: request!.id,
          raterGroup: r.group,
          itemKey,
          score: score(plan.subject, itemKey, bias),
        })),
      );
      const commentRows = [
        { topic: "keep_doing", body: pick(sampleComments.keep_doing) },
        { topic: "develop", body: pick(sampleComments.develop) },
        ...(rand() < 0.3 ? [{ topic: pick(dimensionKeys), body: pick(sampleComments.dimension) }] : []),
      ];
      await tx.insert(t.comments).values(
        commentRows.map((c) => ({
          organisationId,
          requestId: request!.id,
          responseId: response!.id,
          raterGroup: r.group,
          topic: c.topic,
          body: c.body,
        })),
      );
    }
    return request!;
  }

  return { createCycle, createRequest };
}
