"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button, Field, fieldAria, inputClass, OutcomeText } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import { removeSsoSettingsAction, saveSsoSettingsAction, testSsoConnectionAction } from "@/lib/sso/actions";
import type { SsoSettingsInput } from "@/lib/sso/schemas";

// The same schema as the server action's, loaded on the form's first touch.
const validation = lazyZodResolver<SsoSettingsInput>(() => import("@/lib/sso/schemas").then((m) => m.ssoSettingsSchema));

interface Saved {
  issuer: string;
  clientId: string;
  domains: string[];
  emailLinks: boolean;
  updatedAt: string;
}

export function SsoSettingsForm({ saved }: { saved: Saved | null }) {
  const saving = useAction();
  const removing = useAction();
  const testing = useAction();
  const [checks, setChecks] = useState<{ check: string; ok: boolean; text: string }[] | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    getValues,
    trigger,
    formState: { errors, isSubmitting },
  } = useForm<SsoSettingsInput>({
    resolver: validation.resolver,
    defaultValues: {
      issuer: saved?.issuer ?? "",
      clientId: saved?.clientId ?? "",
      clientSecret: "",
      domains: saved?.domains.join(", ") ?? "",
      emailLinks: saved?.emailLinks ?? true,
    },
  });
  // The fields as typed (the resolver hands over the parsed form, domains already a list): the
  // action parses them with the same schema.
  const onSubmit = handleSubmit(() =>
    saving.run(() => saveSsoSettingsAction(getValues()), {
      success: () => {
        resetField("clientSecret", { defaultValue: "" });
        return "Saved. People can sign in with your provider from now on.";
      },
      failure: (failure) => showFieldErrors(failure, setError),
    }),
  );
  // Checks the issuer as typed, saved or not: the same field rule as saving, then the server's fetch.
  const testConnection = async () => {
    setChecks(null);
    testing.say(null);
    if (!(await trigger("issuer"))) return;
    await testing.run(() => testSsoConnectionAction({ issuer: getValues("issuer") }), {
      success: (report) => {
        setChecks(report.checks);
        return report.ok
          ? { tone: "ok", text: "Connection test passed: Twofold can use this provider." }
          : { tone: "error", text: "Connection test failed: see the checks below." };
      },
      failure: (failure) => showFieldErrors(failure, setError, { only: ["issuer"] }),
    });
  };
  const busy = isSubmitting || saving.busy;
  const e = {
    issuer: errors.issuer?.message,
    clientId: errors.clientId?.message,
    clientSecret: errors.clientSecret?.message,
    domains: errors.domains?.message,
    emailLinks: errors.emailLinks?.message,
  };
  return (
    <>
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4" onFocusCapture={validation.prefetch}>
        <Field id="sso-issuer" label="Issuer URL" hint="For example https://login.microsoftonline.com/<tenant ID>/v2.0" error={e.issuer}>
          <input
            id="sso-issuer"
            type="url"
            inputMode="url"
            autoComplete="off"
            className={inputClass}
            {...fieldAria("sso-issuer", e.issuer)}
            {...register("issuer")}
          />
        </Field>
        <div className="space-y-2">
          <Button type="button" variant="secondary" disabled={testing.busy} onClick={() => void testConnection()}>
            {testing.busy ? "Testing…" : "Test connection"}
          </Button>
          <OutcomeText outcome={testing.outcome} />
          {checks ? (
            <ul aria-label="Connection checks" className="space-y-1 text-sm">
              {checks.map((c) => (
                <li key={c.check} className={c.ok ? "text-emerald-800" : "font-medium text-red-700"}>
                  <span aria-hidden="true">{c.ok ? "✓ " : "✗ "}</span>
                  <span className="sr-only">{c.ok ? "Passed: " : "Failed: "}</span>
                  {c.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <Field id="sso-client-id" label="Client ID" hint="Also called application ID." error={e.clientId}>
          <input
            id="sso-client-id"
            autoComplete="off"
            className={inputClass}
            {...fieldAria("sso-client-id", e.clientId)}
            {...register("clientId")}
          />
        </Field>
        <Field
          id="sso-client-secret"
          label="Client secret"
          hint={
            saved
              ? "Saved, and never shown again. Leave blank to keep it; type a new one to replace it."
              : "Stored encrypted; never shown again."
          }
          error={e.clientSecret}
        >
          <input
            id="sso-client-secret"
            type="password"
            autoComplete="new-password"
            className={inputClass}
            {...fieldAria("sso-client-secret", e.clientSecret)}
            {...register("clientSecret")}
          />
        </Field>
        <Field
          id="sso-domains"
          label="E-mail domains"
          hint="The domains of your people's addresses, separated by commas, such as example.com, example.co.uk."
          error={e.domains}
        >
          <input
            id="sso-domains"
            autoComplete="off"
            className={inputClass}
            {...fieldAria("sso-domains", e.domains)}
            {...register("domains")}
          />
        </Field>
        <div className="flex items-start gap-3">
          <input
            id="sso-email-links"
            type="checkbox"
            className="mt-1 size-5 shrink-0"
            aria-describedby={e.emailLinks ? "sso-email-links-hint sso-email-links-error" : "sso-email-links-hint"}
            aria-invalid={e.emailLinks ? true : undefined}
            {...register("emailLinks")}
          />
          <div>
            <label htmlFor="sso-email-links" className="text-sm font-semibold text-slate-900">
              Also allow e-mail sign-in links
            </label>
            <p id="sso-email-links-hint" className="text-sm text-slate-600">
              Switched off, your people sign in with your provider only, and e-mail links no longer open this organisation. Verify a domain
              and sign in with your provider once before you switch them off.
            </p>
            {e.emailLinks ? (
              <p id="sso-email-links-error" className="mt-1 text-sm font-medium text-red-700">
                {e.emailLinks}
              </p>
            ) : null}
          </div>
        </div>
        <OutcomeText outcome={saving.outcome} />
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save sign-in settings"}
        </Button>
      </form>
      {saved ? (
        <div className="mt-6 border-t border-slate-200 pt-4">
          {confirmRemove ? (
            <div className="space-y-2">
              <p className="text-sm text-slate-700">
                Turn off single sign-on? Your people then sign in with e-mail links only, and everyone signed in with your provider (you
                too, if you are) is signed out.
              </p>
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="danger"
                  disabled={removing.busy}
                  onClick={() => removing.run(() => removeSsoSettingsAction({}), { success: () => "Single sign-on is off." })}
                >
                  Turn off single sign-on
                </Button>
                <Button variant="secondary" onClick={() => setConfirmRemove(false)}>
                  Keep it
                </Button>
              </div>
            </div>
          ) : (
            <Button variant="secondary" onClick={() => setConfirmRemove(true)}>
              Turn off single sign-on…
            </Button>
          )}
        </div>
      ) : null}
      {/* Outside the block above: once SSO is off the page no longer has it, and the outcome must stay. */}
      <OutcomeText outcome={removing.outcome} className="mt-2" />
    </>
  );
}
