import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  json,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
// Types only: the schema stays free of the app's code at run time (drizzle-kit loads it alone).
import type { NominatedGroup, RaterGroup, StoredGroup } from "../report/groups";
import type { PublishedCells } from "../report/team";
// The shapes of the JSON columns, as types only: the database layer imports no domain code.
import type { Questionnaire } from "../framework/types";
import type { ReportSnapshot } from "../report/types";

/** A draft as saved before sealed drafts (the survey form's values, lib/surveys/schema.ts). */
type LegacyDraftValues = {
  answers?: Record<string, `${number}` | "not_observed" | "">;
  comments?: Record<string, string>;
  keep_doing?: string;
  develop?: string;
};

/**
 * The rater groups' values, in the order of lib/report/rater-groups.ts (the table of them). Written
 * out because the schema may not load the app's code; the type below fails to compile when the
 * table gains a group this list lacks, and a new value needs a migration anyway.
 */
const RATER_GROUP_VALUES = ["self", "manager", "peer", "direct_report", "other"] as const satisfies readonly RaterGroup[];
type EveryGroupListed = Exclude<RaterGroup, (typeof RATER_GROUP_VALUES)[number]> extends never ? true : never;
const everyGroupListed: EveryGroupListed = true;
void everyGroupListed;

/** `provisioned`: changed by the organisation's identity provider through SCIM (no user of ours did it). */
export type DirectoryChangeKind = "added" | "edited" | "reactivated" | "imported" | "provisioned";

/**
 * Schema v1. Everything an organisation owns carries `organisation_id`, so every query can be
 * scoped to it. Primary keys of organisation data are random UUIDs: nothing can be read from their
 * order. Answers and comments are kept free of rater identity (see the anonymity rules in
 * lib/report): a response points at its invitation only while the cycle is open, and that link is
 * destroyed at close.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const id = () => uuid("id").primaryKey().defaultRandom();
// What a row belongs to: it goes when its organisation, cycle or request goes.
const organisationRef = () =>
  uuid("organisation_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });
const cycleRef = () =>
  uuid("cycle_id")
    .notNull()
    .references(() => cycles.id, { onDelete: "cascade" });
const requestRef = () =>
  uuid("request_id")
    .notNull()
    .references(() => feedbackRequests.id, { onDelete: "cascade" });

export const membershipRole = pgEnum("membership_role", ["hr", "manager", "employee"]);
export const cycleStatus = pgEnum("cycle_status", ["draft", "open", "closed", "released"]);
/** "pulse": a short follow-up on a released report's focus areas (lib/plans), asked by its subject. */
export const cycleKind = pgEnum("cycle_kind", ["organisation", "personal", "pulse"]);
export const raterGroup = pgEnum("rater_group", RATER_GROUP_VALUES);
/**
 * The group stored with answers. "pooled" appears only after close: anonymous groups under the
 * threshold are relabelled so that not even the database says which small group an answer came from.
 */
export const answerGroup = pgEnum("answer_group", [...RATER_GROUP_VALUES, "pooled"] as const satisfies readonly StoredGroup[]);
export const planActionStatus = pgEnum("plan_action_status", ["planned", "doing", "done"]);
export const planAudience = pgEnum("plan_audience", ["line_manager", "coach"]);
export const requestStatus = pgEnum("request_status", ["nominating", "awaiting_approval", "collecting", "closed", "released"]);
export const invitationStatus = pgEnum("invitation_status", [
  "nominated", // chosen, not sent yet
  "awaiting_approval",
  "not_sent", // sending failed; the job runner retries
  "sent",
  "responded",
  "declined",
]);

// ---------------------------------------------------------------------------------------------
// Organisations and the directory

export const organisations = pgTable(
  "organisations",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    defaultThreshold: smallint("default_threshold").notNull().default(3),
    createdAt: createdAt(),
  },
  (t) => [check("organisations_default_threshold_range", sql`${t.defaultThreshold} between 3 and 10`)],
);

