-- report_cells is gone: it held a second copy of every released report's published cells, read by
-- no part of the app. A report's snapshot (report_snapshots.data) is the one published store, with
-- its "others" cells copied onto the same row for dashboards (migration 0007).
DROP TABLE "report_cells" CASCADE;
--> statement-breakpoint
-- Dead since sealed ballots (0009): submits go through submit_ballot, and nothing calls these.
-- Two copies of "may this still be answered?" that no test would keep in step.
DROP FUNCTION IF EXISTS submit_response(uuid, uuid, uuid, uuid, answer_group, boolean, timestamptz, jsonb, jsonb);
--> statement-breakpoint
DROP FUNCTION IF EXISTS lock_open_invitation(uuid, uuid, uuid, timestamptz);
--> statement-breakpoint
-- audit_log_reject_change: the audit log (lib/audit.ts writes it) is append-only. Nobody can edit
-- or delete an entry through the app, and a stray UPDATE or DELETE from anywhere else fails loudly
-- too. The trigger audit_log_append_only (drizzle/0001) runs it before every UPDATE or DELETE.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- cycles_reject_lowered_threshold: once a cycle has released a report, its anonymity thresholds may
-- go up but never down. A lower threshold would let later reports (or a comparison with earlier
-- ones) show smaller groups. lib/cycles/admin.ts edits thresholds only in a draft; this holds for
-- every other writer too. The trigger cycles_threshold_locked (drizzle/0002) runs it before every
-- UPDATE of a threshold.
CREATE OR REPLACE FUNCTION cycles_reject_lowered_threshold() RETURNS trigger AS $$
BEGIN
  IF OLD.first_released_at IS NOT NULL
     AND (NEW.threshold < OLD.threshold OR NEW.comment_threshold < OLD.comment_threshold) THEN
    RAISE EXCEPTION 'cycles_threshold_locked: the threshold cannot be lowered after the first release';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- lock_open_request: may anything still be written for this request (an answer, a draft, a
-- revision, a decline), kept so until the transaction ends.
--
-- The rule is lib/lifecycle.ts's mayAnswerRequest: the cycle is open and its close date not
-- reached, the request is still open. The status lists below are OPEN_CYCLE_STATUS and
-- OPEN_REQUEST_STATUSES, word for word (tests/unit/lifecycle.test.ts compares them, and
-- tests/integration/lifecycle.test.ts compares the answers on a real database).
--
-- The cycle and the request are locked FOR SHARE, in one statement and in the order close and
-- release lock them (cycle, then request; PostgreSQL takes the rows of one statement's locking
-- clauses in the order they are named), so a close or release waits for the writer, and a writer
-- that comes after sees the close. Callers: submit_ballot below, and saveDraft and
-- declineInvitation in lib/surveys/responses.ts.
CREATE OR REPLACE FUNCTION lock_open_request(p_request uuid, p_cycle uuid, p_at timestamptz) RETURNS boolean AS $$
DECLARE
  v_open boolean;
BEGIN
  SELECT (c.status = 'open' AND c.closes_at > p_at AND r.status IN ('nominating', 'awaiting_approval', 'collecting'))
    INTO v_open
    FROM cycles c
    JOIN feedback_requests r ON r.cycle_id = c.id
   WHERE c.id = p_cycle AND r.id = p_request
     FOR SHARE OF c, r;
  RETURN coalesce(v_open, false);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- submit_ballot: submitting a sealed ballot (ADR 7) is one call, so a rater's submit is two round
-- trips in all, the survey context included. Called by submitResponse in lib/surveys/responses.ts,
-- which validates the answers and seals them first; this function holds the rules of the write.
--
-- It names no rater: the request, the group, a tag that is an HMAC of the invitation under the
-- request's key (kept outside the database), and the ciphertext. It locks only the cycle and the
-- request (lock_open_request), never the invitation: a row lock is written to the log, and it would
-- sit in the same transaction as the ballot. The invitation is only read, to refuse a link revoked
-- meanwhile or one that was never sent: lib/lifecycle.ts's mayAnswerInvitation, whose
-- ANSWERABLE_INVITATION_STATUSES is the list below.
--
-- Each statement takes its own snapshot (PL/pgSQL, READ COMMITTED), so whatever committed while
-- we waited for the lock is seen:
--   1. 'closed' if answering is no longer allowed;
--   2. a revision replaces the ballot in place;
--   3. otherwise the ballot is created once: the tag is its key, so a second first submit is
--      'already_submitted', whoever sends it;
--   4. the rater's sealed draft is removed.
-- A response from before sealed ballots (it names its invitation) counts as the rater's answer:
-- a first submit is then 'already_submitted', and a revision replaces it by a ballot.
CREATE OR REPLACE FUNCTION submit_ballot(
  p_invitation uuid,
  p_request uuid,
  p_cycle uuid,
  p_organisation uuid,
  p_group rater_group,
  p_tag text,
  p_draft_tag text,
  p_sealed text,
  p_revision boolean,
  p_at timestamptz
) RETURNS text AS $$
DECLARE
  v_tag text;
BEGIN
  IF NOT lock_open_request(p_request, p_cycle, p_at)
     OR NOT EXISTS (SELECT 1 FROM invitations
                     WHERE id = p_invitation AND request_id = p_request AND revoked_at IS NULL
                       AND status IN ('not_sent', 'sent', 'responded', 'declined')) THEN
    RETURN 'closed';
  END IF;

  IF EXISTS (SELECT 1 FROM responses WHERE invitation_id = p_invitation) THEN
    IF NOT p_revision THEN
      RETURN 'already_submitted';
    END IF;
    DELETE FROM responses WHERE invitation_id = p_invitation;
    INSERT INTO ballots (tag, organisation_id, request_id, rater_group, sealed)
    VALUES (p_tag, p_organisation, p_request, p_group, p_sealed)
    ON CONFLICT (tag) DO UPDATE SET sealed = excluded.sealed;
    DELETE FROM sealed_drafts WHERE tag = p_draft_tag;
    RETURN 'revised';
  END IF;

  IF p_revision THEN
    UPDATE ballots SET sealed = p_sealed WHERE tag = p_tag AND request_id = p_request RETURNING tag INTO v_tag;
    IF v_tag IS NOT NULL THEN
      DELETE FROM sealed_drafts WHERE tag = p_draft_tag;
      RETURN 'revised';
    END IF;
  END IF;

  INSERT INTO ballots (tag, organisation_id, request_id, rater_group, sealed)
  VALUES (p_tag, p_organisation, p_request, p_group, p_sealed)
  ON CONFLICT (tag) DO NOTHING
  RETURNING tag INTO v_tag;
  IF v_tag IS NULL THEN
    RETURN 'already_submitted';
  END IF;
  DELETE FROM sealed_drafts WHERE tag = p_draft_tag;
  RETURN 'submitted';
END;
$$ LANGUAGE plpgsql;
