import { TriangleExclamationPoint, Wallet } from "lucide-react";
import type { ReactNode } from "react";
import type { CheckoutPaymentOption } from "@/server/invoices/find-public-invoice";
import { buttonClasses } from "@/components/ui/button";
import { AddressDisplay } from "./address-display";
import { CopyButton } from "./copy-button";
import type { NetworkLabel } from "./network-label";
import { checkoutStrings as t } from "./strings";
import { WalletSlot } from "./wallet-slot";

// The label and its action (a copy button) share a row, so the value below gets the full width.
function Field({ label, children, action }: { label: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <dt className="flex min-h-8 items-center justify-between gap-3">
        <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</span>
        {action}
      </dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

interface PaymentDetailsProps {
  invoiceId: string;
  option: CheckoutPaymentOption;
  network: NetworkLabel;
  /** Back to choosing another option; absent when there is only one. */
  changeHref?: string;
}

/**
 * How to pay one payment option, in order of attention: the one-click wallet, then
 * network and asset with the warning, address, exact amount, QR code and the wallet link. Amounts
 * are what is still due (the whole amount until something is confirmed).
 */
export function PaymentDetails({ invoiceId, option, network, changeHref }: PaymentDetailsProps) {
  const qrSrc = `/pay/${invoiceId}/qr?${new URLSearchParams({ network: option.network, asset: option.asset, due: option.amount_due_base_units })}`;
  const amount = t.amountWithAsset(option.amount_due, option.asset);

  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-center justify-between gap-3">
        <h2 id="pay" tabIndex={-1} className="text-base font-semibold focus-visible:ring-offset-card">
          {t.payWith(option.asset, network.name)}
        </h2>
        {changeHref && (
          <a
            href={changeHref}
            aria-label={t.choose.changeName}
            className={buttonClasses({ variant: "ghost", size: "sm" })}
          >
            {t.choose.change}
          </a>
        )}
      </div>

      <WalletSlot option={option} network={network} />

      <dl className="flex flex-col gap-4">
        <div className="grid grid-cols-2 gap-3">
          <Field label={t.network}>
            <p className="font-medium">{network.name}</p>
          </Field>
          <Field label={t.asset}>
            <p className="font-medium">{option.asset}</p>
            {option.token_address && (
              <p className="text-xs text-muted-foreground">
                {t.tokenContract}{" "}
                <span className="whitespace-nowrap font-mono" title={option.token_address}>
                  {short(option.token_address)}
                </span>
              </p>
            )}
          </Field>
        </div>
        <p className="flex gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
          <TriangleExclamationPoint aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{t.networkWarning(option.asset, network.name)}</span>
        </p>
        <Field label={t.address} action={<CopyButton value={option.address} what={t.copyAddress} />}>
          <AddressDisplay address={option.address} />
          <p className="text-xs text-muted-foreground">{t.addressHint}</p>
        </Field>
        <Field label={t.amount} action={<CopyButton value={option.amount_due} what={t.copyAmount} />}>
          <p className="font-mono text-[0.95rem] font-semibold leading-7">{amount}</p>
          <p className="text-xs text-muted-foreground">{t.exactAmountHint}</p>
        </Field>
      </dl>

      <figure className="flex flex-col items-center gap-2">
        {/* Server-rendered SVG (no QR code in the page's JavaScript); dark on white whatever the colour scheme, which scanners read best. */}
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated SVG, nothing for next/image to optimise */}
        <img
          src={qrSrc}
          alt={t.qrLabel(option.amount_due, option.asset, network.name)}
          width={208}
          height={208}
          className="size-52 rounded-xl bg-white p-1 ring-1 ring-zinc-200"
        />
        <figcaption className="text-xs text-muted-foreground">{t.qrHint}</figcaption>
      </figure>
      {/* Primary until a browser wallet's button appears above it (client/main.ts swaps the classes). */}
      <a
        href={option.payment_uri_due}
        className={buttonClasses({ size: "lg", variant: "primary", className: "w-full" })}
        data-class-with-wallet={buttonClasses({ size: "lg", variant: "secondary", className: "w-full" })}
      >
        <Wallet aria-hidden className="size-5" />
        {t.openInWallet}
      </a>
    </div>
  );
}
