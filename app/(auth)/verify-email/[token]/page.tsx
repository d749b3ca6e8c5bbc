import type { Metadata } from "next";
import { VerifyEmailCard } from "@/components/auth/verify-email-card";
import { EMAIL_VERIFICATION_TOKEN } from "@/server/accounts/email-verification-token";

export const metadata: Metadata = { title: "Verify your email" };

/**
 * `/verify-email/{token}`: the link sign-up sends. Opening it changes nothing (mail scanners open links too): the
 * holder confirms with a button, which uses the link up.
 */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <VerifyEmailCard token={token} wellFormed={EMAIL_VERIFICATION_TOKEN.test(token)} />;
}
