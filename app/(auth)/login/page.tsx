import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallback } from "@/components/auth/safe-callback";
import { currentSession } from "@/server/auth/current-session";

export const metadata: Metadata = { title: "Sign in" };

/** `/login`: sign in; someone already signed in goes straight on. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const callbackUrl = typeof query.callbackUrl === "string" ? query.callbackUrl : undefined;
  if (await currentSession()) redirect(safeCallback(callbackUrl));
  const email = typeof query.email === "string" ? query.email : undefined;
  return <LoginForm callbackUrl={callbackUrl} expired={query.expired === "1"} defaultEmail={email} />;
}
