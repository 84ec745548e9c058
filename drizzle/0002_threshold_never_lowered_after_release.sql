-- Once a cycle has released a report, its anonymity thresholds may go up but never down: a lower
-- threshold would let later reports (or a comparison with earlier ones) show smaller groups.
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
CREATE TRIGGER cycles_threshold_locked
  BEFORE UPDATE OF threshold, comment_threshold ON "cycles"
  FOR EACH ROW EXECUTE FUNCTION cycles_reject_lowered_threshold();
