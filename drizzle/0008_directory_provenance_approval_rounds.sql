ALTER TABLE "feedback_requests" ADD COLUMN "approval_round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "approval_round" integer;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "changed_by_user_id" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "change_kind" text;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_change_kind" CHECK ("people"."change_kind" is null or "people"."change_kind" in ('added', 'edited', 'reactivated', 'imported'));--> statement-breakpoint
-- Raters already waiting for approval belong to the request's first round (0), so the next
-- decision on each request covers exactly them.
UPDATE "invitations" SET "approval_round" = 0 WHERE "status" = 'awaiting_approval';
