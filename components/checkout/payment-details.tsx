import { TriangleExclamationPoint, Wallet } from "lucide-react";
import type { ReactNode } from "react";
import type { PaymentOptionResponse } from "@/server/invoices/invoice.schema";
import { buttonClasses } from "@/components/ui/button";
import { CopyButton } from "./copy-button";
import { QrCode } from "./qr-code";
import { checkoutStrings as t } from "./strings";

function Field({ label, children, action }: { label: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1">{children}</div>
        {action}
      </dd>
    </div>
  );
}

/**
 * How to pay one payment option, in the order of attention of UI.md: network and its warning,
 * address, amount, QR code, then the wallet link. Server-rendered; only the copy buttons hydrate.
 */
export function PaymentDetails({ option, networkName }: { option: PaymentOptionResponse; networkName: string }) {
  return (
    <div className="flex flex-col gap-5">
      <dl className="flex flex-col gap-4">
        <Field label={t.network}>
          <p className="font-medium">{networkName}</p>
          <p className="mt-2 flex gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            <TriangleExclamationPoint aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>{t.networkWarning(option.asset, networkName)}</span>
          </p>
        </Field>
        <Field label={t.address} action={<CopyButton value={option.address} what={t.copyAddress} />}>
          <p className="break-all font-mono text-sm leading-6">{option.address}</p>
        </Field>
        <Field label={t.amount} action={<CopyButton value={option.amount} what={t.copyAmount} />}>
          <p className="font-mono text-sm leading-6">{t.amountWithAsset(option.amount, option.asset)}</p>
        </Field>
      </dl>
      <QrCode value={option.payment_uri} label={t.qrLabel(option.amount, option.asset, networkName)} />
      <a href={option.payment_uri} className={buttonClasses({ size: "lg", className: "w-full" })}>
        <Wallet aria-hidden className="size-5" />
        {t.openInWallet}
      </a>
    </div>
  );
}