export const teams = pgTable(
  "teams",
  {
    id: id(),
    organisationId: organisationRef(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_organisation_name_key").on(t.organisationId, t.name)],
);

// ---------------------------------------------------------------------------------------------
// next-auth (Auth.js) tables. Users are global; what they may see is decided by memberships.

export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
  image: text("image"),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

/** `session_token` holds a SHA-256 hash of the cookie's token (see lib/auth/adapter.ts). */
export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
    /**
     * How the session was signed in, which decides the organisations it reaches (lib/auth/viewer.ts):
     * an e-mail link reaches those that allow e-mail links, the installation's identity provider
     * all of the user's, an organisation's own provider that organisation only.
     */
    via: text("via").$type<SessionVia>().notNull().default("email"),
    ssoOrganisationId: uuid("sso_organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    check("sessions_via_known", sql`${t.via} in ('email', 'installation', 'organisation')`),
    check("sessions_via_organisation", sql`(${t.via} = 'organisation') = (${t.ssoOrganisationId} is not null)`),
  ],
);

export type SessionVia = "email" | "installation" | "organisation";

/**
 * An organisation's own OpenID Connect provider, set by its HR (lib/sso/settings.ts). The client
 * secret is stored encrypted (lib/sso/secret.ts, a key derived from AUTH_SECRET), never in clear.
 */
export const organisationSso = pgTable("organisation_sso", {
  organisationId: uuid("organisation_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretSealed: text("client_secret_sealed").notNull(),
  /** False: this organisation's people sign in with its provider only (no e-mail links). */
  emailLinks: boolean("email_links").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The e-mail domains an organisation's provider is to sign in. A domain counts (routes sign-in to
 * the provider, switches e-mail links off for its addresses) only once verified: the organisation
 * published `twofold-verification=<verification_token>` at `_twofold.<domain>` and Twofold found it
 * (lib/sso/domains.ts). Several organisations may wait for the same domain; one only can hold it
 * verified (the partial unique index), so a claim nobody proved blocks nobody.
 */
export const organisationSsoDomains = pgTable(
  "organisation_sso_domains",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationSso.organisationId, { onDelete: "cascade" }),
    domain: text("domain").notNull(),
    verificationToken: text("verification_token").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.domain] }),
    uniqueIndex("organisation_sso_domains_verified_key")
      .on(t.domain)
      .where(sql`${t.verifiedAt} is not null`),
  ],
);

