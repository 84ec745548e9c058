import type { Metadata } from "next";
import { ButtonLink, Card, Notice } from "@/app/_components/ui";
import { isSsoProblem, type SsoProblem } from "@/lib/auth/sso-rules";

export const metadata: Metadata = { title: "Signing in did not work" };

/**
 * Where every failed sign-in with the identity provider ends (lib/auth/sso.ts). "refused" is one
 * sentence for an unknown address, a person of another organisation and a deactivated one: the
 * page never says whether an address is in anyone's directory.
 */
const problems: Record<SsoProblem, { title: string; text: string; next: string }> = {
  refused: {
    title: "We could not sign you in with that account",
    text: "Twofold lets in only people their HR team has added, with the e-mail address their company account uses.",
    next: "If you think you should have access, ask your HR team to check the address they added for you.",
  },
  unverified: {
    title: "Your account's e-mail address is not confirmed",
    text: "Your identity provider did not confirm that the e-mail address of this account belongs to it, so Twofold cannot use it to sign you in.",
    next: "Ask your IT team to confirm the address of your account, or sign in with an e-mail link instead.",
  },
  expired: {
    title: "That sign-in took too long or was already used",
    text: "Each sign-in with your company account works once, for 15 minutes, in the browser that started it.",
    next: "Start again from the sign-in page.",
  },
  issuer: {
    title: "Twofold could not confirm your identity provider",
    text: "The answer came from a different identity provider from the one this site is set up to trust, so nobody was signed in.",
    next: "Tell whoever runs Twofold for your organisation: the issuer in its single sign-on settings may be wrong.",
  },
  provider: {
    title: "Your identity provider did not sign you in",
    text: "It refused the sign-in, or could not be reached.",
    next: "Try again in a moment. If it keeps happening, tell your IT team.",
  },
};

export default async function SignInProblemPage({ searchParams }: { searchParams: Promise<{ problem?: string }> }) {
  const { problem } = await searchParams;
  const shown = problems[isSsoProblem(problem) ? problem : "provider"];
  return (
    <Card>
      <h1 className="text-xl font-bold">Signing in did not work</h1>
      <div className="mt-4">
        <Notice tone="danger" title={shown.title}>
          <p>{shown.text}</p>
        </Notice>
      </div>
      <p className="mt-4 text-sm text-slate-700">{shown.next}</p>
      <ButtonLink href="/sign-in" className="mt-4 w-full">
        Back to sign-in
      </ButtonLink>
    </Card>
  );
}
