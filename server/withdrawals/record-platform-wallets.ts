import type { Db } from "../db";
import { platformAddress, platformKeyPath, type PlatformRole } from "../wallets/platform-keys";

/**
 * Worker start: write the platform's gas and hot wallet addresses of both modes to `platform_wallets`, so that the
 * web process (which has no seed and must not derive them) can show them and their balances. The addresses are
 * the same on every network. Idempotent; a changed seed rewrites them.
 */
export async function recordPlatformWallets(db: Db, opts: { now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  for (const role of ["gas", "hot"] as const satisfies readonly PlatformRole[]) {
    for (const livemode of [false, true]) {
      const wallet = { address: platformAddress(role, livemode), keyPath: platformKeyPath(role, livemode) };
      await db.platformWallet.upsert({
        where: { role_livemode: { role, livemode } },
        create: { role, livemode, ...wallet, recordedAt: now },
        update: { ...wallet, recordedAt: now },
      });
    }
  }
}
