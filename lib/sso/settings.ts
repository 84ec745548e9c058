import { and, eq, inArray, isNotNull, ne, notInArray } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { organisationProviderId, redirectUriFor } from "@/lib/auth/sso";
import { sealClientSecret } from "@/lib/auth/sso-secret";
import { recordAudit } from "@/lib/audit";
import { getDb, type Database } from "@/lib/db";
import { organisationSso, organisationSsoDomains, sessions, type SessionVia } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newVerificationToken, verificationRecordName, verificationRecordValue } from "./domains";
import type { SsoSettings } from "./schemas";

/**
 * An organisation's own identity provider, as its HR sets it on the sign-in settings page. The
 * client secret is sealed before it is stored (lib/auth/sso-secret.ts) and never read back to
 * the page, the audit log or the server log.
 */

/** One of the organisation's domains: verified, or waiting for the TXT record shown. */
export interface SsoDomain {
  domain: string;
  verifiedAt: Date | null;
  record: { name: string; value: string };
}

export interface SsoSettingsPage {
  redirectUri: string;
  saved: { issuer: string; clientId: string; domains: string[]; emailLinks: boolean; updatedAt: Date } | null;
  domains: SsoDomain[];
}

export async function getSsoSettings(viewer: HrViewer, db?: Database): Promise<SsoSettingsPage> {
  db ??= await getDb();
  const organisationId = viewer.organisation.id;
  const [row] = await db.select().from(organisationSso).where(eq(organisationSso.organisationId, organisationId));
  const domains: SsoDomain[] = row
    ? (
        await db
          .select()
          .from(organisationSsoDomains)
          .where(eq(organisationSsoDomains.organisationId, organisationId))
          .orderBy(organisationSsoDomains.domain)
      ).map((d) => ({
        domain: d.domain,
        verifiedAt: d.verifiedAt,
        record: { name: verificationRecordName(d.domain), value: verificationRecordValue(d.verificationToken) },
      }))
    : [];
  return {
    redirectUri: redirectUriFor(env().appUrl, organisationProviderId(organisationId)),
    saved: row
      ? {
          issuer: row.issuer,
          clientId: row.clientId,
          domains: domains.map((d) => d.domain),
          emailLinks: row.emailLinks,
          updatedAt: row.updatedAt,
        }
      : null,
    domains,
  };
}

/** Plain http only where nothing can listen in: loopback, and only outside production or in the test build. */
/** Loopback issuers are for local development and the test suite only, never a production server. */
export function loopbackAllowed(hostname: string): boolean {
  const config = env();
  return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(hostname) && (!config.production || config.e2eFixtures);
}

export function checkIssuer(issuer: string) {
  const url = new URL(issuer);
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && loopbackAllowed(url.hostname)) return;
  throw new AppError("invalid_input", "Please correct the highlighted fields.", { issuer: ["The issuer must start with https://."] });
}

/**
 * Switching e-mail links off closes this organisation to every session an e-mail link started,
 * the HR person's own included. So it takes a session from this organisation's provider (or the
 * installation's): whoever does it has just seen the provider work, and keeps their way in.
 */
function checkEmailLinksOff(organisationId: string, signedIn: SignedInVia) {
  const viaProvider =
    signedIn?.via === "installation" || (signedIn?.via === "organisation" && signedIn.ssoOrganisationId === organisationId);
  if (viaProvider) return;
  throw new AppError("invalid_input", "Please correct the highlighted fields.", {
    emailLinks: [
      "To switch e-mail links off, first save these settings with links on, sign out, and sign in with “Continue with your company account”: then you know it works, and you keep your own way in.",
    ],
  });
}

type SignedInVia = { via: SessionVia; ssoOrganisationId: string | null } | null;

