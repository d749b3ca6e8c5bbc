"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { safeCallback } from "./safe-callback";

/** Email and password sign-in through next-auth's credentials provider; errors stay on the form. */
export function LoginForm({
  callbackUrl,
  expired,
  defaultEmail,
}: {
  callbackUrl?: string;
  expired?: boolean;
  defaultEmail?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(expired ? "Your session ended. Sign in again to continue." : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(
        !result || result.error === "CredentialsSignin"
          ? "That email and password do not match an account."
          : result.error,
      );
      return;
    }
    router.replace(safeCallback(callbackUrl));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <h1 className="text-lg font-semibold">Sign in to your dashboard</h1>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {error}
        </p>
      )}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={defaultEmail} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        New to Payrail?{" "}
        <Link
          href={`/signup${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}
          className="font-medium text-accent hover:underline"
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
