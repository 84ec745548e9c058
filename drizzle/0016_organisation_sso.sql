CREATE TABLE "organisation_sso" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_sealed" text NOT NULL,
	"email_links" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_sso_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "via" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "sso_organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "organisation_sso" ADD CONSTRAINT "organisation_sso_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_sso_domains" ADD CONSTRAINT "organisation_sso_domains_organisation_id_organisation_sso_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation_sso"("organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_sso_domains_organisation_idx" ON "organisation_sso_domains" USING btree ("organisation_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_sso_organisation_id_organisations_id_fk" FOREIGN KEY ("sso_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_via_known" CHECK ("sessions"."via" in ('email', 'installation', 'organisation'));--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_via_organisation" CHECK (("sessions"."via" = 'organisation') = ("sessions"."sso_organisation_id" is not null));