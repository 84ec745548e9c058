import { Resolver } from "node:dns/promises";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisationSsoDomains } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { generateToken } from "@/lib/tokens";

/**
 * Proof that an organisation holds an e-mail domain before its provider signs that domain's
 * addresses in (and before e-mail links stop for them): HR publishes a TXT record Twofold gave it,
 * Twofold looks it up. Until then the domain is "waiting for DNS" and changes nothing for anyone.
 * The installation's own domains (OIDC_ALLOWED_DOMAINS) are the operator's and need no proof.
 */

/** Where the record goes: a name of its own, so it sits beside whatever TXT records the domain has. */
export function verificationRecordName(domain: string): string {
  return `_twofold.${domain}`;
}

export function verificationRecordValue(token: string): string {
  return `twofold-verification=${token}`;
}

/** A fresh value for a domain HR adds: random, and another for every organisation and domain. */
export function newVerificationToken(): string {
  return generateToken();
}

/** How long one DNS server gets to answer, and how often it is asked: a button press waits for it. */
export const DNS_TIMEOUT_MS = 2000;
const DNS_TRIES = 2;

export type TxtLookup = { ok: true; records: string[] } | { ok: false; reason: "none" | "timeout" | "failed" };

/**
 * The TXT records at a name, each one's strings joined (a long value is split into 255-byte
 * strings). "none" is an answer (no such name, or no TXT there); "timeout" and "failed" are not.
 */
export async function lookUpTxt(name: string): Promise<TxtLookup> {
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: DNS_TRIES });
  const servers = env().dnsServers;
  if (servers) resolver.setServers(servers);
  try {
    const records = await resolver.resolveTxt(name);
    return { ok: true, records: records.map((parts) => parts.join("")) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return { ok: false, reason: "none" };
    if (code === "ETIMEOUT") return { ok: false, reason: "timeout" };
    return { ok: false, reason: "failed" };
  }
}

const problem = (message: string) => new AppError("invalid_input", message, { domain: [message] });

/**
 * "Check DNS" for one of the organisation's domains: verified when the record is there with this
 * organisation's value; otherwise nothing changes and the answer says why. Another organisation's
 * domain, or one this organisation has not added, is a 404 like anything else it may not see.
 */
export async function checkDomainDns(db: Database, viewer: HrViewer, domain: string): Promise<{ verifiedAt: Date }> {
  const organisationId = viewer.organisation.id;
  const [row] = await db
    .select()
    .from(organisationSsoDomains)
    .where(and(eq(organisationSsoDomains.organisationId, organisationId), eq(organisationSsoDomains.domain, domain)));
  if (!row) throw notFound("That domain");
  if (row.verifiedAt) return { verifiedAt: row.verifiedAt };
  const name = verificationRecordName(domain);
  const expected = verificationRecordValue(row.verificationToken);
  const found = await lookUpTxt(name);
  if (!found.ok) {
    if (found.reason === "none") throw problem(`There is no TXT record at ${name} yet. Add it, wait a few minutes and check again.`);
    if (found.reason === "timeout") throw problem(`The DNS lookup of ${name} timed out. Nothing was changed; try again in a minute.`);
    throw problem(`The DNS lookup of ${name} failed. Nothing was changed; try again in a minute.`);
  }
  if (!found.records.includes(expected)) {
    throw problem(
      found.records.some((r) => r.startsWith("twofold-verification="))
        ? `The TXT record at ${name} has another value. Its value must be exactly ${expected}.`
        : `There is no twofold-verification record at ${name} yet. Add it, wait a few minutes and check again.`,
    );
  }
  const taken = await db
    .select({ organisationId: organisationSsoDomains.organisationId })
    .from(organisationSsoDomains)
    .where(
      and(
        eq(organisationSsoDomains.domain, domain),
        ne(organisationSsoDomains.organisationId, organisationId),
        isNotNull(organisationSsoDomains.verifiedAt),
      ),
    );
  const alreadyTaken = () => problem(`${domain} is already verified by another organisation on this installation.`);
  if (taken.length) throw alreadyTaken();
  const verifiedAt = new Date();
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(organisationSsoDomains)
        .set({ verifiedAt })
        .where(and(eq(organisationSsoDomains.organisationId, organisationId), eq(organisationSsoDomains.domain, domain)));
      await recordAudit(tx, viewer, "sso.domain.verified", "organisation", organisationId, { domain });
    });
  } catch (error) {
    // Two organisations checked at the same moment: the unique index let one through.
    if (isUniqueViolation(error)) throw alreadyTaken();
    throw error;
  }
  return { verifiedAt };
}
