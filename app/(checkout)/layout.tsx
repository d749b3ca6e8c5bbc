import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/trpc-provider";

/** Customer-facing pages: live data through tRPC, one centred column. */
export default function CheckoutLayout({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <main className="flex min-h-dvh flex-col items-center px-3 py-6 sm:justify-center sm:px-6 sm:py-12">{children}</main>
    </TRPCReactProvider>
  );
}
