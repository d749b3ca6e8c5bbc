import { hash } from "@node-rs/argon2";
import { inTransaction, type Db } from "../db";
import { createApiKey } from "../auth/api-keys";
import { newId } from "../ids";
import { createMerchant } from "./create-merchant";

export const DEMO_MERCHANT_SLUG = "demo";
export const DEMO_LOGIN = { email: "demo@payrail.local", password: "payrail-demo" } as const;

/**
 * Make sure the demo merchant and its owner login exist (idempotent), and return a usable test-mode
 * API key: `knownKey` when it still authenticates, else a new one.
 */
export async function seedDemo(
  db: Db,
  opts: { knownKeyValid: boolean },
): Promise<{ merchantId: string; newKey: string | null }> {
  const merchant =
    (await db.merchant.findUnique({ where: { slug: DEMO_MERCHANT_SLUG }, select: { id: true } })) ??
    (await createMerchant(db, { slug: DEMO_MERCHANT_SLUG, name: "Demo Store", supportEmail: "support@demo.example" }));

  const user =
    (await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } })) ??
    (await db.user.create({
      data: {
        id: newId("usr"),
        email: DEMO_LOGIN.email,
        name: "Demo Owner",
        passwordHash: await hash(DEMO_LOGIN.password),
      },
      select: { id: true },
    }));
  // The demo owner's address is not a real mailbox: it counts as verified (also when seeded before verification existed).
  await db.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
  await db.membership.upsert({
    where: { userId_merchantId: { userId: user.id, merchantId: merchant.id } },
    create: { id: newId("mem"), userId: user.id, merchantId: merchant.id, role: "owner" },
    update: {},
  });

  if (opts.knownKeyValid) return { merchantId: merchant.id, newKey: null };
  const key = await inTransaction(db, (tx) =>
    createApiKey(tx, { merchantId: merchant.id, livemode: false, name: "Demo key (npm start)" }),
  );
  return { merchantId: merchant.id, newKey: key.key };
}

/**
 * Seed the demo (seedDemo) only where its public password harms no one: on the embedded database `npm start`
 * runs for local development, or when the operator asks for it with `PAYRAIL_SEED_DEMO=1`. Against a database
 * of its own (DATABASE_URL set) nothing is seeded by default: `demo@payrail.local` / `payrail-demo` is printed
 * in the README, and an owner login anyone knows must never appear on a server. Null when not seeded.
 */
export async function seedDemoIfAllowed(
  db: Db,
  opts: { embeddedDatabase: boolean; flag: string | undefined; knownKeyValid: boolean },
): Promise<{ merchantId: string; newKey: string | null } | null> {
  const allowed = opts.flag === "1" || (opts.embeddedDatabase && opts.flag !== "0");
  return allowed ? seedDemo(db, { knownKeyValid: opts.knownKeyValid }) : null;
}
