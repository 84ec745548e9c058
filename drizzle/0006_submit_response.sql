-- Whether answering an invitation is still allowed, keeping it so until the transaction ends: the
-- cycle and request are locked FOR SHARE and the invitation FOR UPDATE, in one statement and in the
-- order close and release lock them (PostgreSQL takes the rows of one statement's locking clauses
-- in the order they are named), so no write can slip in after a close or release. Used by
-- submit_response below and, for drafts and declines, by lib/surveys/responses.ts.
CREATE OR REPLACE FUNCTION lock_open_invitation(
  p_invitation uuid,
  p_request uuid,
  p_cycle uuid,
  p_at timestamptz
) RETURNS boolean AS $$
DECLARE
  v_answerable boolean;
BEGIN
  SELECT (c.status = 'open' AND c.closes_at > p_at AND r.status NOT IN ('closed', 'released') AND i.revoked_at IS NULL)
    INTO v_answerable
    FROM cycles c
    JOIN feedback_requests r ON r.cycle_id = c.id
    JOIN invitations i ON i.request_id = r.id
   WHERE c.id = p_cycle AND r.id = p_request AND i.id = p_invitation
     FOR SHARE OF c, r FOR UPDATE OF i;
  RETURN coalesce(v_answerable, false);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Submitting a response is one call, so a rater's submit costs one round trip after the survey
-- context is loaded (it was five: BEGIN, lock, response, answers, COMMIT), on both databases. The
-- steps and their order are the same as before, and each statement still takes its own snapshot
-- (PL/pgSQL, READ COMMITTED), so whatever committed while we waited for the lock is seen:
--   1. lock_open_invitation ('closed' if answering is no longer allowed);
--   2. a revision replaces the answers and comments of the invitation's response in place;
--   3. otherwise the response is created once: the unique invitation_id turns a second first
--      submit into 'already_submitted', whoever sends it;
--   4. answers and comments (rows as JSON), the draft removed, the invitation marked responded.
-- Validation and the shape of the rows stay in lib/surveys/responses.ts.
CREATE OR REPLACE FUNCTION submit_response(
  p_invitation uuid,
  p_request uuid,
  p_cycle uuid,
  p_organisation uuid,
  p_group answer_group,
  p_revision boolean,
  p_at timestamptz,
  p_answers jsonb,
  p_comments jsonb
) RETURNS text AS $$
DECLARE
  v_response uuid;
  v_outcome text := 'submitted';
BEGIN
  IF NOT lock_open_invitation(p_invitation, p_request, p_cycle, p_at) THEN
    RETURN 'closed';
  END IF;

  IF p_revision THEN
    UPDATE responses SET submitted_at = p_at WHERE invitation_id = p_invitation RETURNING id INTO v_response;
    IF v_response IS NOT NULL THEN
      DELETE FROM answers WHERE response_id = v_response;
      DELETE FROM comments WHERE response_id = v_response;
      v_outcome := 'revised';
    END IF;
  END IF;

  IF v_response IS NULL THEN
    INSERT INTO responses (organisation_id, request_id, rater_group, invitation_id, submitted_at)
    VALUES (p_organisation, p_request, p_group, p_invitation, p_at)
    ON CONFLICT (invitation_id) DO NOTHING
    RETURNING id INTO v_response;
    IF v_response IS NULL THEN
      RETURN 'already_submitted';
    END IF;
  END IF;

  INSERT INTO answers (response_id, organisation_id, request_id, rater_group, item_key, score)
  SELECT v_response, p_organisation, p_request, p_group, a.item_key, a.score
    FROM jsonb_to_recordset(p_answers) AS a(item_key text, score smallint);
  INSERT INTO comments (response_id, organisation_id, request_id, rater_group, topic, body)
  SELECT v_response, p_organisation, p_request, p_group, c.topic, c.body
    FROM jsonb_to_recordset(p_comments) AS c(topic text, body text);
  DELETE FROM survey_drafts WHERE invitation_id = p_invitation;
  UPDATE invitations SET status = 'responded', decline_reason = NULL WHERE id = p_invitation;
  RETURN v_outcome;
END;
$$ LANGUAGE plpgsql;
