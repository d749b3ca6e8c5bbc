"use client";

import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";

const isUnauthorized = (error: unknown) =>
  error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";

/** When the session expires mid-work, any refused call sends the person to sign in and back here. */
export function SessionWatcher() {
  const queryClient = useQueryClient();
  const pathname = usePathname() ?? ""; // null only under the pages router (the hosted page), never here
  const router = useRouter();
  useEffect(() => {
    const goToLogin = () => router.replace(`/login?callbackUrl=${encodeURIComponent(pathname)}&expired=1`);
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && isUnauthorized(event.query.state.error)) goToLogin();
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && isUnauthorized(event.mutation?.state.error)) goToLogin();
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient, pathname, router]);
  return null;
}
