import { CheckCircle2, Clock, Hourglass, Link2Off, ShieldAlert, TimerOff, XCircle } from "lucide-react";
import type { ReactNode } from "react";
import { Card, CardSection } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import type { RefundClaimView } from "@/server/refunds/find-refund-claim";
import { AddressDisplay } from "../address-display";
import { MerchantHeader } from "../merchant-header";
import type { NetworkLabel } from "../network-label";
import { TxHash } from "../tx-hash";
import { claimStrings as t } from "./claim-strings";

/** Which step the page shows: the form, the address read back for confirmation, or where the claim stands. */
export type ClaimStep =
  | { kind: "enter"; value: string; error: boolean }
  | { kind: "review"; address: string; unavailable: boolean }
  | { kind: "status" };

export interface ClaimViewProps {
  token: string;
  claim: RefundClaimView;
  network: NetworkLabel;
  step: ClaimStep;
}

/**
 * The refund claim card, rendered on the server for every step and state, with the hosted payment page's look: the
 * merchant on top, the amount large, then what to do. Plain forms, no script: entering an address is a GET to this
 * page (nothing changes), confirming it a POST to /claim/{token}/confirm.
 */
export function ClaimView({ token, claim, network, step }: ClaimViewProps) {
  const merchant = {
    name: claim.merchant.name,
    logo_url: claim.merchant.logoUrl,
    accent_color: claim.merchant.accentColor,
    support_email: claim.merchant.supportEmail,
  };
  const amount = `${claim.amount} ${claim.asset}`;
  return (
    <Card className="w-full max-w-md" data-claim={claim.state}>
      <CardSection className="flex flex-col items-center gap-1 text-center">
        <MerchantHeader merchant={merchant} />
        {claim.orderId && <p className="text-sm text-muted-foreground">{t.forOrder(claim.orderId)}</p>}
        <p className="mt-4 text-xs font-medium uppercase tracking-wide text-muted-foreground">{t.refund}</p>
        <p className="text-3xl font-semibold tracking-tight tabular-nums sm:text-4xl" data-testid="amount">
          {amount}
        </p>
        <p className="text-sm text-muted-foreground">{t.onNetwork(network.name)}</p>
      </CardSection>
      <CardSection className="flex flex-col gap-5">
        {claim.state === "expired" ? (
          <Outcome
            icon={<TimerOff className="size-8 text-muted-foreground" />}
            title={t.expired.title}
            body={t.expired.body}
          />
        ) : claim.state === "cancelled" ? (
          <Outcome
            icon={<XCircle className="size-8 text-muted-foreground" />}
            title={t.cancelled.title}
            body={t.cancelled.body}
          />
        ) : claim.state === "claimed" || step.kind === "status" ? (
          <Claimed claim={claim} network={network} amount={amount} />
        ) : step.kind === "review" ? (
          <Review
            token={token}
            address={step.address}
            amount={amount}
            network={network}
            unavailable={step.unavailable}
          />
        ) : (
          <Enter token={token} claim={claim} network={network} value={step.value} error={step.error} />
        )}
      </CardSection>
      {claim.merchant.supportEmail && (
        <CardSection className="bg-muted/40 py-4 text-center text-xs text-muted-foreground last:rounded-b-2xl">
          {t.contact(claim.merchant.supportEmail)}
        </CardSection>
      )}
    </Card>
  );
}

function Enter({
  token,
  claim,
  network,
  value,
  error,
}: {
  token: string;
  claim: RefundClaimView;
  network: NetworkLabel;
  value: string;
  error: boolean;
}) {
  return (
    <form method="get" action={`/claim/${token}`} className="flex flex-col gap-4" noValidate>
      <h2 className="text-base font-semibold">{t.enter.heading}</h2>
      <div className="flex gap-3 rounded-xl bg-amber-50 p-4 text-sm leading-6 text-amber-950 dark:bg-amber-500/10 dark:text-amber-100">
        <ShieldAlert aria-hidden className="mt-0.5 size-5 shrink-0 text-amber-600 dark:text-amber-400" />
        <span>{t.enter.warning(claim.asset, network.name)}</span>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="address">{t.enter.label(network.name)}</Label>
        <Input
          id="address"
          name="address"
          defaultValue={value}
          placeholder={t.enter.placeholder}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          required
          maxLength={100}
          aria-invalid={error || undefined}
          aria-describedby={error ? "address-error" : undefined}
          className="h-11 font-mono text-[0.95rem]"
        />
        <FieldError id="address-error" message={error ? t.enter.badAddress : undefined} />
      </div>
      <button type="submit" className={buttonClasses({ size: "lg", className: "w-full" })}>
        {t.enter.submit}
      </button>
      {claim.expiresAt && (
        <p className="text-center text-xs text-muted-foreground">
          {t.validUntil(claim.expiresAt.toISOString().slice(0, 10))}
        </p>
      )}
    </form>
  );
}

