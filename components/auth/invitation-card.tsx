"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { roleDescriptions } from "@/server/auth/permissions";

/** The invitation page: who invites you, with which role; accept when signed in as the invited email. */
export function InvitationCard({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const preview = useQuery(trpc.account.invitation.queryOptions({ token }, { retry: false }));
  const accept = useMutation(trpc.account.acceptInvitation.mutationOptions());
  // Accepting needs a verified address: asked only of a signed-in user.
  const verification = useQuery(
    trpc.account.emailVerification.queryOptions(undefined, { enabled: signedInAs !== null, retry: false }),
  );
  const sendLink = useMutation(trpc.account.sendVerificationLink.mutationOptions());
  const here = `/invite/${token}`;

  if (preview.isPending)
    return (
      <div aria-busy="true" className="flex flex-col gap-3">
        <Skeleton className="h-6 w-3/4" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  if (preview.isError || !preview.data) {
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-lg font-semibold">Invitation not found</h1>
        <p className="text-sm text-muted-foreground">
          This link is not valid. Ask the person who invited you for a new one.
        </p>
      </div>
    );
  }
  const inv = preview.data;
  if (inv.status !== "open") {
    const why = { accepted: "It was already used.", revoked: "It was withdrawn.", expired: "It has expired." }[
      inv.status
    ];
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-lg font-semibold">This invitation no longer works</h1>
        <p className="text-sm text-muted-foreground">
          {why} Ask someone at {inv.merchantName} for a new one.
        </p>
        <Link href="/dashboard" className={buttonClasses({ variant: "secondary", className: "mt-2" })}>
          Go to the dashboard
        </Link>
      </div>
    );
  }
  const wrongAccount = signedInAs !== null && signedInAs.toLowerCase() !== inv.email;
  const unverified = !wrongAccount && verification.data?.verified === false;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-lg font-semibold">Join {inv.merchantName} on Payrail</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          You are invited with <span className="text-foreground">{inv.email}</span> as{" "}
          <strong className="text-foreground">{inv.role}</strong>.
        </p>
        <p className="mt-2 rounded-md bg-muted/60 px-3 py-2 text-xs text-muted-foreground">
          {roleDescriptions[inv.role]}
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
      {signedInAs === null ? (
        <div className="flex flex-col gap-2">
          <Link
            href={`/signup?email=${encodeURIComponent(inv.email)}&callbackUrl=${encodeURIComponent(here)}`}
            className={buttonClasses()}
          >
            Create an account to join
          </Link>
          <Link
            href={`/login?email=${encodeURIComponent(inv.email)}&callbackUrl=${encodeURIComponent(here)}`}
            className={buttonClasses({ variant: "secondary" })}
          >
            I already have an account
          </Link>
        </div>
      ) : wrongAccount ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm">
            You are signed in as {signedInAs}. This invitation is for {inv.email}.
          </p>
          <Button
            variant="secondary"
            onClick={() =>
              void signOut({
                callbackUrl: `/login?email=${encodeURIComponent(inv.email)}&callbackUrl=${encodeURIComponent(here)}`,
              })
            }
          >
            Sign out and switch account
          </Button>
        </div>
      ) : unverified ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm">
            Verify {inv.email} before you join: open the verification link sent to it when you signed up, or send a new
            one.
          </p>
          {sendLink.isSuccess && (
            <p role="status" className="rounded-md bg-muted/60 px-3 py-2 text-sm">
              {sendLink.data.delivered
                ? `A new link for ${sendLink.data.email} is on its way. It works for 24 hours; Payrail has no mail server of its own, so it is written to the server's log.`
                : "This Payrail cannot send verification links. Ask its operator to verify your address."}
            </p>
          )}
          {sendLink.isError && (
            <p role="alert" className="text-sm text-red-800 dark:text-red-300">
              {sendLink.error.message}
            </p>
          )}
          <Button disabled={sendLink.isPending} onClick={() => sendLink.mutate()}>
            {sendLink.isPending ? "Sending…" : "Send a new verification link"}
          </Button>
          <Button variant="secondary" onClick={() => void verification.refetch()}>
            I have verified it
          </Button>
        </div>
      ) : (
        <Button
          disabled={accept.isPending || (signedInAs !== null && verification.isPending)}
          onClick={() =>
            accept.mutate(
              { token },
              {
                onSuccess: ({ slug }) => {
                  router.replace(`/dashboard/${slug}/test`);
                  router.refresh();
                },
                onError: (e) => setError(e.message),
              },
            )
          }
        >
          {accept.isPending ? "Joining…" : `Accept and join ${inv.merchantName}`}
        </Button>
      )}
    </div>
  );
}
