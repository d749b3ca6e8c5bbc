"use client";

import { LoaderCircle, Wallet } from "lucide-react";
import { useState } from "react";
import type { CheckoutPaymentOption } from "@/server/api/routers/checkout";
import { Button } from "@/components/ui/button";
import type { NetworkLabel } from "./network-label";
import { checkoutStrings as t } from "./strings";
import { useBrowserWallets, type DetectedWallet } from "./wallet/use-browser-wallets";
import type { WalletFailure, WalletStep } from "./wallet/pay-with-wallet";

interface WalletPayProps {
  option: CheckoutPaymentOption;
  network: NetworkLabel;
  onSubmitted(hash: string): void;
  onReverted(hash: string): void;
}

function walletName(w: DetectedWallet): string {
  if (w.kind === "test") return t.wallet.testWallet;
  return w.name ?? t.wallet.browserWallet;
}

/**
 * "Pay with <wallet>": one button per wallet the browser announced, nothing when there is none.
 * wagmi and viem load only when a button is pressed; they send exactly `amount_due_base_units`.
 */
export function WalletPay({ option, network, onSubmitted, onReverted }: WalletPayProps) {
  const wallets = useBrowserWallets();
  const [step, setStep] = useState<"loading" | WalletStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (wallets.length === 0) return null;

  const errorText = (reason: WalletFailure) => (reason === "switch" ? t.wallet.errors.switch(network.name) : t.wallet.errors[reason]);

  async function pay(wallet: DetectedWallet) {
    setError(null);
    setStep("loading");
    try {
      const { payWithWallet } = await import("./wallet/pay-with-wallet");
      const result = await payWithWallet({
        walletId: wallet.id,
        network,
        to: option.address,
        tokenAddress: option.token_address,
        amountBaseUnits: option.amount_due_base_units,
        onStep: setStep,
        onOutcome: (outcome, hash) => {
          if (outcome === "reverted") onReverted(hash);
        },
      });
      if (result.ok) onSubmitted(result.hash);
      else setError(errorText(result.reason));
    } catch {
      // The wallet code itself failed to load (offline, new deployment).
      setError(t.wallet.errors.other);
    } finally {
      setStep(null);
    }
  }

  const stepText =
    step === "loading" ? t.wallet.loading : step === "connecting" ? t.wallet.connecting : step === "switching" ? t.wallet.switching(network.name) : step === "confirming" ? t.wallet.confirming : null;

  return (
    <div className="flex flex-col gap-2">
      {wallets.map((w) => (
        <Button key={w.id} size="lg" className="w-full" onClick={() => pay(w)} disabled={step !== null} aria-busy={step !== null}>
          {step !== null ? (
            <LoaderCircle aria-hidden className="size-5 animate-spin motion-reduce:animate-none" />
          ) : w.icon ? (
            // eslint-disable-next-line @next/next/no-img-element -- a wallet's data: URI icon, not an optimisable asset
            <img src={w.icon} alt="" className="size-5 rounded" />
          ) : (
            <Wallet aria-hidden className="size-5" />
          )}
          {t.wallet.payWith(walletName(w))}
        </Button>
      ))}
      {stepText && <p className="text-center text-sm text-muted-foreground">{stepText}</p>}
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-200">
          {error}
        </p>
      )}
      <p className="mt-2 flex items-center gap-3 text-xs text-muted-foreground">
        <span aria-hidden className="h-px flex-1 bg-border" />
        {t.orPayManually}
        <span aria-hidden className="h-px flex-1 bg-border" />
      </p>
    </div>
  );
}
