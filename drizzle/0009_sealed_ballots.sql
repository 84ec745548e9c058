CREATE TABLE "ballots" (
	"tag" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"rater_group" "rater_group" NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sealed_drafts" (
	"tag" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"sealed" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_request_id_feedback_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."feedback_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_drafts" ADD CONSTRAINT "sealed_drafts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_drafts" ADD CONSTRAINT "sealed_drafts_request_id_feedback_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."feedback_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballots_request_group_idx" ON "ballots" USING btree ("request_id","rater_group");--> statement-breakpoint
CREATE INDEX "sealed_drafts_request_idx" ON "sealed_drafts" USING btree ("request_id");--> statement-breakpoint
-- Whether answering is still allowed, keeping it so until the transaction ends: the cycle and the
-- request are locked FOR SHARE, in the order close and release lock them. Used by submit_ballot
-- and, for drafts and declines, by lib/surveys/responses.ts.
CREATE OR REPLACE FUNCTION lock_open_request(p_request uuid, p_cycle uuid, p_at timestamptz) RETURNS boolean AS $$
DECLARE
  v_open boolean;
BEGIN
  SELECT (c.status = 'open' AND c.closes_at > p_at AND r.status NOT IN ('closed', 'released'))
    INTO v_open
    FROM cycles c
    JOIN feedback_requests r ON r.cycle_id = c.id
   WHERE c.id = p_cycle AND r.id = p_request
     FOR SHARE OF c, r;
  RETURN coalesce(v_open, false);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Submitting a sealed ballot (ADR 7) is one call. It names no rater: the request, the group, a tag
-- that is an HMAC of the invitation under the request's key (kept outside the database), and the
-- ciphertext. It locks only the cycle and the request (FOR SHARE, in the order close and release
-- lock them), never the invitation: a row lock is written to the log, and it would sit in the same
-- transaction as the ballot. The invitation is only read, to refuse a link revoked meanwhile.
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
  v_open boolean;
  v_tag text;
BEGIN
  v_open := lock_open_request(p_request, p_cycle, p_at);
  IF NOT v_open OR EXISTS (SELECT 1 FROM invitations WHERE id = p_invitation AND revoked_at IS NOT NULL) THEN
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
