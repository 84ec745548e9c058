import type { Metadata } from "next";
import { Button, Card } from "@/app/_components/ui";
import { callbackPath } from "@/lib/auth/redirect";

export const metadata: Metadata = { title: "Confirm sign-in", referrer: "no-referrer" };

/**
 * Where the e-mailed sign-in link leads. Opening it changes nothing (mail scanners open links to
 * check them); only pressing the button uses the one-time token.
 */
export default async function ConfirmSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { token = "", email = "" } = await searchParams;
  // Only a path on this site; anything else goes home (callbackPath, the one rule for it).
  const callbackUrl = callbackPath((await searchParams).callbackUrl);
  const valid = /^[0-9a-f]{32,128}$/.test(token) && email.includes("@");
  return (
    <Card>
      <h1 className="text-xl font-bold">Sign in to Twofold</h1>
      {valid ? (
        <>
          <p className="mt-2 break-all text-slate-700">
            Signing in as <span className="font-semibold">{email}</span>.
          </p>
          <form method="get" action="/api/auth/callback/email" className="mt-4">
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="email" value={email} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button type="submit" className="w-full">
              Sign in
            </Button>
          </form>
        </>
      ) : (
        <p className="mt-2 text-slate-700">
          This sign-in link is incomplete. Ask for a new one on the{" "}
          <a href="/sign-in" className="font-semibold text-accent-700 underline">
            sign-in page
          </a>
          .
        </p>
      )}
    </Card>
  );
}