function Review({
  token,
  address,
  amount,
  network,
  unavailable,
}: {
  token: string;
  address: string;
  amount: string;
  network: NetworkLabel;
  unavailable: boolean;
}) {
  return (
    <form method="post" action={`/claim/${token}/confirm`} className="flex flex-col gap-4">
      <h2 className="text-base font-semibold">{t.review.heading}</h2>
      <dl className="flex flex-col gap-3 text-sm">
        <div className="flex flex-col gap-1">
          <dt className="text-muted-foreground">{t.review.address}</dt>
          <dd className="rounded-xl border bg-muted/40 px-4 py-3" data-testid="review-address">
            <AddressDisplay address={address} />
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">{t.review.amount}</dt>
          <dd className="font-medium tabular-nums">{amount}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">{t.review.network}</dt>
          <dd className="font-medium">{network.name}</dd>
        </div>
      </dl>
      <p className="text-sm leading-6 text-muted-foreground">{t.review.hint}</p>
      {unavailable && (
        <p role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-100">
          {t.review.unavailable}
        </p>
      )}
      <input type="hidden" name="address" value={address} />
      <button type="submit" className={buttonClasses({ size: "lg", className: "w-full" })}>
        {t.review.confirm}
      </button>
      <a
        href={`/claim/${token}?${new URLSearchParams({ edit: address })}`}
        className={buttonClasses({ variant: "ghost", className: "w-full" })}
      >
        {t.review.change}
      </a>
    </form>
  );
}

function Claimed({ claim, network, amount }: { claim: RefundClaimView; network: NetworkLabel; amount: string }) {
  const [title, body, icon] = (() => {
    switch (claim.status) {
      case "confirmed":
        return [
          t.done.confirmed,
          t.done.confirmedBody,
          <CheckCircle2 key="i" className="size-8 text-emerald-600 dark:text-emerald-400" />,
        ];
      case "submitted":
        return [
          t.done.submitted,
          t.done.submittedBody,
          <Hourglass key="i" className="size-8 text-amber-600 dark:text-amber-400" />,
        ];
      case "pending_approval":
        return [
          t.done.approval,
          t.done.approvalBody,
          <Clock key="i" className="size-8 text-amber-600 dark:text-amber-400" />,
        ];
      case "failed":
        return [
          t.done.failed,
          t.done.failedBody,
          <XCircle key="i" className="size-8 text-red-600 dark:text-red-400" />,
        ];
      case "cancelled":
        return [t.done.cancelled, t.done.cancelledBody, <XCircle key="i" className="size-8 text-muted-foreground" />];
      default:
        return [
          t.done.sending,
          t.done.sendingBody,
          <CheckCircle2 key="i" className="size-8 text-emerald-600 dark:text-emerald-400" />,
        ];
    }
  })();
  return (
    <div className="flex flex-col gap-5" role="status">
      <Outcome icon={icon} title={title} body={body} />
      <dl className="flex flex-col gap-3 text-sm">
        {claim.address && (
          <div className="flex flex-col gap-1">
            <dt className="text-muted-foreground">{t.review.address}</dt>
            <dd className="rounded-xl border bg-muted/40 px-4 py-3">
              <AddressDisplay address={claim.address} />
            </dd>
          </div>
        )}
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">{t.review.amount}</dt>
          <dd className="font-medium tabular-nums">{amount}</dd>
        </div>
        {claim.txHash && (
          <div className="flex flex-col gap-1">
            <dt className="text-muted-foreground">{t.done.transaction}</dt>
            <dd>
              <TxHash hash={claim.txHash} network={network} />
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function Outcome({ icon, title, body }: { icon: ReactNode; title: string; body: string }) {
  return (
    <div className="flex flex-col items-center gap-2 text-center">
      <span aria-hidden>{icon}</span>
      <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
      <p className="text-sm leading-6 text-muted-foreground">{body}</p>
    </div>
  );
}

/** The page for a token that opens no refund: no form, what to do instead. */
export function ClaimLinkNotFound() {
  return (
    <Card className="flex w-full max-w-md flex-col items-center gap-3 px-6 py-10 text-center">
      <Link2Off aria-hidden className="size-8 text-muted-foreground" />
      <h1 className="text-xl font-semibold tracking-tight">{t.notFound.title}</h1>
      <p className="text-sm leading-6 text-muted-foreground">{t.notFound.body}</p>
    </Card>
  );
}
