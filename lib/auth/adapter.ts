import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";
import type { Database } from "@/lib/db";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { hashToken } from "@/lib/tokens";

/**
 * Auth.js's Drizzle adapter, except that session tokens are stored hashed: the cookie carries the
 * token, the sessions table only its SHA-256. Someone who reads the database cannot sign in as
 * anyone. (Sign-in tokens are already stored hashed by Auth.js itself.)
 */
export function hashedSessionAdapter(db: Database): Adapter {
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    async createSession(session) {
      await base.createSession!({ ...session, sessionToken: hashToken(session.sessionToken) });
      return session;
    },
    async getSessionAndUser(sessionToken) {
      const found = await base.getSessionAndUser!(hashToken(sessionToken));
      return found ? { ...found, session: { ...found.session, sessionToken } } : null;
    },
    async updateSession(session) {
      const updated = await base.updateSession!({ ...session, sessionToken: hashToken(session.sessionToken) });
      return updated ? { ...updated, sessionToken: session.sessionToken } : updated;
    },
    /*
     * An identity provider's account is attached to its user by who it is (provider and its
     * subject) only: the tokens that came with the sign-in are never needed again, so they are
     * not kept, and a copy of the database holds no ID token, access or refresh token.
     */
    async linkAccount(account) {
      await base.linkAccount!({
        userId: account.userId,
        type: account.type,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      });
    },
    async deleteSession(sessionToken) {
      await base.deleteSession!(hashToken(sessionToken));
    },
  };
}
