import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb, type Executor } from "@/lib/db";
import { auditLog, cycles, feedbackRequests, organisations, people, teams, users } from "@/lib/db/schema";
import { GROUP_LABELS, groupLabel, type RaterGroup } from "@/lib/report/groups";

/**
 * Append to the audit log: who did what to which thing, when. Never scores, never comment text,
 * never a rater's identity (the details object is for ids and settings only).
 */
export async function recordAudit(
  db: Executor,
  actor: Viewer | { userId: string | null; organisation: { id: string } },
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: actor.organisation.id,
    actorUserId: actor.userId,
    action,
    targetType,
    targetId,
    details,
  });
}

const ACTIONS: Record<string, string> = {
  "report.viewed": "Read a report",
  "report.released": "Released a report",
  "reports.released": "Released all reports of a cycle",
  "dashboard.exported": "Exported a dashboard",
  "directory.imported": "Imported the directory",
  "person.added": "Added a person",
  "person.edited": "Edited a person",
  "person.deactivated": "Deactivated a person",
  "person.reactivated": "Reactivated a person",
  "person.erased": "Erased a person's personal data",
  "role.granted": "Granted a role",
  "role.revoked": "Took away a role",
  "cycle.created": "Created a cycle",
  "cycle.edited": "Edited a cycle",
  "cycle.launched": "Launched a cycle",
  "cycle.closed": "Closed a cycle",
  "cycle.extended": "Moved a cycle's close date later",
  "cycle.reminded": "Sent reminders",
  "nomination.added": "Added a rater",
  "nomination.removed": "Took a rater off the list",
  "nominations.submitted": "Sent raters for approval or invitation",
  "nominations.approved": "Approved raters",
  "nominations.returned": "Sent raters back",
  "demo.seeded": "Created the demo data",
  "scim.token.created": "Created a directory sync token",
  "scim.token.revoked": "Revoked a directory sync token",
  "scim.person.created": "Directory sync added a person",
  "scim.person.updated": "Directory sync changed a person",
  "scim.person.deactivated": "Directory sync deactivated a person",
  "scim.person.reactivated": "Directory sync reactivated a person",
  "scim.team.created": "Directory sync added a team",
  "scim.team.updated": "Directory sync changed a team",
  "scim.team.deleted": "Directory sync removed a team",
  "sso.configured": "Set up single sign-on",
  "sso.removed": "Turned off single sign-on",
  "sso.domain.verified": "Verified a single sign-on domain by DNS",
  "sso.email_links_reopened": "E-mail sign-in links turned back on until a domain is verified by DNS",
  "plan.shared": "Shared a development plan",
  "plan.share_withdrawn": "Stopped sharing a development plan",
  "plan.viewed": "Read a shared development plan",
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}

/** What an entry is about, in words: a name or label, and where to read more when there is a page. */
export interface AuditTarget {
  label: string;
  href?: string;
}

export interface AuditEntry {
  id: number;
  at: Date;
  action: string;
  actor: string | null;
  /**
   * The actor is kept in the log but not shown: who shares or reads a development plan would tell
   * HR whose plan exists, and HR sees plans only as counts (issue 22).
   */
  actorWithheld?: boolean;
  target: AuditTarget | null;
  /** The entry's details in words ("Threshold: 3", "Team: Product"); never an id. */
  details: string[];
}

type Names = {
  cycles: Map<string, string>;
  requests: Map<string, { subject: string; cycle: string }>;
  people: Map<string, string>;
  teams: Map<string, string>;
  organisations: Map<string, string>;
};

