import { LoaderCircle, Wallet } from "lucide-react";
import type { CheckoutPaymentOption } from "@/server/invoices/find-public-invoice";
import { buttonClasses } from "@/components/ui/button";
import type { NetworkLabel } from "./network-label";
import { optionKey } from "./option-key";
import { checkoutStrings as t } from "./strings";

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** What a wallet slot tells client/main.ts to send, and where. */
export interface WalletRequest {
  optionKey: string;
  network: NetworkLabel;
  to: string;
  tokenAddress: string | null;
  amountBaseUnits: string;
}

/**
 * Where "Pay with <wallet>" buttons go: hidden until client/main.ts finds a browser wallet, then one
 * button per wallet (cloned from the template) and the "or pay from any wallet" rule. The request
 * the wallet code sends is the server's: this option's address, token and base units still due.
 */
export function WalletSlot({ option, network }: { option: CheckoutPaymentOption; network: NetworkLabel }) {
  const request: WalletRequest = {
    optionKey: optionKey(option),
    network,
    to: option.address,
    tokenAddress: option.token_address,
    amountBaseUnits: option.amount_due_base_units,
  };
  return (
    <div data-wallet-slot hidden className="flex flex-col gap-2">
      <script type="application/json" data-wallet-request dangerouslySetInnerHTML={{ __html: scriptJson(request) }} />
      <div data-wallet-buttons className="flex flex-col gap-2" />
      <template data-wallet-button>
        <button type="button" className={buttonClasses({ size: "lg", className: "w-full" })}>
          <span data-wallet-icon>
            <Wallet aria-hidden className="size-5" />
          </span>
          <span data-wallet-spinner hidden>
            <LoaderCircle aria-hidden className="size-5 animate-spin motion-reduce:animate-none" />
          </span>
          <span data-wallet-label />
        </button>
      </template>
      <p data-wallet-step hidden className="text-center text-sm text-muted-foreground" />
      <p className="mt-2 flex items-center gap-3 text-xs text-muted-foreground">
        <span aria-hidden className="h-px flex-1 bg-border" />
        {t.orPayManually}
        <span aria-hidden className="h-px flex-1 bg-border" />
      </p>
    </div>
  );
}
