import "server-only";
import type { HDKey } from "viem/accounts";
import type { DbClient } from "../db";
import { masterRoot } from "./master-seed";
import { PLATFORM_HD_ACCOUNT } from "./platform-keys";

/** Unassigned merchant accounts the worker keeps ready (`payrail keys fill-pool --target` overrides it). */
export const HD_ACCOUNT_POOL_TARGET = 50;

// Rows derived and written per statement: each account costs a hardened derivation and two public keys.
const BATCH = 200;
const HARDENED = 0x80000000;

/** The extended public keys of an account's chain nodes m/44'/60'/{index}'/0 (test) and /1 (live). */
export function accountXpubs(root: HDKey, index: number): { xpubTest: string; xpubLive: string } {
  return xpubsUnder(root.derive("m/44'/60'"), index);
}

// From the node m/44'/60': one hardened step per account instead of three.
function xpubsUnder(coinNode: HDKey, index: number): { xpubTest: string; xpubLive: string } {
  if (!Number.isInteger(index) || index < 0 || index >= PLATFORM_HD_ACCOUNT) {
    throw new Error(`not a merchant HD account index: ${index}`);
  }
  const account = coinNode.deriveChild(HARDENED + index);
  return { xpubTest: account.deriveChild(0).publicExtendedKey, xpubLive: account.deriveChild(1).publicExtendedKey };
}

/**
 * Keep at least `target` unassigned merchant HD accounts in `hd_accounts`, with their extended public keys,
 * so that creating a merchant never needs the master seed. Also derives the xpubs of accounts that lack them
 * (merchants from before the pool, whose rows the migration wrote with their existing `hd_account_index`),
 * and adds the row of any merchant that has none. Needs PAYRAIL_MASTER_SEED: worker, `npm start` and the
 * CLI only. Safe to run in several processes at once: rows are written with ON CONFLICT, and a new account
 * index is always above every index in use. Returns how many rows it derived and added, and the unassigned
 * count after. Throws, writing nothing, if the accounts already derived come from another seed. `root` is the master seed's HD root (default: PAYRAIL_MASTER_SEED's).
 */
export async function fillHdAccountPool(
  db: DbClient,
  opts: { target?: number; root?: HDKey } = {},
): Promise<{ derived: number; added: number; unassigned: number }> {
  const target = opts.target ?? HD_ACCOUNT_POOL_TARGET;
  const root = opts.root ?? masterRoot().root;
  const coinNode = root.derive("m/44'/60'");
  let derived = 0;
  let added = 0;

  // Accounts derived from another seed would give deposit addresses whose keys this process cannot sign for:
  // check the lowest and the highest derived account before adding to them.
  const sample = await db.$queryRaw<{ index: number; xpub_test: string; xpub_live: string }[]>`
    (SELECT index, xpub_test, xpub_live FROM hd_accounts WHERE xpub_test IS NOT NULL ORDER BY index LIMIT 1)
    UNION ALL
    (SELECT index, xpub_test, xpub_live FROM hd_accounts WHERE xpub_test IS NOT NULL ORDER BY index DESC LIMIT 1)`;
  for (const row of sample) {
    const expected = xpubsUnder(coinNode, row.index);
    if (expected.xpubTest !== row.xpub_test || expected.xpubLive !== row.xpub_live) {
      throw new Error(
        `hd_accounts row ${row.index} was derived from another master seed than PAYRAIL_MASTER_SEED: refusing to add accounts`,
      );
    }
  }

  // Merchants created by a process that did not know the pool yet (a rolling upgrade): record their accounts.
  await db.$executeRaw`
    INSERT INTO hd_accounts (index, merchant_id)
    SELECT m.hd_account_index, m.id FROM merchants m
     WHERE NOT EXISTS (SELECT 1 FROM hd_accounts h WHERE h.merchant_id = m.id)
    ON CONFLICT (index) DO UPDATE SET merchant_id = EXCLUDED.merchant_id WHERE hd_accounts.merchant_id IS NULL`;

  for (;;) {
    const missing = await db.$queryRaw<{ index: number }[]>`
      SELECT index FROM hd_accounts WHERE xpub_test IS NULL ORDER BY index LIMIT ${BATCH}`;
    if (missing.length === 0) break;
    const rows = missing.map(({ index }) => ({ index, ...xpubsUnder(coinNode, index) }));
    await db.$executeRaw`
      UPDATE hd_accounts h SET xpub_test = v.xpub_test, xpub_live = v.xpub_live
        FROM unnest(${rows.map((r) => r.index)}::int[], ${rows.map((r) => r.xpubTest)}::text[],
                    ${rows.map((r) => r.xpubLive)}::text[]) AS v(index, xpub_test, xpub_live)
       WHERE h.index = v.index AND h.xpub_test IS NULL`;
    derived += rows.length;
  }

  for (;;) {
    const [{ unassigned, next }] = (await db.$queryRaw<{ unassigned: number; next: number }[]>`
      SELECT (SELECT count(*)::int FROM hd_accounts WHERE merchant_id IS NULL) AS unassigned,
             GREATEST((SELECT max(index) FROM hd_accounts), (SELECT max(hd_account_index) FROM merchants), -1)::int + 1
               AS next`) as [{ unassigned: number; next: number }];
    if (unassigned >= target) return { derived, added, unassigned };
    const count = Math.min(BATCH, target - unassigned);
    if (next + count > PLATFORM_HD_ACCOUNT) throw new Error("no merchant HD account indexes left");
    const rows = Array.from({ length: count }, (_, i) => ({ index: next + i, ...xpubsUnder(coinNode, next + i) }));
    // Another filler may have taken these indexes at the same moment: theirs stand, and the loop counts again.
    added += await db.$executeRaw`
      INSERT INTO hd_accounts (index, xpub_test, xpub_live)
      SELECT * FROM unnest(${rows.map((r) => r.index)}::int[], ${rows.map((r) => r.xpubTest)}::text[],
                           ${rows.map((r) => r.xpubLive)}::text[])
      ON CONFLICT (index) DO NOTHING`;
  }
}
