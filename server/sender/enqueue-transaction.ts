import { isAddress, isHex, type Address, type Hex, type SignedAuthorization } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Tx } from "../db";
import { randomBase62 } from "../ids";
import { toDbDecimal } from "../money";

/** What a transaction is for; each purpose has its handlers (registerTransactionHandlers). */
export type TransactionPurpose =
  "sweep" | "sweep_fund" | "native_sweep" | "payout" | "payout_batch" | "delegation" | "test";

const PURPOSES: ReadonlySet<string> = new Set<TransactionPurpose>([
  "sweep",
  "sweep_fund",
  "native_sweep",
  "payout",
  "payout_batch",
  "delegation",
  "test",
]);

/** A request to send one transaction. */
export interface TransactionRequest {
  /** Idempotency key of the request (`payout_batch:pb_x#1`, `sweep:swp_x`). */
  key: string;
  networkId: string;
  livemode: boolean;
  /** HD path of the sender's key: platformKeyPath("gas" | "hot", livemode), or a deposit address's path. */
  from: { keyPath: string };
  purpose: TransactionPurpose;
  /** The object it serves: `swp_...`, `po_...`, `pb_...`, `wd_...`. */
  sourceId: string;
  to: Address;
  data?: Hex;
  /** Wei. */
  value?: bigint;
  /** Estimated by the caller (with its authorizationList) plus headroom: the sender never re-estimates. */
  gasLimit: bigint;
  /** EIP-7702 authorizations signed by other keys (deposit keys). */
  authorizationList?: readonly SignedAuthorization[];
  /** The sender signs an EIP-7702 authorization for itself to this contract at nonce + 1 when it signs. */
  selfDelegateTo?: Address;
  /**
   * Wei per gas for both EIP-1559 fees (max fee = tip), so the transaction costs exactly gas used × this whatever the
   * base fee (as long as the base fee stays at or below it); never replaced with other fees. For senders that pay
   * their own gas out of an exact balance (fallback sweeps from deposit keys).
   */
  fixedFeePerGas?: bigint;
}

// Only the paths Payrail hands out: m/44'/60'/{account}'/{0|1}/{index}.
const KEY_PATH = /^m\/44'\/60'\/\d{1,10}'\/[01]\/\d{1,10}$/;
// EIP-7825 (Osaka) caps a transaction's gas at 2^24; staying under it keeps every request valid after that fork.
const MAX_GAS_LIMIT = 16_777_216n;

/** JSON form of a signed authorization (bigint-free), as `outgoing_transactions.authorization_list` stores it. */
export type StoredAuthorization = { address: Address; chainId: number; nonce: number; r: Hex; s: Hex; yParity: number };

/**
 * Queue a transaction for the sender, inside the caller's transaction so the domain row and the request
 * commit together. Idempotent by `key`: a second call with the same key returns the existing row and
 * changes nothing (concurrent calls included: one row). Nothing is signed or sent here; the worker's
 * sender part does that, in the order requests were queued on the sender's lane.
 * Throws (a programming error, not user input) on an unknown purpose or network, a mode that is not the
 * network's, a malformed key path, address or data, or a gas limit outside 1..16,777,216.
 */
export async function enqueueTransaction(tx: Tx, req: TransactionRequest): Promise<{ id: string; created: boolean }> {
  validate(req);
  await tx.txLane.createMany({
    data: [
      { id: `lane_${randomBase62(22)}`, networkId: req.networkId, livemode: req.livemode, keyPath: req.from.keyPath },
    ],
    skipDuplicates: true,
  });
  const lane = await tx.txLane.findUniqueOrThrow({
    where: { networkId_keyPath: { networkId: req.networkId, keyPath: req.from.keyPath } },
    select: { id: true, livemode: true },
  });
  if (lane.livemode !== req.livemode) throw new Error(`lane ${lane.id} is not in this mode`);
  const id = `otx_${randomBase62(22)}`;
  const { count } = await tx.outgoingTransaction.createMany({
    data: [
      {
        id,
        key: req.key,
        laneId: lane.id,
        networkId: req.networkId,
        livemode: req.livemode,
        purpose: req.purpose,
        sourceId: req.sourceId,
        toAddress: req.to.toLowerCase(),
        data: req.data ?? null,
        value: toDbDecimal(req.value ?? 0n),
        gasLimit: toDbDecimal(req.gasLimit),
        authorizationList: req.authorizationList ? req.authorizationList.map(storedAuthorization) : undefined,
        selfDelegateTo: req.selfDelegateTo?.toLowerCase() ?? null,
        fixedFeePerGas: req.fixedFeePerGas === undefined ? null : toDbDecimal(req.fixedFeePerGas),
      },
    ],
    skipDuplicates: true,
  });
  if (count === 1) return { id, created: true };
  const existing = await tx.outgoingTransaction.findUniqueOrThrow({ where: { key: req.key }, select: { id: true } });
  return { id: existing.id, created: false };
}

function storedAuthorization(a: SignedAuthorization): StoredAuthorization {
  if (a.yParity === undefined) throw new Error("an authorization needs its yParity");
  const address = a.address.toLowerCase() as Address; // as `to`: stored lowercase, whatever checksum the caller used
  return { address, chainId: a.chainId, nonce: a.nonce, r: a.r, s: a.s, yParity: a.yParity };
}

function validate(req: TransactionRequest): void {
  if (!req.key) throw new Error("a transaction request needs a key");
  if (!PURPOSES.has(req.purpose)) throw new Error(`unknown transaction purpose: ${req.purpose}`);
  const network = NETWORK_CATALOG.find((n) => n.id === req.networkId);
  if (!network) throw new Error(`unknown network: ${req.networkId}`);
  if (network.livemode !== req.livemode)
    throw new Error(`${req.networkId} is not a ${req.livemode ? "live" : "test"}-mode network`);
  if (!KEY_PATH.test(req.from.keyPath)) throw new Error("not a Payrail HD key path");
  if (!isAddress(req.to, { strict: false })) throw new Error("`to` is not an address");
  if (req.data !== undefined && !isHex(req.data, { strict: true })) throw new Error("`data` is not hex");
  if ((req.value ?? 0n) < 0n) throw new RangeError("`value` must not be negative");
  if (req.gasLimit <= 0n || req.gasLimit > MAX_GAS_LIMIT)
    throw new RangeError(`gasLimit must be in 1..${MAX_GAS_LIMIT}`);
  if (req.fixedFeePerGas !== undefined && req.fixedFeePerGas <= 0n)
    throw new RangeError("`fixedFeePerGas` must be positive");
  if (req.selfDelegateTo !== undefined && !isAddress(req.selfDelegateTo, { strict: false }))
    throw new Error("`selfDelegateTo` is not an address");
  for (const a of req.authorizationList ?? [])
    if (a.chainId !== network.chainId)
      throw new Error(`an authorization is for chain ${a.chainId}, not ${network.chainId}`);
}
