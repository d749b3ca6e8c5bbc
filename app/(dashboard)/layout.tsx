import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { SessionWatcher } from "@/components/dashboard/session-watcher";
import { TRPCReactProvider } from "@/components/trpc-provider";

export const metadata: Metadata = {
  title: { default: "Dashboard", template: "%s · Payrail" },
  robots: { index: false },
};

/** Merchant-facing pages: tRPC data, filters in the URL, toasts. */
export default function DashboardGroupLayout({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <NuqsAdapter>
        <SessionWatcher />
        {children}
        <Toaster position="bottom-right" richColors closeButton />
      </NuqsAdapter>
    </TRPCReactProvider>
  );
}
