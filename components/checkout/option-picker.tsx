import { ChevronRight } from "lucide-react";
import type { CheckoutPaymentOption } from "@/server/invoices/find-public-invoice";
import type { NetworkLabel } from "./network-label";
import { optionKey } from "./option-key";
import { checkoutStrings as t } from "./strings";

/** The link that opens one option's payment details (and focuses their heading, `#pay`). */
export const optionHref = (o: CheckoutPaymentOption) => `?${new URLSearchParams({ option: optionKey(o) })}#pay`;

interface OptionPickerProps {
  options: CheckoutPaymentOption[];
  networks: Record<string, NetworkLabel>;
  /** Show what is still due instead of the full amount (a partly paid invoice). */
  showDue: boolean;
}

/**
 * "Choose how to pay": one link per payment option, network and asset in their own labelled columns,
 * the amount on the right. Choosing one opens its payment details: a plain link, so it works before
 * (and without) any script.
 */
export function OptionPicker({ options, networks, showDue }: OptionPickerProps) {
  return (
    <div className="flex flex-col gap-3">
      <div>
        <h2 id="choose" tabIndex={-1} className="text-base font-semibold focus-visible:ring-offset-card">
          {t.choose.heading}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t.choose.hint}</p>
      </div>
      <ul className="flex flex-col gap-2">
        {options.map((o) => {
          const network = networks[o.network]?.name ?? o.network;
          const amount = showDue ? o.amount_due : o.amount;
          return (
            <li key={optionKey(o)}>
              <a
                href={optionHref(o)}
                aria-label={t.choose.optionName(o.asset, network, amount)}
                className="grid w-full grid-cols-[1fr_auto_auto] items-center gap-x-3 rounded-xl border bg-card px-4 py-3 text-left transition-colors hover:border-accent hover:bg-muted/60 focus-visible:ring-offset-card"
              >
                <span className="grid min-w-0 grid-cols-[minmax(0,1fr)_auto] gap-x-4">
                  <span className="text-[0.7rem] font-medium uppercase tracking-wide text-muted-foreground">
                    {t.choose.networkLabel}
                  </span>
                  <span className="text-[0.7rem] font-medium uppercase tracking-wide text-muted-foreground">
                    {t.choose.assetLabel}
                  </span>
                  <span className="truncate font-medium">{network}</span>
                  <span className="font-medium">{o.asset}</span>
                </span>
                <span className="text-right text-sm font-semibold tabular-nums">
                  {t.amountWithAsset(amount, o.asset)}
                </span>
                <ChevronRight aria-hidden className="size-4 text-muted-foreground" />
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
