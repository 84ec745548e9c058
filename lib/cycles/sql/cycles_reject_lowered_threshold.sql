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
