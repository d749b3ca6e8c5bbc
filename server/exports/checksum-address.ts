import { keccak256 } from "viem";

const cache = new Map<string, string>();
const MAX = 65_536;
const ascii = new Uint8Array(40);

/**
 * EIP-55: the hex letters of a lowercase address whose nibble in keccak256(the 40 hex characters as
 * ASCII) is 8 or more are upper case. The same as viem's `checksumAddress`, without its parsing and
 * validation (the address was validated when stored).
 */
function eip55(lower: string): string {
  for (let i = 0; i < 40; i++) ascii[i] = lower.charCodeAt(i + 2);
  const hash = keccak256(ascii, "bytes");
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const c = lower.charCodeAt(i + 2);
    const nibble = i % 2 === 0 ? hash[i >> 1]! >> 4 : hash[i >> 1]! & 15;
    out += String.fromCharCode(c >= 97 && nibble >= 8 ? c - 32 : c);
  }
  return out;
}

/**
 * The EIP-55 form of a stored (lowercase `0x` + 40 hex, validated at insert) address, as the API shows
 * it. Payers and tokens repeat across millions of rows and a checksum is a keccak hash, so recent ones
 * are kept (at most 65,536: the cache is emptied when full, so memory stays bounded).
 */
export function checksummed(address: string): string {
  let out = cache.get(address);
  if (out === undefined) {
    out = eip55(address.toLowerCase());
    if (cache.size >= MAX) cache.clear();
    cache.set(address, out);
  }
  return out;
}
