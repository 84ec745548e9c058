import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

/**
 * A rater's survey session: after the e-mailed token is exchanged (an explicit POST, never a GET),
 * a short-lived cookie scoped to that one survey's path carries on, so the survey URL holds no
 * token. The cookie names the link it came from and carries an HMAC over the invitation, that link
 * and its expiry; it is honoured only while that link is alive, so re-sending or revoking an
 * invitation also ends the sessions opened from its old links.
 */

export const SURVEY_SESSION_SECONDS = 2 * 60 * 60;

const cookieName = (invitationId: string) => `twofold-survey-${invitationId}`;
export const surveyPath = (invitationId: string) => `/survey/${invitationId}`;

function signature(invitationId: string, tokenId: string, expires: number): string {
  return createHmac("sha256", env().authSecret).update(`survey:${invitationId}:${tokenId}:${expires}`).digest("base64url");
}

/** The session cookie's name and value for a survey opened from a given link. */
export function surveySessionCookie(invitationId: string, tokenId: string, now = Date.now()): { name: string; value: string } {
  const expires = Math.floor(now / 1000) + SURVEY_SESSION_SECONDS;
  return { name: cookieName(invitationId), value: `${expires}.${tokenId}.${signature(invitationId, tokenId, expires)}` };
}

/** Start (or extend) the session. Only callable where cookies may be set: actions, route handlers. */
export async function startSurveySession(invitationId: string, tokenId: string, now = Date.now()): Promise<void> {
  const cookie = surveySessionCookie(invitationId, tokenId, now);
  (await cookies()).set(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().production,
    path: surveyPath(invitationId),
    maxAge: SURVEY_SESSION_SECONDS,
  });
}

/** A survey session that holds: the link it was opened from, and when it ends (epoch ms). */
export interface SurveySession {
  tokenId: string;
  expiresAt: number;
}

/**
 * The session a survey's cookie carries, if its signature and expiry hold, or null. Whether its
 * link is still alive is checked with the survey's context (loadSurveyContext), in the same
 * statement, so a rater's request costs one query before its transaction.
 */
export async function readSurveySession(invitationId: string, now = Date.now()): Promise<SurveySession | null> {
  const value = (await cookies()).get(cookieName(invitationId))?.value;
  if (!value) return null;
  const [expiresText, tokenId, given] = value.split(".");
  const expires = Number(expiresText);
  if (!Number.isInteger(expires) || !tokenId || !given || expires * 1000 < now) return null;
  const expected = Buffer.from(signature(invitationId, tokenId, expires));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { tokenId, expiresAt: expires * 1000 };
}

/**
 * An active rater's session is extended only once it is past half its life. Setting a cookie in a
 * server action makes Next render the whole page again into the action's reply (19 KB and the
 * survey's queries), and the survey autosaves 1.2 s after each change: renewing every time would
 * render the survey page about once a second while someone answers.
 */
export function surveySessionNeedsRenewal(session: SurveySession, now = Date.now()): boolean {
  return session.expiresAt - now < (SURVEY_SESSION_SECONDS * 1000) / 2;
}
