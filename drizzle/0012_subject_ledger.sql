-- Every request joins its subject's ledger: until now the ledger was the subject's directory entry,
-- so existing requests start in the ledger named by that entry.
ALTER TABLE "feedback_requests" ADD COLUMN "subject_ledger" uuid;--> statement-breakpoint
UPDATE "feedback_requests" SET "subject_ledger" = "subject_person_id";--> statement-breakpoint
ALTER TABLE "feedback_requests" ALTER COLUMN "subject_ledger" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_requests" ADD COLUMN "subject_key" text;--> statement-breakpoint
CREATE INDEX "feedback_requests_organisation_ledger_idx" ON "feedback_requests" USING btree ("organisation_id","subject_ledger");--> statement-breakpoint
CREATE INDEX "feedback_requests_organisation_subject_key_idx" ON "feedback_requests" USING btree ("organisation_id","subject_key");
