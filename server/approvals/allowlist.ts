import type { PayoutAllowlistEntry } from "../generated/prisma/client";

/** An allowlist entry as the dashboard shows it. `active` once `activeAt` has passed (no worker flips a row). */
export interface AllowlistEntryView {
  id: string;
  address: string;
  label: string;
  status: "pending_activation" | "active";
  activeAt: Date;
  createdAt: Date;
  createdBy: string;
}

/** The slot that keeps one current entry per merchant, mode and address. */
export const allowlistSlot = (opts: { merchantId: string; livemode: boolean; address: string }) =>
  `${opts.merchantId}/${opts.livemode ? "live" : "test"}/${opts.address.toLowerCase()}`;

export function viewAllowlistEntry(row: PayoutAllowlistEntry, now: Date): AllowlistEntryView {
  return {
    id: row.id,
    address: row.address,
    label: row.label,
    status: row.activeAt <= now ? "active" : "pending_activation",
    activeAt: row.activeAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
