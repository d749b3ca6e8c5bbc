"use client";

import { SectionTabs } from "../tabs";

/** The Payouts section's tabs: the list, the approval queue and the address allowlist (approvals' pages). */
export function PayoutsNav() {
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
