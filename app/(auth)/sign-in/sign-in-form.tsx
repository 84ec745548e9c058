"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button, Field, inputClass } from "@/app/_components/ui";
import { requestSignInLink } from "@/lib/auth/actions";
import { signInSchema, type SignInInput } from "@/lib/auth/schemas";

export function SignInForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await requestSignInLink(values);
    if (result.ok) {
      router.push("/sign-in/check-email");
      return;
    }
    const emailError = result.fieldErrors?.email?.[0];
    if (emailError) setError("email", { message: emailError });
    else setFormError(result.error);
  });

  const emailError = errors.email?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id="email" label="Work e-mail address" error={emailError}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          className={inputClass}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
          {...register("email")}
        />
      </Field>
      {formError ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Sending…" : "E-mail me a sign-in link"}
      </Button>
    </form>
  );
}
