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