/** Auth.js stores only a hash of the sign-in token here. */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export const people = pgTable(
  "people",
  {
    id: id(),
    organisationId: organisationRef(),
    name: text("name").notNull(),
    /** Always stored lower-case and trimmed. */
    email: text("email").notNull(),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    lineManagerId: uuid("line_manager_id").references((): any => people.id, { onDelete: "set null" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Provenance: the user who last created or changed this entry by hand (the directory page or
     * the CSV import: name, e-mail, team, line manager, reactivation), and when and how. Null for
     * entries nobody has touched since they were seeded. A subject who changed an entry in the
     * window of a cycle cannot nominate it without someone else's approval (lib/people/provenance.ts).
     */
    changedByUserId: text("changed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    changedAt: timestamp("changed_at", { withTimezone: true }),
    changeKind: text("change_kind").$type<DirectoryChangeKind>(),
    /** The identity provider's own id for this person (SCIM `externalId`); unique per organisation. */
    externalId: text("external_id"),
  },
  (t) => [
    uniqueIndex("people_organisation_email_key").on(t.organisationId, t.email),
    index("people_organisation_line_manager_idx").on(t.organisationId, t.lineManagerId),
    index("people_organisation_team_idx").on(t.organisationId, t.teamId),
    index("people_user_idx").on(t.userId),
    check("people_not_own_manager", sql`${t.lineManagerId} is null or ${t.lineManagerId} <> ${t.id}`),
    check("people_email_lower", sql`${t.email} = lower(${t.email})`),
    check(
      "people_change_kind",
      sql`${t.changeKind} is null or ${t.changeKind} in ('added', 'edited', 'reactivated', 'imported', 'provisioned')`,
    ),
    uniqueIndex("people_organisation_external_id_key").on(t.organisationId, t.externalId),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    organisationId: organisationRef(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: membershipRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_organisation_user_role_key").on(t.organisationId, t.userId, t.role),
    index("memberships_user_idx").on(t.userId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Cycles, requests, invitations

export const cycles = pgTable(
  "cycles",
  {
    id: id(),
    organisationId: organisationRef(),
    name: text("name").notNull(),
    kind: cycleKind("kind").notNull().default("organisation"),
    status: cycleStatus("status").notNull().default("draft"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    /** k: an anonymous rater group is shown only with at least this many raters. */
    threshold: smallint("threshold").notNull().default(3),
    /** k_c: comments of a group are shown only with at least this many responses. */
    commentThreshold: smallint("comment_threshold").notNull().default(3),
    requiresApproval: boolean("requires_approval").notNull().default(false),
    /** Who besides the subject may read released reports. */
    shareWithLineManager: boolean("share_with_line_manager").notNull().default(true),
    shareWithHr: boolean("share_with_hr").notNull().default(true),
    /** How many days after a report's release its subject may ask for a follow-up pulse (issue 22). */
    pulseAfterDays: smallint("pulse_after_days").notNull().default(90),
    /** Per-group maximum of raters, e.g. {"peer": 10}. */
    groupLimits: jsonb("group_limits").$type<Partial<Record<NominatedGroup, number>>>().notNull().default({}),
    /** Teams in scope (HR cycles); empty means everyone with direct reports. */
    scope: jsonb("scope").$type<{ teamIds: string[] }>().notNull().default({ teamIds: [] }),
    /** Framework version and custom items, frozen at launch so the wording never shifts under a cycle. */
    frameworkVersion: text("framework_version").notNull(),
    questionnaire: jsonb("questionnaire").$type<Questionnaire>().notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    launchedAt: timestamp("launched_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    firstReleasedAt: timestamp("first_released_at", { withTimezone: true }),
  },
  (t) => [
    index("cycles_organisation_status_idx").on(t.organisationId, t.status),
    check("cycles_threshold_range", sql`${t.threshold} between 3 and 10`),
    check("cycles_comment_threshold_range", sql`${t.commentThreshold} between ${t.threshold} and 10`),
    check("cycles_closes_after_opens", sql`${t.closesAt} > ${t.opensAt}`),
    check("cycles_pulse_after_days_range", sql`${t.pulseAfterDays} between 14 and 365`),
  ],
);

export const feedbackRequests = pgTable(
  "feedback_requests",
  {
    id: id(),
    organisationId: organisationRef(),
    cycleId: cycleRef(),
    subjectPersonId: uuid("subject_person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /**
     * The subject's line manager when the request started. Approval and report access follow this,
     * not the directory as it is today: editing someone's line manager later grants nothing.
     */
    lineManagerPersonId: uuid("line_manager_person_id").references(() => people.id, { onDelete: "set null" }),
    /**
     * Which ledger of published reports this request belongs to (lib/requests/subject-ledger.ts):
     * one per person, shared by every directory entry that ever stood for them. Starts as the
     * subject's entry id; requests of a second entry for the same mailbox (erased and added again,
     * imported twice) join the first entry's, so a report on the new entry is checked against
     * everything published about the old one.
     */
    subjectLedger: uuid("subject_ledger").notNull(),
    /**
     * A keyed hash of the subject's normalised mailbox when the request started (never the
     * address): what finds the ledger again once an erasure has replaced the entry's address.
     * Null only on requests started before it existed.
     */
    subjectKey: text("subject_key"),
    status: requestStatus("status").notNull().default("nominating"),
    /**
     * Per-group counts (invited / responded / declined) frozen at close, when per-invitation status
     * is erased so that nothing records who answered.
     */
    finalProgress: jsonb("final_progress").$type<{ group: RaterGroup; invited: number; responded: number; declined: number }[]>(),
    /** Set when an approver sends nominations back, so the subject knows what to change. */
    approvalNote: text("approval_note"),
    /**
     * The version of the list waiting for approval. Queueing raters for approval increments it,
     * and so does each decision; a decision names the version its approver saw and is applied only
     * while that is still the current one (one conditional UPDATE), so exactly one of concurrent
     * decisions wins and nobody approves raters they were not shown.
     */
    approvalRound: integer("approval_round").notNull().default(0),
    createdAt: createdAt(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    /**
     * The "your report is ready" e-mail to the subject is still to go: set by the release itself,
     * in its transaction, and cleared once the e-mail has left (lib/reports/ready-mail.ts; the job
     * runner tries again until it does). It says nothing about anyone but the subject.
     */
    reportMailDue: boolean("report_mail_due").notNull().default(false),
    /**
     * Set on a pulse's request (its cycle's kind is "pulse"): the released request whose focus areas
     * it follows up. Its report is read next to that one's, and both sit in the same ledger.
     */
    pulseOfRequestId: uuid("pulse_of_request_id").references((): any => feedbackRequests.id, { onDelete: "cascade" }),
    /**
     * When the subject was told, once, that a follow-up pulse of this released report is open to
     * them (lib/pulse/mail.ts). Set before the e-mail leaves, cleared again if it could not.
     */
    pulseMailSentAt: timestamp("pulse_mail_sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("feedback_requests_cycle_subject_key").on(t.cycleId, t.subjectPersonId),
    index("feedback_requests_organisation_subject_idx").on(t.organisationId, t.subjectPersonId),
    index("feedback_requests_organisation_ledger_idx").on(t.organisationId, t.subjectLedger),
    index("feedback_requests_organisation_subject_key_idx").on(t.organisationId, t.subjectKey),
    index("feedback_requests_organisation_cycle_idx").on(t.organisationId, t.cycleId),
    index("feedback_requests_pulse_of_idx").on(t.pulseOfRequestId),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organisationId: organisationRef(),
    requestId: requestRef(),
    /** Null for an external rater invited by e-mail (group "other"). */
    raterPersonId: uuid("rater_person_id").references(() => people.id, { onDelete: "set null" }),
    raterEmail: text("rater_email").notNull(),
    /** Display name for an external rater; directory raters take theirs from `people`. */
    raterName: text("rater_name"),
    raterGroup: raterGroup("rater_group").notNull(),
    status: invitationStatus("status").notNull().default("nominated"),
    sendError: text("send_error"),
    sendAttempts: integer("send_attempts").notNull().default(0),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * Revoking kills the links but leaves `status` alone: progress counts never change when the
     * subject revokes someone, so revoking cannot reveal whether that person had answered.
     */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** A reason category the rater chose when declining (never free text, never shown to the subject). */
    declineReason: text("decline_reason"),
    /** When the job runner may try a failed send again (backoff). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastRemindedAt: timestamp("last_reminded_at", { withTimezone: true }),
    /** The request's approval round this invitation was queued in; a decision covers rounds up to its own. */
    approvalRound: integer("approval_round"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_request_email_key").on(t.requestId, t.raterEmail),
    index("invitations_organisation_request_idx").on(t.organisationId, t.requestId),
    index("invitations_status_idx").on(t.status),
    check("invitations_email_lower", sql`${t.raterEmail} = lower(${t.raterEmail})`),
  ],
);

/**
 * Survey links. Only the SHA-256 of each token is stored. An invitation can have several live links
 * (the invitation e-mail and each reminder carry one, so an older e-mail keeps working); re-sending
 * or revoking the invitation kills all of them. Links also stop working when the cycle closes.
 */
export const invitationTokens = pgTable(
  "invitation_tokens",
  {
    id: id(),
    organisationId: organisationRef(),
    invitationId: uuid("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("invitation_tokens_invitation_idx").on(t.invitationId)],
);

/** One row per reminder sent, so the job runner can never send the same one twice. */
export const invitationReminders = pgTable(
  "invitation_reminders",
  {
    invitationId: uuid("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    /** e.g. "manual:2026-11-29" or "before-close:3d". */
    kind: text("kind").notNull(),
    organisationId: organisationRef(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.invitationId, t.kind] })],
);

/**
 * Drafts as saved before sealed drafts (ADR 7): still read, moved to sealed_drafts on the next save,
 * deleted at close. Nothing new is written here.
 */
export const surveyDrafts = pgTable("survey_drafts", {
  invitationId: uuid("invitation_id")
    .primaryKey()
    .references(() => invitations.id, { onDelete: "cascade" }),
  organisationId: organisationRef(),
  data: jsonb("data").$type<LegacyDraftValues>().notNull(),
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Sealed ballots: what a rater submits (or drafts) while a request is open (ADR 7)

/**
 * A submitted response while its request is open, encrypted under the request's key (a file in
 * KEYS_DIR, never in the database). `tag` is an HMAC of the invitation under that key: the server
 * can find a rater's ballot only while it has the key, and nothing here names the rater. Opened at
 * close into responses/answers/comments in one batch, in random order, then deleted with the key.
 */
export const ballots = pgTable(
  "ballots",
  {
    tag: text("tag").primaryKey(),
    organisationId: organisationRef(),
    requestId: requestRef(),
    /** Progress needs how many answered per group, never who. */
    raterGroup: raterGroup("rater_group").notNull(),
    sealed: text("sealed").notNull(),
  },
  (t) => [index("ballots_request_group_idx").on(t.requestId, t.raterGroup)],
);

/** A rater's work in progress, sealed like a ballot; `version` lets two devices merge. */
export const sealedDrafts = pgTable(
  "sealed_drafts",
  {
    tag: text("tag").primaryKey(),
    organisationId: organisationRef(),
    requestId: requestRef(),
    sealed: text("sealed").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("sealed_drafts_request_idx").on(t.requestId)],
);

// ---------------------------------------------------------------------------------------------
// Responses, answers, comments: no rater identity after close

export const responses = pgTable(
  "responses",
  {
    id: id(),
    organisationId: organisationRef(),
    requestId: requestRef(),
    raterGroup: answerGroup("rater_group").notNull(),
    /**
     * Only on responses submitted before sealed ballots (ADR 7), while their cycle is open: new
     * submissions are ballots and never name an invitation. Nulled at close.
     */
    invitationId: uuid("invitation_id")
      .unique()
      .references(() => invitations.id, { onDelete: "set null" }),
    /** Nulled at close so no timestamp can be matched to an invitation. */
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [index("responses_organisation_request_idx").on(t.organisationId, t.requestId)],
);

export const answers = pgTable(
  "answers",
  {
    responseId: uuid("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    organisationId: organisationRef(),
    requestId: requestRef(),
    raterGroup: answerGroup("rater_group").notNull(),
    itemKey: text("item_key").notNull(),
    /** 1-5 on the frequency scale; null means "not observed". */
    score: smallint("score"),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.itemKey] }),
    index("answers_request_group_item_idx").on(t.requestId, t.raterGroup, t.itemKey),
    check("answers_score_range", sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    organisationId: organisationRef(),
    requestId: requestRef(),
    /** Set while open so a revision replaces the rater's comments; nulled at close. */
    responseId: uuid("response_id").references(() => responses.id, { onDelete: "cascade" }),
    raterGroup: answerGroup("rater_group").notNull(),
    /** A dimension key, or "keep_doing" / "develop" for the two open questions. */
    topic: text("topic").notNull(),
    body: text("body").notNull(),
  },
  (t) => [
    index("comments_request_idx").on(t.requestId),
    index("comments_response_idx").on(t.responseId),
    check("comments_body_length", sql`char_length(${t.body}) between 1 and 2000`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Reports and the audit log

/** A released report, computed once; every view and export reads this. Never recomputed. */
export const reportSnapshots = pgTable(
  "report_snapshots",
  {
    id: id(),
    organisationId: organisationRef(),
    requestId: uuid("request_id")
      .notNull()
      .unique()
      .references(() => feedbackRequests.id, { onDelete: "cascade" }),
    cycleId: cycleRef(),
    data: jsonb("data").$type<ReportSnapshot>().notNull(),
    /** The subject's team when the report was released: dashboards group by it, frozen like the rest. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    /**
     * The report's published "others" cells as [item key, n, sum], taken from `data` at release
     * (lib/reports/release.ts, publishedCells): HR dashboards read nothing else, one row per subject
     * (issue 8's bench: at 10,000 subjects, grouping a table of cells back together on every load
     * was most of the dashboard's time on PGlite). `json`, not `jsonb`: it is only ever read whole,
     * and json hands back its stored text as it is.
     */
    othersCells: json("others_cells").$type<PublishedCells["cells"]>().notNull().default([]),
    /**
     * Who was invited behind this report, per rater group, frozen at release for the ledger of
     * later reports (lib/report/history.ts): each invitee as opaque aliases (their directory entry,
     * a keyed hash of their mailbox), never an address. Frozen so that no later change to the
     * directory (an erasure, a new address, a re-hire) can make one rater look like two. Null on
     * reports released before it: the ledger then reads the invitations as they are.
     */
    raterKeys: jsonb("rater_keys").$type<Partial<Record<StoredGroup, string[][]>>>(),
    createdAt: createdAt(),
  },
  (t) => [index("report_snapshots_organisation_cycle_idx").on(t.organisationId, t.cycleId)],
);

// ---------------------------------------------------------------------------------------------
// Development plans (issue 22): what a subject does with a released report. Private to the
// subject unless they share it; nothing here says anything about a rater.

/** One plan per released report, owned by its subject. */
export const developmentPlans = pgTable(
  "development_plans",
  {
    id: id(),
    organisationId: organisationRef(),
    requestId: uuid("request_id")
      .notNull()
      .unique()
      .references(() => feedbackRequests.id, { onDelete: "cascade" }),
    subjectPersonId: uuid("subject_person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("development_plans_organisation_subject_idx").on(t.organisationId, t.subjectPersonId)],
);

const planRef = () =>
  uuid("plan_id")
    .notNull()
    .references(() => developmentPlans.id, { onDelete: "cascade" });

/** A difference and one of its poles the subject chose to work on: 1 to 3 per plan. */
export const planFocusAreas = pgTable(
  "plan_focus_areas",
  {
    id: id(),
    organisationId: organisationRef(),
    planId: planRef(),
    /** A dimension key of the report's frozen questionnaire, e.g. "risk". */
    dimensionKey: text("dimension_key").notNull(),
    pole: text("pole").$type<"leadership" | "management">().notNull(),
    /** 1-3: the order the subject put them in. */
    position: smallint("position").notNull(),
    /** Why this one, in the subject's words. */
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("plan_focus_areas_plan_item_key").on(t.planId, t.dimensionKey, t.pole),
    check("plan_focus_areas_pole", sql`${t.pole} in ('leadership', 'management')`),
    check("plan_focus_areas_position", sql`${t.position} between 1 and 3`),
  ],
);

/** One step of a focus area: what, by when, who can help, and where it stands. */
export const planActions = pgTable(
  "plan_actions",
  {
    id: id(),
    organisationId: organisationRef(),
    planId: planRef(),
    focusAreaId: uuid("focus_area_id")
      .notNull()
      .references(() => planFocusAreas.id, { onDelete: "cascade" }),
    what: text("what").notNull(),
    dueOn: text("due_on"),
    helper: text("helper"),
    status: planActionStatus("status").notNull().default("planned"),
    /** The reminder for dueOn has gone (the job runner sends one, once). */
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plan_actions_plan_idx").on(t.planId),
    check("plan_actions_due_on", sql`${t.dueOn} is null or ${t.dueOn} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
  ],
);

/**
 * Every change to a plan, with its date: the plan's own history, shown to whoever may read the plan.
 * `details` holds what changed (before and after), never anything about a rater.
 */
export const planEvents = pgTable(
  "plan_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisationId: organisationRef(),
    planId: planRef(),
    actorUserId: text("actor_user_id"),
    kind: text("kind").notNull(),
    details: jsonb("details").$type<Record<string, string | number | null>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("plan_events_plan_idx").on(t.planId, t.createdAt)],
);

/**
 * Who the subject has shown their plan to: their line manager (an account), or a coach by e-mail,
 * who reads it through a link (only its hash is stored). Withdrawing sets withdrawn_at; the row
 * stays so the history of sharing stays visible to the subject.
 */
export const planShares = pgTable(
  "plan_shares",
  {
    id: id(),
    organisationId: organisationRef(),
    planId: planRef(),
    audience: planAudience("audience").notNull(),
    /** The line manager's directory entry when shared with them. */
    personId: uuid("person_id").references(() => people.id, { onDelete: "cascade" }),
    coachEmail: text("coach_email"),
    coachName: text("coach_name"),
    /** SHA-256 of the coach's link token (lib/tokens.ts); null for a line manager. */
    tokenHash: text("token_hash").unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
  },
  (t) => [
    index("plan_shares_plan_idx").on(t.planId),
    check(
      "plan_shares_audience_fields",
      sql`(${t.audience} = 'line_manager' and ${t.personId} is not null and ${t.tokenHash} is null) or (${t.audience} = 'coach' and ${t.coachEmail} is not null and ${t.tokenHash} is not null)`,
    ),
  ],
);

/**
 * Bearer tokens for SCIM provisioning (lib/scim/tokens.ts), one organisation each. Only the SHA-256
 * of the token is kept: HR sees the token once, when it is created.
 */
export const scimTokens = pgTable(
  "scim_tokens",
  {
    id: id(),
    organisationId: organisationRef(),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("scim_tokens_organisation_idx").on(t.organisationId)],
);

/** Append-only: a trigger (see the migration) rejects UPDATE and DELETE. No scores, no comment text. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    actorUserId: text("actor_user_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_organisation_created_idx").on(t.organisationId, t.createdAt)],
);

/**
 * Fixed-window counters for rate limits, shared by every app replica through the database. Keys
 * are HMACs of what they count (an e-mail address, an IP address, a link), never the values.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});
