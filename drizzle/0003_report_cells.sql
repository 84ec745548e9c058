CREATE TABLE "report_cells" (
	"organisation_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"team_id" uuid,
	"item_key" text NOT NULL,
	"rater_group" text NOT NULL,
	"n" integer NOT NULL,
	"sum" integer NOT NULL,
	CONSTRAINT "report_cells_request_id_item_key_rater_group_pk" PRIMARY KEY("request_id","item_key","rater_group"),
	CONSTRAINT "report_cells_n_positive" CHECK ("report_cells"."n" > 0)
);
--> statement-breakpoint
ALTER TABLE "report_snapshots" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "report_cells" ADD CONSTRAINT "report_cells_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cells" ADD CONSTRAINT "report_cells_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cells" ADD CONSTRAINT "report_cells_request_id_feedback_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."feedback_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cells" ADD CONSTRAINT "report_cells_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_cells_organisation_cycle_idx" ON "report_cells" USING btree ("organisation_id","cycle_id","rater_group");--> statement-breakpoint
ALTER TABLE "report_snapshots" ADD CONSTRAINT "report_snapshots_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;