import { mnemonicToSeedSync } from "@scure/bip39";
import { dataKeyFromSeed } from "../../server/crypto/secret-box";

/**
 * The environment of a web process (`next start`, `next dev`, `next build`) from the worker's: without the
 * master seed, which only the worker and the CLI need (they sign and derive accounts), and with the data key
 * derived from it (PAYRAIL_DATA_KEY, unless set already) so that secrets stored encrypted still open.
 */
export function webProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PAYRAIL_MASTER_SEED: seed, ...rest } = env;
  if (rest.PAYRAIL_DATA_KEY || !seed) return rest;
  return { ...rest, PAYRAIL_DATA_KEY: dataKeyFromSeed(mnemonicToSeedSync(seed.trim())) };
}