export async function saveSsoSettings(db: Database, viewer: HrViewer, input: SsoSettings, signedIn: SignedInVia = null): Promise<void> {
  checkIssuer(input.issuer);
  const organisationId = viewer.organisation.id;
  if (!input.emailLinks) checkEmailLinksOff(organisationId, signedIn);
  await db.transaction(async (tx) => {
    // A domain verified by another organisation is theirs (the partial unique index says so too).
    // One only waiting for DNS elsewhere blocks nobody: whoever publishes the record holds it.
    const taken = await tx
      .select({ domain: organisationSsoDomains.domain })
      .from(organisationSsoDomains)
      .where(
        and(
          inArray(organisationSsoDomains.domain, input.domains),
          ne(organisationSsoDomains.organisationId, organisationId),
          isNotNull(organisationSsoDomains.verifiedAt),
        ),
      );
    if (taken.length) {
      throw new AppError("conflict", "Please correct the highlighted fields.", {
        domains: [`Already verified by another organisation's single sign-on: ${taken.map((t) => t.domain).join(", ")}.`],
      });
    }
    // Other organisations' directories are not consulted. A domain counts only once proven by DNS
    // (lib/sso/domains.ts), and even then its provider signs in this organisation's own directory
    // only, while anyone another organisation holds keeps that organisation's e-mail links
    // (lib/auth/email-sign-in.ts). Consulting them told any HR which domains other directories
    // use, and let one organisation's HR block another's every save by adding one person.
    const [existing] = await tx
      .select({ sealed: organisationSso.clientSecretSealed })
      .from(organisationSso)
      .where(eq(organisationSso.organisationId, organisationId))
      .for("update");
    if (!existing && input.clientSecret === "") {
      throw new AppError("invalid_input", "Please correct the highlighted fields.", { clientSecret: ["Enter the client secret."] });
    }
    const sealed = input.clientSecret === "" ? existing!.sealed : sealClientSecret(env().authSecret, organisationId, input.clientSecret);
    const values = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretSealed: sealed,
      emailLinks: input.emailLinks,
      updatedAt: new Date(),
    };
    await tx
      .insert(organisationSso)
      .values({ organisationId, ...values })
      .onConflictDoUpdate({ target: organisationSso.organisationId, set: values });
    // Domains kept keep their value and their proof; a domain removed loses both (added again, it
    // needs a new record); a new one gets a value of its own.
    await tx
      .delete(organisationSsoDomains)
      .where(and(eq(organisationSsoDomains.organisationId, organisationId), notInArray(organisationSsoDomains.domain, input.domains)));
    await tx
      .insert(organisationSsoDomains)
      .values(input.domains.map((domain) => ({ domain, organisationId, verificationToken: newVerificationToken() })))
      .onConflictDoNothing();
    if (!input.emailLinks) {
      // Only a verified domain takes e-mail links away from its addresses: with none, switching
      // links off would leave this organisation's people no way in at all.
      const [verified] = await tx
        .select({ domain: organisationSsoDomains.domain })
        .from(organisationSsoDomains)
        .where(and(eq(organisationSsoDomains.organisationId, organisationId), isNotNull(organisationSsoDomains.verifiedAt)))
        .limit(1);
      if (!verified) {
        throw new AppError("invalid_input", "Please correct the highlighted fields.", {
          emailLinks: ["Verify at least one domain by DNS before you switch e-mail links off: until then nobody is sent to your provider."],
        });
      }
    }
    // Which settings, never the secret (only whether it changed).
    await recordAudit(tx, viewer, "sso.configured", "organisation", organisationId, {
      issuer: input.issuer,
      domains: input.domains,
      emailLinks: input.emailLinks,
      secretChanged: input.clientSecret !== "",
    });
  });
}

export async function removeSsoSettings(db: Database, viewer: HrViewer): Promise<void> {
  const organisationId = viewer.organisation.id;
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(organisationSso)
      .where(eq(organisationSso.organisationId, organisationId))
      .returning({ id: organisationSso.organisationId });
    if (!removed.length) return;
    // Sessions its provider started end with it: HR may be turning it off because it cannot be trusted.
    await tx.delete(sessions).where(eq(sessions.ssoOrganisationId, organisationId));
    await recordAudit(tx, viewer, "sso.removed", "organisation", organisationId);
  });
}
