// Sessions through the real context: an encrypted next-auth cookie read by readSession, the users table
// on the real database, the real tRPC procedures.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { signUp } from "@/server/accounts/sign-up";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { removeMember } from "@/server/team/remove-member";
import { authSecret, sessionCookieName } from "./auth-config";
import { readSession } from "./session";

const HOUR_S = 3600;
const nowS = () => Math.floor(Date.now() / 1000);

async function account() {
  const email = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  const { slug } = await signUp(db(), {
    name: "Owner",
    email,
    password: "correct horse battery staple",
    businessName: "Shop",
  });
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const merchant = await db().merchant.findUniqueOrThrow({ where: { slug } });
  return { userId: user.id, email, merchantId: merchant.id };
}

/** A session cookie as next-auth issues it: `sia` the sign-in time, `sv` the session version, `exp` maxAge from now. */
async function cookie(
  claims: { sub: string; email: string; sv?: number; sia?: number },
  maxAgeS = 12 * HOUR_S,
): Promise<Headers> {
  const token = await encode({ token: claims, secret: authSecret(), maxAge: maxAgeS });
  return new Headers({ cookie: `${sessionCookieName()}=${token}` });
}

describe("dashboard sessions", () => {
  it("stand for 12 hours from sign-in, however recently the cookie was re-issued", async () => {
    const a = await account();
    const fresh = await cookie({ sub: a.userId, email: a.email, sv: 0, sia: nowS() - 11 * HOUR_S });
    expect(await readSession(fresh)).toEqual({ userId: a.userId, email: a.email });
    // Re-issued a minute ago by activity (exp 12 h ahead), but signed in 12 h 1 min ago: over.
    const slid = await cookie({ sub: a.userId, email: a.email, sv: 0, sia: nowS() - 12 * HOUR_S - 60 });
    expect(await readSession(slid)).toBeNull();
    // A token without the sign-in time (minted before sessions had one) does not stand either.
    expect(await readSession(await cookie({ sub: a.userId, email: a.email }))).toBeNull();
  });

  it("all end with 'sign out everywhere', the calling one included; a new sign-in stands", async () => {
    const a = await account();
    const laptop = await cookie({ sub: a.userId, email: a.email, sv: 0, sia: nowS() - 60 });
    const phone = await cookie({ sub: a.userId, email: a.email, sv: 0, sia: nowS() - 3 * HOUR_S });
    await createCaller(await createTRPCContext({ headers: laptop })).account.signOutEverywhere();
    expect(await readSession(laptop)).toBeNull();
    expect(await readSession(phone)).toBeNull();
    expect(await db().user.findUniqueOrThrow({ where: { id: a.userId }, select: { sessionVersion: true } })).toEqual({
      sessionVersion: 1,
    });
    const again = await cookie({ sub: a.userId, email: a.email, sv: 1, sia: nowS() });
    expect(await readSession(again)).toEqual({ userId: a.userId, email: a.email });
    await expect(createCaller(await createTRPCContext({ headers: laptop })).account.me()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("of a removed member end", async () => {
    const a = await account();
    const memberId = newId("usr");
    const email = `dev-${randomBase62(8).toLowerCase()}@example.com`;
    await db().user.create({ data: { id: memberId, email, passwordHash: "unused" } });
    const membership = await db().membership.create({
      data: { id: newId("mem"), userId: memberId, merchantId: a.merchantId, role: "developer" },
    });
    const session = await cookie({ sub: memberId, email, sv: 0, sia: nowS() - 60 });
    expect(await readSession(session)).toEqual({ userId: memberId, email });
    await inTransaction(db(), (tx) =>
      removeMember(tx, { merchantId: a.merchantId, membershipId: membership.id, actor: a.userId, actorRole: "owner" }),
    );
    expect(await readSession(session)).toBeNull();
  });
});
