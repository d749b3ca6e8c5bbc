"use client";

import { SectionTabs } from "../tabs";

/** The Payouts section's sub-navigation: the list, the approval queue, the allowlist. */
export function PayoutsTabs() {
  return (
    <SectionTabs
      label="Payouts"
      tabs={[
        { path: "/payouts", label: "Payouts" },
        { path: "/payouts/approvals", label: "Approvals" },
        { path: "/payouts/allowlist", label: "Allowlist" },
      ]}
    />
  );
}
