"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import {
  merchantSettingsRequest,
  type MerchantSettingsInput,
  type MerchantSettingsRequest,
} from "@/server/merchants/merchant-settings.schema";
import { useDashboard } from "../dashboard-context";
import { ErrorState, Panel } from "../states";

const expiryChoices = [
  [900, "15 minutes"],
  [1800, "30 minutes"],
  [3600, "1 hour"],
  [21_600, "6 hours"],
  [86_400, "1 day"],
  [604_800, "7 days"],
] as const;

/** Branding of the hosted page, default expiry and underpayment tolerance. */
export function SettingsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, can } = useDashboard();
  const readOnly = !can("settings:write");
  const query = useQuery(trpc.settings.get.queryOptions(scope));
  const update = useMutation(trpc.settings.update.mutationOptions());
  const form = useForm<MerchantSettingsInput, unknown, MerchantSettingsRequest>({
    resolver: zodResolver(merchantSettingsRequest),
  });
  const kind = useWatch({ control: form.control, name: "underpaymentToleranceKind" });
  const currency = useWatch({ control: form.control, name: "underpaymentToleranceCurrency" });
  const accent = useWatch({ control: form.control, name: "accentColor" });
  useEffect(() => {
    if (query.data) {
      const { id: _id, slug: _slug, ...values } = query.data;
      form.reset(values);
    }
  }, [query.data, form]);

  if (query.isPending)
    return (
      <div className="flex flex-col gap-4" aria-busy="true">
        <Skeleton className="h-48" />
        <Skeleton className="h-40" />
      </div>
    );
  if (query.isError)
    return (
      <Panel>
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      </Panel>
    );

  const e = form.formState.errors;
  const nullable = (v: string | null | undefined) => (v == null || v.trim() === "" ? null : v.trim());
  const onSubmit = form.handleSubmit((settings) =>
    update.mutate(
      { ...scope, settings },
      {
        onSuccess: (saved) => {
          toast.success("Settings saved");
          queryClient.setQueryData(trpc.settings.get.queryKey(scope), saved);
        },
        onError: (err) => toast.error(err.message),
      },
    ),
  );

  const field = (id: keyof MerchantSettingsRequest, label: string, input: React.ReactNode, hint?: string) => (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {input}
      {hint && <FieldHint id={`${id}-hint`}>{hint}</FieldHint>}
      <FieldError id={`${id}-error`} message={e[id]?.message} />
    </div>
  );
  const aria = (id: keyof MerchantSettingsRequest) => ({
    "aria-invalid": e[id] ? true : undefined,
    "aria-describedby": `${id}-hint ${id}-error`,
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-6" noValidate>
      <fieldset disabled={readOnly} className="contents">
        <Panel title="Hosted payment page">
          <div className="grid gap-4 p-4 sm:grid-cols-2">
            {field(
              "name",
              "Business name",
              <Input id="name" {...aria("name")} {...form.register("name")} />,
              "Shown to customers on every payment page.",
            )}
            {field(
              "supportEmail",
              "Support email",
              <Input
                id="supportEmail"
                type="email"
                {...aria("supportEmail")}
                {...form.register("supportEmail", { setValueAs: nullable })}
              />,
              "Where customers can ask about a payment.",
            )}
            {field(
              "logoUrl",
              "Logo URL",
              <Input
                id="logoUrl"
                placeholder="https://…"
                {...aria("logoUrl")}
                {...form.register("logoUrl", { setValueAs: nullable })}
              />,
              "An https image, shown above the amount.",
            )}
            {field(
              "accentColor",
              "Accent colour",
              <div className="flex items-center gap-2">
                <span
                  aria-hidden
                  className="size-9 shrink-0 rounded-md border"
                  style={{ background: accent && /^#[0-9a-f]{6}$/i.test(accent) ? accent : "transparent" }}
                />
                <Input
                  id="accentColor"
                  placeholder="#4f46e5"
                  {...aria("accentColor")}
                  {...form.register("accentColor", { setValueAs: nullable })}
                />
              </div>,
              "Buttons and highlights on the payment page.",
            )}
          </div>
        </Panel>
        <Panel title="Invoices">
          <div className="grid gap-4 p-4 sm:grid-cols-2">
            {field(
              "defaultExpirySeconds",
              "Default expiry",
              <Select
                id="defaultExpirySeconds"
                {...aria("defaultExpirySeconds")}
                {...form.register("defaultExpirySeconds", { valueAsNumber: true })}
              >
                {expiryChoices.map(([s, l]) => (
                  <option key={s} value={s}>
                    {l}
                  </option>
                ))}
              </Select>,
              "For invoices created without expires_in. Late payments are still watched for 7 days.",
            )}
            <div className="grid grid-cols-[1fr_8rem_7rem] gap-3">
              {field(
                "underpaymentToleranceKind",
                "Underpayment tolerance",
                <Select
                  id="underpaymentToleranceKind"
                  {...aria("underpaymentToleranceKind")}
                  {...form.register("underpaymentToleranceKind")}
                >
                  <option value="none">None: any shortfall goes to review</option>
                  <option value="absolute">An amount in one currency</option>
                  <option value="percent">A percentage of the amount (at most 5%)</option>
                </Select>,
                kind === "absolute"
                  ? `Applies only to invoices priced in ${currency || "that currency"}; other invoices accept no shortfall. Never more than 5% of an invoice. Applies to new invoices.`
                  : "A payment this much short still counts as paid, never more than 5% of an invoice. Applies to new invoices.",
              )}
              {field(
                "underpaymentToleranceValue",
                kind === "percent"
                  ? "Percent (%)"
                  : kind === "absolute"
                    ? `Amount (${currency || "currency"})`
                    : "Amount",
                <Input
                  id="underpaymentToleranceValue"
                  inputMode="decimal"
                  disabled={kind === "none"}
                  {...aria("underpaymentToleranceValue")}
                  {...form.register("underpaymentToleranceValue")}
                />,
              )}
              {field(
                "underpaymentToleranceCurrency",
                "Currency",
                <Input
                  id="underpaymentToleranceCurrency"
                  placeholder="USD"
                  list="tolerance-currencies"
                  disabled={kind !== "absolute"}
                  {...aria("underpaymentToleranceCurrency")}
                  {...form.register("underpaymentToleranceCurrency", {
                    setValueAs: (v: string) => (v ?? "").trim().toUpperCase(),
                  })}
                />,
              )}
              <datalist id="tolerance-currencies">
                {["USD", "EUR", "USDC", "USDT", "ETH"].map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </div>
          </div>
        </Panel>
      </fieldset>
      {readOnly ? (
        <p className="text-sm text-muted-foreground">Only owners and admins can change settings.</p>
      ) : (
        <div className="flex justify-end">
          <Button type="submit" disabled={update.isPending || !form.formState.isDirty}>
            {update.isPending ? "Saving…" : "Save settings"}
          </Button>
        </div>
      )}
    </form>
  );
}
