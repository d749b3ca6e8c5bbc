"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";

/** The verification link's page: confirm the address with one click, then go on to the dashboard. */
export function VerifyEmailCard({ token, wellFormed }: { token: string; wellFormed: boolean }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.account.verifyEmail.mutationOptions());

  if (verify.isSuccess) {
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-lg font-semibold">Email verified</h1>
        <p className="text-sm text-muted-foreground">
          <span className="text-foreground">{verify.data.email}</span> is verified. You can now accept invitations sent
          to it.
        </p>
        <Link href="/dashboard" className={buttonClasses({ className: "mt-2" })}>
          Continue to the dashboard
        </Link>
      </div>
    );
  }
  if (!wellFormed || verify.isError) {
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-lg font-semibold">This link does not work</h1>
        <p role="alert" className="text-sm text-muted-foreground">
          {verify.error?.message ?? "This verification link is not valid."}
        </p>
        <p className="text-sm text-muted-foreground">
          Signed in, you can ask for a new link from any invitation sent to your address.
        </p>
        <Link href="/dashboard" className={buttonClasses({ variant: "secondary", className: "mt-2" })}>
          Go to the dashboard
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-lg font-semibold">Verify your email address</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Confirm that this address is yours. A verified address lets you join the teams that invite you.
        </p>
      </div>
      <Button disabled={verify.isPending} onClick={() => verify.mutate({ token })}>
        {verify.isPending ? "Verifying…" : "Verify my email"}
      </Button>
    </div>
  );
}
