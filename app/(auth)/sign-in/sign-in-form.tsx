"use client";

import { useForm } from "react-hook-form";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button, ErrorText, Field, fieldAria, inputClass } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import { continueWithCompanyAccount, requestSignInLink } from "@/lib/auth/actions";
import type { SignInInput } from "@/lib/auth/schemas";

// The same schema as the server action's, loaded on the form's first touch (zod is not needed to draw it).
const validation = lazyZodResolver<SignInInput>(() => import("@/lib/auth/schemas").then((m) => m.signInSchema));

/** `companyAccounts`: some organisation here has its own identity provider, found by the address's domain. */
export function SignInForm({ callbackUrl, companyAccounts = false }: { callbackUrl: string; companyAccounts?: boolean }) {
  const asking = useAction();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: validation.resolver, defaultValues: { email: "" } });

  const onSubmit = handleSubmit((values) =>
    asking.run(() => requestSignInLink({ ...values, callbackUrl }), {
      redirect: () => "/sign-in/check-email",
      failure: (failure) => showFieldErrors(failure, setError, { only: ["email"] }),
    }),
  );
  const toCompany = handleSubmit((values) =>
    asking.run(() => continueWithCompanyAccount({ ...values, callbackUrl }), {
      failure: (failure) => showFieldErrors(failure, setError, { only: ["email"] }),
    }),
  );
  const sending = isSubmitting || asking.busy;

  const emailError = errors.email?.message;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-4"
      onFocusCapture={validation.prefetch}
      onPointerDownCapture={validation.prefetch}
    >
      <Field id="email" label="Work e-mail address" error={emailError}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          className={inputClass}
          {...fieldAria("email", emailError)}
          {...register("email")}
        />
      </Field>
      <ErrorText>{asking.outcome?.text}</ErrorText>
      <Button type="submit" className="w-full" disabled={sending}>
        {sending ? "Sending…" : "E-mail me a sign-in link"}
      </Button>
      {companyAccounts ? (
        <Button type="button" variant="secondary" className="w-full" disabled={sending} onClick={() => void toCompany()}>
          Continue with your company account
        </Button>
      ) : null}
    </form>
  );
}