const DETAIL_LABELS: Record<string, string> = {
  threshold: "Anonymity threshold",
  commentThreshold: "Comment threshold",
  subjects: "People",
  leftOut: "Left out",
  reports: "Reports",
  toSend: "Invitations to send",
  awaitingApproval: "Waiting for approval",
  approved: "Approved",
  round: "Round",
  created: "Added",
  updated: "Updated",
  role: "Role",
  via: "As",
  fields: "Changed",
  added: "Members added",
  removed: "Members removed",
  active: "Active",
  audience: "With",
};

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** Pure: one stored entry in words, from the names looked up for the whole page. */
export function describeEntry(
  row: { targetType: string | null; targetId: string | null; details: Record<string, unknown> },
  names: Names,
): Pick<AuditEntry, "target" | "details"> {
  const d = row.details;
  const id = row.targetId ?? "";
  const request = (requestId: string | null): AuditTarget | null => {
    const r = requestId ? names.requests.get(requestId) : undefined;
    return r && requestId ? { label: `${r.subject}'s feedback request (${r.cycle})`, href: `/requests/${requestId}` } : null;
  };
  let target: AuditTarget | null;
  switch (row.targetType) {
    case "cycle":
      target = names.cycles.has(id) ? { label: names.cycles.get(id)!, href: `/cycles/${id}` } : { label: "A cycle since deleted" };
      break;
    case "feedback_request":
      target = request(id) ?? { label: "A feedback request since deleted" };
      break;
    case "person":
      target = names.people.has(id) ? { label: names.people.get(id)!, href: `/people/${id}` } : { label: "A person since deleted" };
      break;
    // A rater's invitation: the request it belongs to. Invitations are wiped at close, so the
    // request (and the directory entry in the details) is what stays readable.
    case "invitation":
      target = request(str(d.requestId)) ?? { label: "A feedback request" };
      break;
    // Whose plan is not said: HR sees that plans are shared and read, never whose (issue 22).
    case "development_plan":
      target = { label: "A development plan" };
      break;
    case "organisation":
      target = { label: names.organisations.get(id) ?? "This organisation" };
      break;
    default:
      target = null;
  }
  const details: string[] = [];
  for (const [key, value] of Object.entries(d)) {
    if (key === "requestId" || key === "external") continue;
    if (key === "personId") {
      const name = str(value) ? names.people.get(value as string) : undefined;
      details.push(value === null ? "Rater: someone outside the directory" : `Rater: ${name ?? "a person since deleted"}`);
    } else if (key === "teamId") {
      details.push(`Team: ${(str(value) && names.teams.get(value as string)) || "all teams"}`);
    } else if (key === "group" && typeof value === "string" && value in GROUP_LABELS) {
      details.push(`Group: ${groupLabel(value as RaterGroup, 1)}`);
    } else {
      details.push(`${DETAIL_LABELS[key] ?? key}: ${String(value)}`);
    }
  }
  return { target, details };
}

/** The audit log for HR, newest first, with names instead of ids. Read-only: the table rejects changes. */
export async function listAudit(viewer: HrViewer, page = 1, pageSize = 50) {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      actor: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${auditLog.actorUserId})`,
    })
    .from(auditLog)
    .where(eq(auditLog.organisationId, organisationId))
    .orderBy(desc(auditLog.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  const shown = rows.slice(0, pageSize).map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }));

  // One look-up per kind of name for the whole page, each scoped to the viewer's organisation.
  const ids = (type: string, key?: string) => [
    ...new Set(
      shown.flatMap((r) => {
        const v = key ? r.details[key] : r.targetType === type ? r.targetId : null;
        return typeof v === "string" && /^[0-9a-f-]{36}$/i.test(v) ? [v] : [];
      }),
    ),
  ];
  const requestIds = [...new Set([...ids("feedback_request"), ...ids("", "requestId")])];
  const personIds = [...new Set([...ids("person"), ...ids("", "personId")])];
  const cycleIds = ids("cycle");
  const teamIds = ids("", "teamId");
  const [cycleRows, requestRows, personRows, teamRows, organisationRows] = await Promise.all([
    cycleIds.length
      ? db
          .select({ id: cycles.id, name: cycles.name })
          .from(cycles)
          .where(and(eq(cycles.organisationId, organisationId), inArray(cycles.id, cycleIds)))
      : [],
    requestIds.length
      ? db
          .select({ id: feedbackRequests.id, subject: people.name, cycle: cycles.name })
          .from(feedbackRequests)
          .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
          .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
          .where(and(eq(feedbackRequests.organisationId, organisationId), inArray(feedbackRequests.id, requestIds)))
      : [],
    personIds.length
      ? db
          .select({ id: people.id, name: people.name })
          .from(people)
          .where(and(eq(people.organisationId, organisationId), inArray(people.id, personIds)))
      : [],
    teamIds.length
      ? db
          .select({ id: teams.id, name: teams.name })
          .from(teams)
          .where(and(eq(teams.organisationId, organisationId), inArray(teams.id, teamIds)))
      : [],
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId)),
  ]);
  const names: Names = {
    cycles: new Map(cycleRows.map((c) => [c.id, c.name])),
    requests: new Map(requestRows.map((r) => [r.id, { subject: r.subject, cycle: r.cycle }])),
    people: new Map(personRows.map((p) => [p.id, p.name])),
    teams: new Map(teamRows.map((t) => [t.id, t.name])),
    organisations: new Map(organisationRows.map((o) => [o.id, o.name])),
  };
  const entries: AuditEntry[] = shown.map((r) => {
    const withheld = r.action.startsWith("plan.");
    return { id: r.id, at: r.at, action: r.action, actor: withheld ? null : r.actor, actorWithheld: withheld, ...describeEntry(r, names) };
  });
  return { entries, hasMore: rows.length > pageSize, page };
}
