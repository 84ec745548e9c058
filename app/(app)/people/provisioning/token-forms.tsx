"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button, ErrorText, Field, fieldAria, inputClass, Notice, OutcomeText } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import { createScimTokenAction, revokeScimTokenAction } from "@/lib/scim/actions";
import type { CreateScimTokenInput } from "@/lib/scim/schemas";

const validation = lazyZodResolver<CreateScimTokenInput>(() => import("@/lib/scim/schemas").then((m) => m.createScimTokenSchema));

export function CreateTokenForm() {
  const creating = useAction();
  const [token, setToken] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<CreateScimTokenInput>({ resolver: validation.resolver, defaultValues: { label: "" } });

  const onSubmit = handleSubmit((values) =>
    creating.run(() => createScimTokenAction(values), {
      success: (data) => {
        setToken(data.token);
        setCopied(false);
        reset({ label: "" });
      },
      failure: (f) => showFieldErrors(f, setError),
    }),
  );

  return (
    <div className="mt-3 space-y-4">
      <form onSubmit={onSubmit} onFocus={validation.prefetch} noValidate className="space-y-4">
        <Field
          id="token-label"
          label="Name"
          hint="For example the identity provider that will use it: Entra ID, Okta."
          error={errors.label?.message}
        >
          <input
            id="token-label"
            className={inputClass}
            autoComplete="off"
            {...fieldAria("token-label", errors.label?.message)}
            {...register("label")}
          />
        </Field>
        <Button type="submit" disabled={creating.busy}>
          {creating.busy ? "Creating…" : "Create token"}
        </Button>
        <ErrorText>{creating.outcome?.tone === "error" ? creating.outcome.text : null}</ErrorText>
      </form>
      {token ? (
        <Notice tone="success" title="Copy this token now: it will not be shown again">
          <p className="mb-2">Paste it into your identity provider as the secret token. If it is lost, revoke it and create another.</p>
          <label htmlFor="new-token" className="sr-only">
            The new token
          </label>
          <input
            id="new-token"
            readOnly
            value={token}
            className={`${inputClass} font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <Button
              type="button"
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(token).catch(() => undefined);
                setCopied(true);
              }}
            >
              Copy
            </Button>
            <span role="status" className="text-sm">
              {copied ? "Copied." : ""}
            </span>
          </div>
        </Notice>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ tokenId, label }: { tokenId: string; label: string }) {
  const revoking = useAction();
  return (
    <span className="inline-flex flex-col gap-1">
      <ConfirmButton
        label={
          <>
            Revoke<span className="sr-only"> {label}</span>
          </>
        }
        confirmLabel="Revoke now"
        question="The identity provider stops syncing at once. Revoke?"
        variant="danger"
        onConfirm={() => revoking.run(() => revokeScimTokenAction({ tokenId }))}
      />
      <OutcomeText outcome={revoking.outcome} />
    </span>
  );
}
