import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/trpc-provider";

/** Sign-in, sign-up and invitation pages: one centred card. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
        <p className="mb-6 text-sm font-semibold uppercase tracking-wider text-accent">Payrail</p>
        <div className="w-full max-w-sm rounded-2xl border bg-card p-6 shadow-sm sm:p-8">{children}</div>
      </main>
    </TRPCReactProvider>
  );
}
