"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { signUpRequest, type SignUpRequest } from "@/server/accounts/sign-up.schema";
import { safeCallback } from "./safe-callback";

const fields = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "businessName", label: "Business name", type: "text", autoComplete: "organization" },
  { name: "email", label: "Work email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
] as const;

/** Sign-up: creates the user, their merchant and owner membership, then signs in. */
export function SignUpForm({ callbackUrl, defaultEmail }: { callbackUrl?: string; defaultEmail?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<SignUpRequest>({
    resolver: zodResolver(signUpRequest),
    defaultValues: { email: defaultEmail ?? "" },
  });
  const signUp = useMutation(trpc.account.signUp.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const { slug } = await signUp.mutateAsync(values);
      const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
      if (!result || result.error)
        throw new Error(result?.error ?? "Your account was created, but signing in failed. Sign in to continue.");
      router.replace(safeCallback(callbackUrl, `/dashboard/${slug}/test`));
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong.");
    }
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <div>
        <h1 className="text-lg font-semibold">Create your Payrail account</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          You start in test mode, on test networks, with nothing at stake.
        </p>
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {error}
        </p>
      )}
      {fields.map((f) => {
        const message = form.formState.errors[f.name]?.message;
        return (
          <div key={f.name} className="flex flex-col gap-1.5">
            <Label htmlFor={f.name}>{f.label}</Label>
            <Input
              id={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${f.name}-error` : undefined}
              {...form.register(f.name)}
            />
            <FieldError id={`${f.name}-error`} message={message} />
          </div>
        );
      })}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link
          href={`/login${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}
          className="font-medium text-accent hover:underline"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
