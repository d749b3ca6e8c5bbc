"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState, type FormEvent } from "react";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/input";
import { DateTime } from "../display";
import { ErrorState, Panel } from "../states";

/** The secret in groups of four, as authenticator apps show it when typed by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** A one-time code field: digits only on phones, filled by password managers that know TOTP. */
function CodeInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid?: boolean;
}) {
  return (
    <Input
      id={id}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      maxLength={20}
      placeholder="123456"
      className="w-40 font-mono tracking-widest"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={`${id}-error`}
    />
  );
}

/**
 * Settings → Security: the signed-in person's two-factor authentication (TOTP). Set up with a QR code or the secret
 * typed by hand, confirmed by a first code; 10 recovery codes shown once; turned off with a code. It is the person's,
 * not the merchant's: the same in every merchant they belong to.
 */
export function SecurityPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.security.totpStatus.queryOptions());
  const start = useMutation(trpc.security.startTotp.mutationOptions());
  const confirm = useMutation(trpc.security.confirmTotp.mutationOptions());
  const disable = useMutation(trpc.security.disableTotp.mutationOptions());
  const [code, setCode] = useState("");
  const [offCode, setOffCode] = useState("");
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.security.totpStatus.pathKey() });

  const submitConfirm = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(
      { code },
      {
        onSuccess: (r) => {
          setRecoveryCodes(r.recoveryCodes);
          start.reset();
          setCode("");
        },
      },
    );
  };
  const submitDisable = (e: FormEvent) => {
    e.preventDefault();
    disable.mutate(
      { code: offCode },
      {
        onSuccess: () => {
          setOffCode("");
          void refresh();
        },
      },
    );
  };

  if (status.isError) {
    return (
      <Panel title="Two-factor authentication">
        <ErrorState message={status.error.message} onRetry={() => void status.refetch()} />
      </Panel>
    );
  }

  if (recoveryCodes) {
    return (
      <Panel title="Save your recovery codes">
        <div className="flex flex-col gap-4 p-4">
          <p className="text-sm">
            Two-factor authentication is on. If you lose your phone, each of these codes works once in place of a code
            from the app, for example to turn two-factor authentication off and set it up again.{" "}
            <strong>They are shown only now</strong>: store them somewhere safe, such as a password manager.
          </p>
          <ul
            aria-label="Recovery codes"
            data-testid="recovery-codes"
            className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1.5 rounded-lg border bg-muted/40 p-4 font-mono text-sm"
          >
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <div className="flex flex-wrap items-center gap-3">
            <span className="inline-flex items-center gap-2 text-sm">
              Copy all <CopyButton value={recoveryCodes.join("\n")} what="recovery codes" />
            </span>
            <Button
              onClick={() => {
                setRecoveryCodes(null);
                void refresh();
              }}
            >
              I have saved them
            </Button>
          </div>
        </div>
      </Panel>
    );
  }

  const state = status.data?.state;
  return (
    <Panel
      title="Two-factor authentication"
      actions={state === "on" ? <Badge tone="green">On</Badge> : state ? <Badge tone="gray">Off</Badge> : undefined}
    >
      <div className="flex flex-col gap-4 p-4">
        <p className="max-w-2xl text-sm text-muted-foreground">
          A code from an authenticator app (Google Authenticator, 1Password, Authy…) confirms the actions that move
          money in live mode: approving payouts, changing the payout allowlist and the auto-approval limits. It belongs
          to your account, in every merchant you are a member of.
        </p>
        {status.isPending ? (
          <p aria-busy="true" className="text-sm text-muted-foreground">
            Loading…
          </p>
        ) : state === "on" ? (
          <>
            <p className="flex items-center gap-2 text-sm">
              <ShieldCheck aria-hidden className="size-4 text-emerald-600" />
              <span>
                On since <DateTime value={status.data.enabledAt!} />. {status.data.recoveryCodesLeft} of 10 recovery
                codes left.
              </span>
            </p>
            <form onSubmit={submitDisable} className="flex flex-col gap-1.5 border-t pt-4" noValidate>
              <Label htmlFor="totp-off-code">Turn off with a current code or a recovery code</Label>
              <div className="flex flex-wrap items-start gap-2">
                <CodeInput id="totp-off-code" value={offCode} onChange={setOffCode} invalid={disable.isError} />
                <Button type="submit" variant="secondary" disabled={disable.isPending || offCode.trim().length < 6}>
                  {disable.isPending ? "Turning off…" : "Turn off"}
                </Button>
              </div>
              <FieldError id="totp-off-code-error" message={disable.error?.message} />
            </form>
          </>
        ) : start.data ? (
          <form onSubmit={submitConfirm} className="flex flex-col gap-5" noValidate>
            <ol className="flex flex-col gap-5 text-sm">
              <li className="flex flex-col gap-3">
                <span>
                  <strong>1.</strong> Scan this QR code with your authenticator app.
                </span>
                <div
                  role="img"
                  aria-label="QR code of the secret for your authenticator app"
                  className="size-44 rounded-lg border bg-white p-1 [&>svg]:size-full"
                  // The server renders the SVG (qrcode), from our own otpauth URI: no user content in it.
                  dangerouslySetInnerHTML={{ __html: start.data.qrSvg }}
                />
                <span className="text-muted-foreground">Or type this secret in the app (time-based, 6 digits):</span>
                <span className="inline-flex flex-wrap items-center gap-2">
                  <code
                    data-testid="totp-secret"
                    className="rounded bg-muted px-2 py-1 font-mono text-sm tracking-wide"
                  >
                    {grouped(start.data.secret)}
                  </code>
                  <CopyButton value={start.data.secret} what="secret" />
                </span>
              </li>
              <li className="flex flex-col gap-1.5">
                <Label htmlFor="totp-code">
                  <strong>2.</strong> Enter the 6-digit code the app shows
                </Label>
                <div className="flex flex-wrap items-start gap-2">
                  <CodeInput id="totp-code" value={code} onChange={setCode} invalid={confirm.isError} />
                  <Button type="submit" disabled={confirm.isPending || code.trim().length < 6}>
                    {confirm.isPending ? "Checking…" : "Turn on"}
                  </Button>
                </div>
                <FieldError id="totp-code-error" message={confirm.error?.message} />
              </li>
            </ol>
          </form>
        ) : (
          <div className="flex flex-col items-start gap-2">
            {start.error && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {start.error.message}
              </p>
            )}
            <Button onClick={() => start.mutate()} disabled={start.isPending}>
              {start.isPending ? "Preparing…" : "Set up an authenticator app"}
            </Button>
            <FieldHint>You scan a QR code, then confirm with a first code. Nothing changes until then.</FieldHint>
          </div>
        )}
      </div>
    </Panel>
  );
}
