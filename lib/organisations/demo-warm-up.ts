import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { generateToken, hashToken } from "@/lib/tokens";
import { DEMO_DOMAIN, DEMO_ORGANISATION_SLUG } from "./seed-demo";

/**
 * `npm run dev` compiles the demo's pages in the background (scripts/dev.ts). A page requested
 * signed out stops at its redirect to sign-in, so what a signed-in person meets there (the page's
 * own components and its browser code) still compiled on their first real visit: 1 to 1.2 s for
 * HR's pages on this kind of machine (issue 21 asks for under 1 s). These sessions of two demo
 * people let the warm-up open each page as they will, with real ids from the demo data.
 *
 * Demo only, and short-lived: the demo's sign-in links are on the dev mailbox page anyway, only the
 * hash of each token is stored, and each session ends by itself after WARM_UP_MINUTES.
 */

export const WARM_UP_MINUTES = 10;

export interface WarmUpVisit {
  /** Whose pages: said in the dev server's output. */
  who: string;
  /** The raw session token, for the dev server's session cookie. */
  sessionToken: string;
  paths: string[];
}

const SAM = `sam.okafor@${DEMO_DOMAIN}`;
const PRIYA = `priya.shah@${DEMO_DOMAIN}`;

/** Sam's pages, then Priya's (HR), in the order the README's demo meets them; [] without the demo. */
export async function demoWarmUpVisits(db: Executor, now: Date = new Date()): Promise<WarmUpVisit[]> {
  const [organisation] = await db
    .select({ id: t.organisations.id })
    .from(t.organisations)
    .where(eq(t.organisations.slug, DEMO_ORGANISATION_SLUG));
  if (!organisation) return [];
  const people = await db
    .select({ id: t.people.id, email: t.people.email, userId: t.people.userId })
    .from(t.people)
    .where(and(eq(t.people.organisationId, organisation.id), inArray(t.people.email, [SAM, PRIYA])));
  const sam = people.find((p) => p.email === SAM);
  const priya = people.find((p) => p.email === PRIYA);
  if (!sam?.userId || !priya?.userId) return [];

  const samRequests = await db
    .select({ id: t.feedbackRequests.id, status: t.feedbackRequests.status })
    .from(t.feedbackRequests)
    .where(and(eq(t.feedbackRequests.organisationId, organisation.id), eq(t.feedbackRequests.subjectPersonId, sam.id)));
  const released = samRequests.find((r) => r.status === "released")?.id;
  const open = samRequests.find((r) => r.status !== "released")?.id;
  const [cycle] = await db
    .select({ id: t.cycles.id })
    .from(t.cycles)
    .where(and(eq(t.cycles.organisationId, organisation.id), eq(t.cycles.status, "open")))
    .orderBy(asc(t.cycles.name))
    .limit(1);
  const [someone] = await db
    .select({ id: t.people.id })
    .from(t.people)
    .where(and(eq(t.people.organisationId, organisation.id), ne(t.people.id, priya.id)))
    .orderBy(asc(t.people.name))
    .limit(1);

  const expires = new Date(now.getTime() + WARM_UP_MINUTES * 60_000);
  const session = async (userId: string) => {
    const token = generateToken();
    await db.insert(t.sessions).values({ sessionToken: hashToken(token), userId, expires, via: "email" });
    return token;
  };
  const present = (paths: (string | false | undefined)[]) => paths.filter((p): p is string => typeof p === "string");
  return [
    {
      who: "Sam (a manager)",
      sessionToken: await session(sam.userId),
      paths: present([
        "/",
        released && `/reports/${released}`,
        released && `/reports/${released}/plan`,
        released && `/reports/${released}/pulse`,
        open && `/requests/${open}`,
        open && `/requests/${open}/self`,
        "/requests/new",
      ]),
    },
    {
      who: "Priya (HR)",
      sessionToken: await session(priya.userId),
      paths: present([
        "/",
        "/cycles",
        cycle && `/cycles/${cycle.id}`,
        cycle && `/cycles/${cycle.id}/edit`,
        "/cycles/new",
        "/dashboards",
        "/people",
        someone && `/people/${someone.id}`,
        "/people/new",
        "/people/import",
        "/people/provisioning",
        "/audit",
        "/settings/sign-in",
      ]),
    },
  ];
}
