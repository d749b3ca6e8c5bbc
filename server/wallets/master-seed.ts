import "server-only";
import { mnemonicToSeedSync, validateMnemonic } from "@scure/bip39";
import { english, generateMnemonic, HDKey } from "viem/accounts";
import { env } from "../env";

/** A new 24-word BIP-39 mnemonic for a gateway master seed. */
export function generateMasterMnemonic(): string {
  return generateMnemonic(english, 256);
}

/** True when the string is a valid BIP-39 English mnemonic. */
export function isValidMnemonic(mnemonic: string): boolean {
  return validateMnemonic(mnemonic.trim(), english);
}

let cachedRoot: { mnemonic: string; seed: Uint8Array; root: HDKey } | undefined;

/** The HD root of the configured master seed; the PBKDF2 stretch runs once per process. */
export function masterRoot(): { seed: Uint8Array; root: HDKey } {
  const mnemonic = env().PAYRAIL_MASTER_SEED?.trim();
  if (!mnemonic) throw new Error("PAYRAIL_MASTER_SEED is not set");
  if (cachedRoot?.mnemonic === mnemonic) return cachedRoot;
  // Never echo the seed: the error says only what is wrong with it.
  if (!isValidMnemonic(mnemonic)) throw new Error("PAYRAIL_MASTER_SEED is not a valid BIP-39 mnemonic");
  const seed = mnemonicToSeedSync(mnemonic);
  cachedRoot = { mnemonic, seed, root: HDKey.fromMasterSeed(seed) };
  return cachedRoot;
}
