import { sha256, stringToBytes } from "viem";

// The content an approver is shown and signs off with their code, reduced to one digest that the dashboard computes
// from what it displays and the server recomputes from the rows under their locks. Pure: client components import it.

/** What is approved: one payout, or the payouts of a batch still waiting, with everything that decides where money goes. */
export interface ApprovalContent {
  kind: "payout" | "batch";
  /** `po_...` or `pb_...` */
  id: string;
  livemode: boolean;
  network: string;
  asset: string;
  /** Lowercase token contract, or null for the network's native asset. */
  token: string | null;
  decimals: number;
  /** In batch order. Amounts in base units, as decimal strings; addresses lowercase. */
  payouts: { id: string; address: string; amount: string }[];
}

/** The canonical text of the content: one field per line, then one `id address amount` line per payout. */
export function approvalText(c: ApprovalContent): string {
  return [
    "payrail-approval/v1",
    `${c.kind} ${c.id}`,
    `mode ${c.livemode ? "live" : "test"}`,
    `network ${c.network}`,
    `asset ${c.asset}`,
    `token ${c.token ? c.token.toLowerCase() : "native"}`,
    `decimals ${c.decimals}`,
    `count ${c.payouts.length}`,
    ...c.payouts.map((p) => `${p.id} ${p.address.toLowerCase()} ${p.amount}`),
  ].join("\n");
}

/** SHA-256 of approvalText, `0x`-prefixed hex. */
export function approvalDigest(c: ApprovalContent): string {
  return sha256(stringToBytes(approvalText(c)));
}
