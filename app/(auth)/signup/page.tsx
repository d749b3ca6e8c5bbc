import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/signup-form";

export const metadata: Metadata = { title: "Create an account" };

/** `/signup`: a new user and their merchant. */
export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  return (
    <SignUpForm
      callbackUrl={typeof query.callbackUrl === "string" ? query.callbackUrl : undefined}
      defaultEmail={typeof query.email === "string" ? query.email : undefined}
    />
  );
}
