import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

/**
 * A rater's survey session: after the e-mailed token is exchanged (an explicit POST, never a GET),
 * a short-lived cookie scoped to that one survey's path carries on, so the survey URL holds no
 * token. The cookie is an HMAC over the invitation id and its expiry; nothing is stored.
 */

export const SURVEY_SESSION_SECONDS = 2 * 60 * 60;

const cookieName = (invitationId: string) => `twofold-survey-${invitationId}`;
export const surveyPath = (invitationId: string) => `/survey/${invitationId}`;

function signature(invitationId: string, expires: number): string {
  return createHmac("sha256", env().authSecret).update(`survey:${invitationId}:${expires}`).digest("base64url");
}

/** Start (or extend) the session. Only callable where cookies may be set: actions, route handlers. */
export async function startSurveySession(invitationId: string, now = Date.now()): Promise<void> {
  const expires = Math.floor(now / 1000) + SURVEY_SESSION_SECONDS;
  (await cookies()).set(cookieName(invitationId), `${expires}.${signature(invitationId, expires)}`, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().production,
    path: surveyPath(invitationId),
    maxAge: SURVEY_SESSION_SECONDS,
  });
}

export async function hasSurveySession(invitationId: string, now = Date.now()): Promise<boolean> {
  const value = (await cookies()).get(cookieName(invitationId))?.value;
  if (!value) return false;
  const [expiresText, given] = value.split(".");
  const expires = Number(expiresText);
  if (!Number.isInteger(expires) || !given || expires * 1000 < now) return false;
  const expected = Buffer.from(signature(invitationId, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
