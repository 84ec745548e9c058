-- Issue 23: an organisation's SSO domains count only once their DNS proves the organisation holds them.
-- The key becomes (organisation, domain): several organisations may wait for the same domain, and the
-- partial unique index lets one only hold it verified. The new key leads with organisation_id, so the
-- old index on it goes.
DROP INDEX "organisation_sso_domains_organisation_idx";--> statement-breakpoint
ALTER TABLE "organisation_sso_domains" DROP CONSTRAINT "organisation_sso_domains_pkey";--> statement-breakpoint
ALTER TABLE "organisation_sso_domains" ADD CONSTRAINT "organisation_sso_domains_organisation_id_domain_pk" PRIMARY KEY("organisation_id","domain");--> statement-breakpoint
-- Rows saved before this migration were first come, first served: nothing proved that the
-- organisation holds the domain, and a claim made then (to someone else's domain) must not keep
-- routing that domain's addresses to its provider after the upgrade. So they start unverified, each
-- with a fresh verification value (gen_random_uuid: 122 random bits, core PostgreSQL and PGlite),
-- and HR sees "waiting for DNS" with the record to publish. The application writes its own values.
ALTER TABLE "organisation_sso_domains" ADD COLUMN "verification_token" text;--> statement-breakpoint
UPDATE "organisation_sso_domains" SET "verification_token" = replace(gen_random_uuid()::text, '-', '');--> statement-breakpoint
ALTER TABLE "organisation_sso_domains" ALTER COLUMN "verification_token" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_sso_domains" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
-- An organisation that had switched e-mail links off would, with no verified domain, have its people
-- shut out entirely: no domain routes them to its provider any more, and no link is sent to them.
-- Links come back on until HR has verified a domain and switches them off again (which needs a
-- session of the organisation's provider, as before). A weaker setting for a while is better than
-- a whole organisation locked out by an upgrade; the audit log keeps the change.
INSERT INTO "audit_log" ("organisation_id", "action", "target_type", "target_id", "details")
  SELECT "organisation_id", 'sso.email_links_reopened', 'organisation', "organisation_id"::text, '{"reason":"domains await DNS proof (migration 0018)"}'::jsonb
  FROM "organisation_sso" WHERE "email_links" = false;--> statement-breakpoint
UPDATE "organisation_sso" SET "email_links" = true WHERE "email_links" = false;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_sso_domains_verified_key" ON "organisation_sso_domains" USING btree ("domain") WHERE "organisation_sso_domains"."verified_at" is not null;
