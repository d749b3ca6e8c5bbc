import type { FoundFunding } from "../chains/find-platform-fundings";
import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { toBigInt, toDbDecimal } from "../money";
import { ensureAccounts } from "./ensure-accounts";
import { OPERATOR_FUNDING_KEY_PREFIX, operatorFundingAccounts } from "./operator-funding-accounts";

interface Row {
  id: string;
  role: "gas" | "hot";
  asset: string;
  token_address: string | null;
  decimals: number;
  tx_hash: string;
  log_index: number;
  amount: string;
  block_number: bigint;
  block_hash: string;
}

// Every funding of the range in one statement. Unique on (network, tx hash, log index): a transfer seen again inserts
// nothing (exactly once, however often or by however many workers a range is scanned); one orphaned by a reorg and
// back in the canonical chain returns to `pending` at its new block.
const INSERT_SQL = `
INSERT INTO operator_fundings (id, livemode, network_id, role, asset, token_address, decimals, tx_hash, log_index,
                               from_address, to_address, amount, block_number, block_hash, status, detected_at,
                               updated_at)
SELECT t.id, $2, $1, t.role, t.asset, t.token_address, t.decimals, t.tx_hash, t.log_index, t.from_address,
       t.to_address, t.amount::numeric, t.block_number::bigint, t.block_hash, 'pending', $3::timestamp, $3::timestamp
  FROM jsonb_to_recordset($4::jsonb) AS t(id text, role text, asset text, token_address text, decimals int,
       tx_hash text, log_index int, from_address text, to_address text, amount text, block_number text,
       block_hash text, n int)
 ORDER BY t.n
ON CONFLICT (network_id, tx_hash, log_index) DO UPDATE
  SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, status = 'pending',
      reorged_at = NULL, confirmed_at = NULL, updated_at = EXCLUDED.updated_at
  WHERE operator_fundings.status = 'reorged'
RETURNING id, role, asset, token_address, decimals, tx_hash, log_index, amount::text AS amount, block_number,
          block_hash`;

/**
 * Record the operator's fundings of the platform wallets found in a range (find-platform-fundings.ts), in the scan's
 * transaction: each new (or back in the chain) funding is stored `pending` with its pending ledger entry
 * `operator:funding` → the wallet's operator account (operator-funding-accounts.ts), posted at the network's
 * confirmations (confirmOperatorFundings), voided or reversed if its block is orphaned (orphanOperatorFundings).
 * Ledger keys carry the block hash, so a funding re-included at another block gets a new entry while the old one stays
 * voided or reversed. Amounts in base units. Returns how many were new or back.
 */
export async function recordOperatorFundings(
  tx: Tx,
  network: { id: string; livemode: boolean },
  found: FoundFunding[],
  now: Date,
): Promise<number> {
  if (found.length === 0) return 0;
  const rows = found.map((f, n) => ({
    id: newId("opf"),
    role: f.role,
    asset: f.asset,
    token_address: f.tokenAddress,
    decimals: f.decimals,
    tx_hash: f.txHash.toLowerCase(),
    log_index: f.logIndex,
    from_address: f.from.toLowerCase(),
    to_address: f.to.toLowerCase(),
    amount: f.amount.toString(),
    block_number: f.blockNumber.toString(),
    block_hash: f.blockHash.toLowerCase(),
    n,
  }));
  const inserted = await tx.$queryRawUnsafe<Row[]>(
    INSERT_SQL,
    network.id,
    network.livemode,
    now.toISOString(),
    JSON.stringify(rows),
  );
  if (inserted.length === 0) return 0;
  const accounts = inserted.map((r) =>
    operatorFundingAccounts({
      role: r.role,
      livemode: network.livemode,
      networkId: network.id,
      asset: r.asset,
      native: r.token_address === null,
    }),
  );
  await ensureAccounts(
    tx,
    accounts.flatMap((a) => [a.wallet, a.funding]),
  );
  const transfers: Prisma.LedgerTransferCreateManyInput[] = inserted.map((r, i) => ({
    id: newId("txn"),
    key: `${OPERATOR_FUNDING_KEY_PREFIX}${r.id}@${r.block_hash}`,
    type: "adjustment",
    status: "pending",
    debitAccountId: accounts[i]!.wallet.id,
    creditAccountId: accounts[i]!.funding.id,
    amount: toDbDecimal(toBigInt(r.amount)),
    merchantId: null,
    livemode: network.livemode,
    networkId: network.id,
    asset: r.asset,
    decimals: r.decimals,
    sourceId: r.id,
    txHash: r.tx_hash,
    blockNumber: BigInt(r.block_number),
    blockHash: r.block_hash,
    description: `Operator funding of the ${r.role} wallet (${r.asset}, transaction ${r.tx_hash})`,
    createdAt: now,
  }));
  await tx.ledgerTransfer.createMany({ data: transfers, skipDuplicates: true });
  return inserted.length;
}
