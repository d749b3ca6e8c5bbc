"use client";

import { Store } from "lucide-react";
import { useState } from "react";
import type { CheckoutInvoice } from "@/server/api/routers/checkout";
import { safeLogoUrl } from "./branding";
import { checkoutStrings as t } from "./strings";

/** Who the customer is paying: the merchant's logo (or a neutral mark) and name, the page's heading. */
export function MerchantHeader({ merchant }: { merchant: CheckoutInvoice["merchant"] }) {
  const logo = safeLogoUrl(merchant.logo_url);
  const [failed, setFailed] = useState(false);
  return (
    <div className="flex flex-col items-center gap-2">
      {logo && !failed ? (
        // eslint-disable-next-line @next/next/no-img-element -- the merchant's own URL; next/image would need every host allow-listed
        <img src={logo} alt={t.merchantLogo(merchant.name)} width={48} height={48} onError={() => setFailed(true)} className="size-12 rounded-xl object-contain" />
      ) : (
        <span aria-hidden className="flex size-12 items-center justify-center rounded-xl bg-accent/10 text-accent">
          <Store className="size-6" />
        </span>
      )}
      <h1 className="text-base font-semibold">{merchant.name}</h1>
    </div>
  );
}
