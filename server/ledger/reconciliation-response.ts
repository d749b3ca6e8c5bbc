import { formatDecimal } from "../money";
import type { ReconciliationReport } from "./reconcile";
import type { ReconciliationResponse } from "./reconciliation.schema";

/** A report in the API's shape: decimal strings, block numbers as integers. */
export function toReconciliationResponse(report: ReconciliationReport): ReconciliationResponse {
  return {
    object: "reconciliation",
    livemode: report.livemode,
    status: report.status,
    created_at: report.createdAt.toISOString(),
    networks: report.networks.map((n) => ({
      network: n.networkId,
      chain_id: n.chainId,
      status: n.status,
      block_number: n.blockNumber === null ? null : Number(n.blockNumber),
      scanned_block_number: n.scannedBlock === null ? null : Number(n.scannedBlock),
    })),
    data: report.assets.map((a) => {
      const fmt = (v: bigint) => formatDecimal(v, a.decimals, 2);
      return {
        network: a.networkId,
        asset: a.asset,
        decimals: a.decimals,
        block_number: Number(a.blockNumber),
        status: a.status,
        received: fmt(a.received),
        paid_out: fmt(a.paidOut),
        refunded: fmt(a.refunded),
        withdrawn: fmt(a.withdrawn),
        available: fmt(a.available),
        pending: fmt(a.pending),
        reserved: fmt(a.reserved),
        held: fmt(a.held),
        deposit_addresses: { count: a.addresses, on_chain: fmt(a.onChain), ledger: fmt(a.ledger) },
      };
    }),
    differences: report.differences.map((d) => {
      const fmt = (v: bigint) => formatDecimal(v, d.decimals, 2);
      return {
        address: d.address,
        network: d.networkId,
        asset: d.asset,
        block_number: Number(d.blockNumber),
        on_chain: fmt(d.onChain),
        ledger: fmt(d.ledger),
        difference: fmt(d.difference),
      };
    }),
    ledger_violations: report.violations.map((v) => ({ kind: v.kind, subject: v.subject, detail: v.detail })),
  };
}
