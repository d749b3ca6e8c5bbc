// Issue 16, item 10: accepting an invitation needs the signed-in account's own, verified address. Sign-up issues a
// verification link (hashed at rest, single use, 24 hours), which the log carries in development (no mailer).
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { db, inTransaction } from "@/server/db";
import { randomBase62 } from "@/server/ids";
import { createLogger } from "@/server/logger";
import { DEMO_LOGIN, seedDemo } from "@/server/merchants/seed-demo";
import { deliverVerificationLink } from "./deliver-verification-link";
import { requestEmailVerification } from "./request-email-verification";
import { signUp } from "./sign-up";
import { verifyEmail } from "./verify-email";

const PASSWORD = "long enough password";

async function account(label: string) {
  const email = `${label}-${randomBase62(8).toLowerCase()}@example.com`;
  const created = await signUp(db(), { name: label, email, password: PASSWORD, businessName: `${label} shop` });
  const call = createCaller(
    await createTRPCContext({ headers: new Headers(), session: { userId: created.userId, email } }),
  );
  return { ...created, email, call };
}

const anonymous = async () => createCaller(await createTRPCContext({ headers: new Headers(), session: null }));

/** The tRPC error code and message of a failed call, or "ok". */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}`),
  );

async function invite(owner: Awaited<ReturnType<typeof account>>, email: string) {
  const { url } = await owner.call.team.invite({
    merchantId: owner.merchantId,
    livemode: false,
    email,
    role: "developer",
  });
  return url.split("/invite/")[1]!;
}

const membershipsOf = async (merchantId: string) =>
  (
    await db().membership.findMany({ where: { merchantId }, include: { user: true }, orderBy: { createdAt: "asc" } })
  ).map((m) => `${m.user.email}:${m.role}`);

describe("email verification", () => {
  it("sign-up stores only the hash of a 24-hour link; the link verifies once; the user starts unverified", async () => {
    const before = Date.now();
    const user = await account("fresh");
    expect(user.verificationToken).toMatch(/^[0-9A-Za-z]{32}$/);
    const rows = await db().emailVerification.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.tokenHash).toBe(createHash("sha256").update(user.verificationToken).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(user.verificationToken);
    expect(row.email).toBe(user.email);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(24 * 60 * 60 * 1000);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(await user.call.account.emailVerification()).toEqual({ email: user.email, verified: false });

    const anyone = await anonymous();
    expect(await anyone.account.verifyEmail({ token: user.verificationToken })).toEqual({ email: user.email });
    expect(await user.call.account.emailVerification()).toEqual({ email: user.email, verified: true });
    expect(await outcome(anyone.account.verifyEmail({ token: user.verificationToken }))).toBe(
      "CONFLICT: This verification link was already used.",
    );
    expect(await outcome(anyone.account.verifyEmail({ token: "A".repeat(32) }))).toBe(
      "NOT_FOUND: This verification link is not valid.",
    );
    expect(await outcome(anyone.account.verifyEmail({ token: "not-a-token" }))).toMatch(/^BAD_REQUEST: /);
    expect(await outcome(user.call.account.sendVerificationLink())).toBe(
      `CONFLICT: ${user.email} is already verified.`,
    );
  });

  it("a link expires after 24 hours; a new one replaces the old; at most one a minute", async () => {
    const user = await account("late");
    const issuedAt = (await db().emailVerification.findFirstOrThrow({ where: { userId: user.userId } })).createdAt;
    const at = (ms: number) => new Date(issuedAt.getTime() + ms);
    const verify = (token: string, now: Date) => inTransaction(db(), (tx) => verifyEmail(tx, { token, now }));
    await expect(verify(user.verificationToken, at(24 * 3600_000))).rejects.toThrow(
      "This verification link has expired. Sign in and ask for a new one.",
    );
    expect(await outcome(user.call.account.sendVerificationLink())).toBe(
      "TOO_MANY_REQUESTS: A verification link was sent less than a minute ago. Wait a moment, then try again.",
    );
    const again = await inTransaction(db(), (tx) =>
      requestEmailVerification(tx, { userId: user.userId, now: at(60_000) }),
    );
    expect(again.email).toBe(user.email);
    await expect(verify(user.verificationToken, at(61_000))).rejects.toThrow("This verification link is not valid.");
    expect(await verify(again.token, at(61_000))).toEqual({ email: user.email });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toEqual(at(61_000));
  });

  it("the link goes to the log outside production, and in production only with PAYRAIL_LOG_EMAIL_LINKS=1", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    const log = createLogger({ level: "info", secrets: [], destination });
    const token = "T0ken0123456789abcdefghijklmnopq";
    const opts = { email: "someone@example.com", token };
    const config = { PAYRAIL_PUBLIC_URL: "https://pay.example.com", PAYRAIL_LOG_EMAIL_LINKS: undefined };
    expect(deliverVerificationLink(opts, { log, config: { ...config, NODE_ENV: "development" } })).toBe(true);
    expect(deliverVerificationLink(opts, { log, config: { ...config, NODE_ENV: "test" } })).toBe(true);
    expect(deliverVerificationLink(opts, { log, config: { ...config, NODE_ENV: "production" } })).toBe(false);
    expect(
      deliverVerificationLink(opts, {
        log,
        config: { ...config, NODE_ENV: "production", PAYRAIL_LOG_EMAIL_LINKS: "1" },
      }),
    ).toBe(true);
    expect(
      deliverVerificationLink(opts, {
        log,
        config: { ...config, NODE_ENV: "development", PAYRAIL_LOG_EMAIL_LINKS: "0" },
      }),
    ).toBe(false);
    expect(lines).toHaveLength(3);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect({ email: entry.email, origin: entry.origin, path: entry.path, msg: entry.msg }).toEqual({
      email: "someone@example.com",
      origin: "https://pay.example.com",
      path: `/verify-email/${token}`,
      msg: "email verification link (no mailer: open origin + path to verify the address)",
    });
    expect(Object.keys(entry).sort()).toEqual(["email", "hostname", "level", "msg", "origin", "path", "pid", "time"]);
  });

  it("seeding the demo leaves its owner verified, also one seeded before verification existed", async () => {
    await seedDemo(db(), { knownKeyValid: true });
    await db().user.update({ where: { email: DEMO_LOGIN.email }, data: { emailVerifiedAt: null } });
    await seedDemo(db(), { knownKeyValid: true });
    expect((await db().user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } })).emailVerifiedAt).toBeInstanceOf(
      Date,
    );
  });
});

describe("accepting an invitation", () => {
  it("needs the account's address verified: refused and nothing changes until it is, then it joins", async () => {
    const owner = await account("owner");
    const invited = await account("invited");
    const token = await invite(owner, invited.email.toUpperCase());
    const before = await membershipsOf(owner.merchantId);

    expect(await outcome(invited.call.account.acceptInvitation({ token }))).toBe(
      `FORBIDDEN: Verify ${invited.email} first: open the verification link we sent to it, then accept again.`,
    );
    expect(await membershipsOf(owner.merchantId)).toEqual(before);
    expect((await db().invitation.findFirstOrThrow({ where: { merchantId: owner.merchantId } })).acceptedAt).toBeNull();

    await (await anonymous()).account.verifyEmail({ token: invited.verificationToken });
    expect(await invited.call.account.acceptInvitation({ token })).toEqual({ slug: owner.slug });
    expect(await membershipsOf(owner.merchantId)).toEqual([...before, `${invited.email}:developer`]);
  });

  it("needs the invited address itself: another verified account is refused, whatever its session says", async () => {
    const owner = await account("owner");
    const invited = `target-${randomBase62(8).toLowerCase()}@example.com`;
    const token = await invite(owner, invited);
    const other = await account("other");
    await (await anonymous()).account.verifyEmail({ token: other.verificationToken });
    const before = await membershipsOf(owner.merchantId);

    expect(await outcome(other.call.account.acceptInvitation({ token }))).toBe(
      `FORBIDDEN: This invitation is for ${invited}. Sign in with that address to accept it.`,
    );
    // A session claiming the invited address does not help: the account's stored address decides.
    const claiming = createCaller(
      await createTRPCContext({ headers: new Headers(), session: { userId: other.userId, email: invited } }),
    );
    expect(await outcome(claiming.account.acceptInvitation({ token }))).toBe(
      `FORBIDDEN: This invitation is for ${invited}. Sign in with that address to accept it.`,
    );
    expect(await membershipsOf(owner.merchantId)).toEqual(before);
    expect((await db().invitation.findFirstOrThrow({ where: { merchantId: owner.merchantId } })).acceptedAt).toBeNull();
  });

  it("an account that existed before verification (email_verified_at null) must verify first", async () => {
    const owner = await account("owner");
    const old = await account("old");
    // As the migration leaves existing users: no verification row, no verified date.
    await db().emailVerification.deleteMany({ where: { userId: old.userId } });
    const token = await invite(owner, old.email);
    expect(await outcome(old.call.account.acceptInvitation({ token }))).toBe(
      `FORBIDDEN: Verify ${old.email} first: open the verification link we sent to it, then accept again.`,
    );
    const sent = await inTransaction(db(), (tx) => requestEmailVerification(tx, { userId: old.userId }));
    await (await anonymous()).account.verifyEmail({ token: sent.token });
    expect(await old.call.account.acceptInvitation({ token })).toEqual({ slug: owner.slug });
  });
});
