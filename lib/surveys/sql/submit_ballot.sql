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
