import { Store } from "lucide-react";
import type { PublicMerchant } from "@/server/invoices/find-public-invoice";
import { safeLogoUrl } from "./branding";
import { checkoutStrings as t } from "./strings";

/**
 * Who the customer is paying: the merchant's logo (or a neutral mark) and name, the page's heading.
 * A logo that fails to load gives way to the mark (client/main.ts).
 */
export function MerchantHeader({ merchant }: { merchant: PublicMerchant }) {
  const logo = safeLogoUrl(merchant.logo_url);
  const mark = (
    <span
      aria-hidden
      hidden={Boolean(logo)}
      className="flex size-12 items-center justify-center rounded-xl bg-accent/10 text-accent"
    >
      <Store className="size-6" />
    </span>
  );
  return (
    <div className="flex flex-col items-center gap-2">
      {logo && (
        // eslint-disable-next-line @next/next/no-img-element -- the merchant's own URL; next/image would need every host allow-listed
        <img
          data-logo
          src={logo}
          alt={t.merchantLogo(merchant.name)}
          width={48}
          height={48}
          className="size-12 rounded-xl object-contain"
        />
      )}
      {mark}
      <h1 className="text-base font-semibold">{merchant.name}</h1>
    </div>
  );
}
