"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";

/** Create another merchant, owned by the signed-in user. */
export function NewMerchantForm({ hasMerchants }: { hasMerchants: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const create = useMutation(trpc.account.createMerchant.mutationOptions());
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) return setError("Enter a name");
    create.mutate(
      { name },
      { onSuccess: ({ slug }) => router.push(`/dashboard/${slug}/test`), onError: (e) => setError(e.message) },
    );
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <div>
        <h1 className="text-lg font-semibold">New merchant</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {hasMerchants
            ? "A separate business with its own invoices, keys and team. You will be its owner."
            : "You are not a member of any merchant yet. Create one, or ask a teammate for an invitation link."}
        </p>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="name">Business name</Label>
        <Input
          id="name"
          name="name"
          autoComplete="organization"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "name-error" : undefined}
        />
        <FieldError id="name-error" message={error} />
      </div>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create merchant"}
      </Button>
    </form>
  );
}
