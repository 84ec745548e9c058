-- audit_log_reject_change: the audit log (lib/audit.ts writes it) is append-only. Nobody can edit
-- or delete an entry through the app, and a stray UPDATE or DELETE from anywhere else fails loudly
-- too. The trigger audit_log_append_only (drizzle/0001) runs it before every UPDATE or DELETE.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
