// `npm run payrail -- reconcile`: the operator's reconciliation over every merchant and both modes.
import type { Db } from "../../server/db";
import { formatDecimal } from "../../server/money";
import { getMerchantBySlugOrThrow } from "../../server/merchants/create-merchant";
import {
  reconcile,
  reconcilePlatformWallets,
  type PlatformWalletLine,
  type ReconciliationReport,
} from "../../server/ledger/reconcile";
import { toReconciliationResponse } from "../../server/ledger/reconciliation-response";

/**
 * Reconcile every merchant (or the one with `slug`) in test and live mode against the chains enabled
 * for each, and print a table per merchant, network and asset (or, with `json`, one JSON array of the
 * API's report objects with their merchant). Without `slug` (and without `json`) also a table of the platform gas
 * and hot wallets per mode, network and asset, merchants or not (a fresh install whose wallets the operator just
 * funded). Returns whether anything is a mismatch.
 */
export async function reconcileCommand(db: Db, opts: { slug?: string; json: boolean }): Promise<boolean> {
  const merchant = opts.slug ? await getMerchantBySlugOrThrow(db, opts.slug) : null;
  const reports: ReconciliationReport[] = [];
  for (const livemode of [false, true]) reports.push(...(await reconcile(db, { livemode, merchantId: merchant?.id })));
  const slugs = new Map(
    (
      await db.merchant.findMany({
        where: { id: { in: reports.map((r) => r.merchantId) } },
        select: { id: true, slug: true },
      })
    ).map((m) => [m.id, m.slug]),
  );
  const visible = merchant ? reports.filter((r) => r.livemode === false || r.networks.length > 0) : reports;
  if (opts.json) {
    const out = visible.map((r) => ({
      merchant: { id: r.merchantId, slug: slugs.get(r.merchantId) ?? null },
      ...toReconciliationResponse(r),
    }));
    console.log(JSON.stringify(out, null, 2));
  } else if (visible.length === 0) {
    console.log("No deposit addresses to reconcile.");
  } else {
    for (const r of visible) printReport(r, slugs.get(r.merchantId) ?? r.merchantId);
  }
  let walletsMismatched = false;
  if (!opts.json && !merchant) {
    for (const livemode of [false, true]) {
      const lines = await reconcilePlatformWallets(db, { livemode });
      if (lines.length === 0) continue;
      printPlatformWallets(lines, livemode);
      if (lines.some((l) => l.status === "mismatch")) walletsMismatched = true;
    }
  }
  const mismatched = visible.filter((r) => r.status === "mismatch");
  if (!opts.json) {
    console.log(
      mismatched.length === 0
        ? `Matched: ${visible.length} report(s), the ledger equals the chains.`
        : `MISMATCH in ${mismatched.length} of ${visible.length} report(s).`,
    );
    if (walletsMismatched) console.log("MISMATCH in the platform wallets.");
  }
  return mismatched.length > 0 || walletsMismatched;
}

/**
 * The platform wallets' lines: on chain against the ledger (merchants' custody:hot and the operator's own accounts,
 * which operator fundings credit: server/ledger/record-operator-fundings.ts).
 */
function printPlatformWallets(lines: PlatformWalletLine[], livemode: boolean): void {
  const status = lines.some((l) => l.status === "mismatch") ? "MISMATCH" : "MATCHED";
  console.log(`\nPlatform wallets, ${livemode ? "live" : "test"} mode: ${status}`);
  const header = ["wallet", "network", "asset", "block", "address", "on chain", "ledger", "status"];
  const rows = lines.map((l) => {
    const fmt = (v: bigint) => formatDecimal(v, l.decimals, 2);
    return [l.role, l.networkId, l.asset, String(l.blockNumber), l.address, fmt(l.onChain), fmt(l.ledger), l.status];
  });
  printTable(header, rows, new Set([0, 1, 2, 4, 7]));
}

function printReport(r: ReconciliationReport, slug: string): void {
  console.log(`\n${slug} (${r.merchantId}), ${r.livemode ? "live" : "test"} mode: ${r.status.toUpperCase()}`);
  for (const n of r.networks.filter((x) => x.status === "not_scanned"))
    console.log(`  ${n.networkId}: not scanned yet, not compared`);
  const header = [
    "network",
    "asset",
    "block",
    "received",
    "available",
    "pending",
    "reserved",
    "held",
    "on chain",
    "ledger",
    "status",
  ];
  const rows = r.assets.map((a) => {
    const fmt = (v: bigint) => formatDecimal(v, a.decimals, 2);
    return [
      a.networkId,
      a.asset,
      String(a.blockNumber),
      fmt(a.received),
      fmt(a.available),
      fmt(a.pending),
      fmt(a.reserved),
      fmt(a.held),
      fmt(a.onChain),
      fmt(a.ledger),
      a.status,
    ];
  });
  if (rows.length > 0) printTable(header, rows);
  for (const d of r.differences) {
    const fmt = (v: bigint) => formatDecimal(v, d.decimals, 2);
    console.log(
      `  difference: ${d.address} on ${d.networkId} at block ${d.blockNumber}: ${d.asset} on chain ${fmt(d.onChain)}, ledger ${fmt(d.ledger)}, difference ${fmt(d.difference)}`,
    );
  }
  for (const v of r.violations) console.log(`  ledger invariant broken (${v.kind}) ${v.subject}: ${v.detail}`);
}

function printTable(header: string[], rows: string[][], text?: Set<number>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Text columns left, figures right.
  const left = (i: number) => (text ? text.has(i) : i < 2 || i === header.length - 1);
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`.trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
