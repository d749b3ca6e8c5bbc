import { checksumAddress, type Address } from "viem";

const cache = new Map<string, string>();
const MAX = 65_536;

/**
 * The EIP-55 form of a stored (lowercase, validated at insert) address, as the API shows it. Payers and
 * tokens repeat across millions of rows and a checksum is a keccak hash, so recent ones are kept.
 */
export function checksummed(address: string): string {
  let out = cache.get(address);
  if (out === undefined) {
    out = checksumAddress(address as Address);
    if (cache.size >= MAX) cache.clear();
    cache.set(address, out);
  }
  return out;
}
