import { BaseError, toHex, type Hash, type PublicClient } from "viem";
import type { Network } from "./networks";

/** keccak256("Transfer(address,address,uint256)"): the only topic the scanner filters on. */
export const TRANSFER_TOPIC: Hash = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

/** An ERC-20 Transfer log, decoded. Addresses and hashes are lowercase. */
export interface TransferLog {
  token: string;
  from: string;
  to: string;
  value: bigint;
  txHash: Hash;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hash;
}

interface RawLog {
  address: string;
  topics: Hash[];
  data: `0x${string}`;
  transactionHash: Hash;
  logIndex: `0x${string}`;
  blockNumber: `0x${string}`;
  blockHash: Hash;
  removed?: boolean;
}

/**
 * All ERC-20 Transfer logs of the network's token contracts in `from`..`to`: one `eth_getLogs` with
 * every token address and only the Transfer topic, whatever the number of watched addresses.
 * Not retried here: a provider's result cap must reach the caller, which shrinks the range.
 */
export async function getTransferLogs(
  client: PublicClient,
  network: Pick<Network, "tokens">,
  range: { from: bigint; to: bigint },
): Promise<TransferLog[]> {
  const addresses = network.tokens.flatMap((t) => (t.tokenAddress ? [t.tokenAddress] : []));
  if (addresses.length === 0) return [];
  const raw = (await client.request(
    {
      method: "eth_getLogs",
      params: [
        { address: addresses, topics: [TRANSFER_TOPIC], fromBlock: toHex(range.from), toBlock: toHex(range.to) },
      ],
    },
    { retryCount: 0, dedupe: false },
  )) as RawLog[];
  const logs: TransferLog[] = [];
  for (const log of raw) {
    // ERC-20 Transfer: from and to indexed, value in data. Anything else (an ERC-721 Transfer has a
    // third indexed topic) is not a fungible payment.
    if (log.removed || log.topics.length !== 3 || log.data.length !== 66) continue;
    logs.push({
      token: log.address.toLowerCase(),
      from: `0x${log.topics[1]!.slice(26)}`.toLowerCase(),
      to: `0x${log.topics[2]!.slice(26)}`.toLowerCase(),
      value: BigInt(log.data),
      txHash: log.transactionHash.toLowerCase() as Hash,
      logIndex: Number(log.logIndex),
      blockNumber: BigInt(log.blockNumber),
      blockHash: log.blockHash.toLowerCase() as Hash,
    });
  }
  return logs;
}

// What providers answer when an eth_getLogs range is too large for them (Infura, Alchemy, QuickNode,
// Ankr, BSC and Polygon public nodes, Cloudflare, geth's own timeout...).
const RANGE_CAP_MESSAGES =
  /more than \d+ results|response size|block range|range (is )?too (large|wide|big)|too (many|large) (results|logs|blocks)|limited to (a )?[\d,]+|exceeds? (the )?(max|limit)|max(imum)? (block )?range|query timeout|query returned more/i;

/** True when an error says the provider refused a range as too large (so a smaller one may pass). */
export function isLogRangeCapError(error: unknown): boolean {
  const texts: string[] = [];
  let code: number | undefined;
  const collect = (e: unknown) => {
    if (typeof e !== "object" || e === null) return;
    const o = e as { code?: unknown; message?: unknown; details?: unknown; shortMessage?: unknown };
    if (typeof o.code === "number" && o.code === -32005) code = o.code;
    for (const t of [o.details, o.message, o.shortMessage]) if (typeof t === "string") texts.push(t);
  };
  if (error instanceof BaseError) {
    error.walk((e) => {
      collect(e);
      return false;
    });
  }
  collect(error);
  return code === -32005 || texts.some((t) => RANGE_CAP_MESSAGES.test(t));
}
