// The dashboard's download route (GET /dashboard/{slug}/{mode}/exports/{kind}.csv) decides by the
// session and the member's role, not by an API key: real cookies (next-auth's encrypted JWT), real
// memberships on the real database.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/(dashboard)/dashboard/[merchant]/[mode]/exports/[file]/route";
import { signUp } from "@/server/accounts/sign-up";
import { authSecret, sessionCookieName } from "@/server/auth/auth-config";
import type { Role } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";

async function user(label: string) {
  const email = `${label}-${randomBase62(8).toLowerCase()}@example.com`;
  const { userId, merchantId, slug } = await signUp(db(), {
    name: label,
    email,
    password: "correct horse battery staple",
    businessName: `${label} shop`,
  });
  return { userId, email, merchantId, slug };
}

async function member(merchantId: string, role: Role) {
  const u = await user(role);
  await db().membership.deleteMany({ where: { userId: u.userId } });
  await db().membership.create({ data: { id: newId("mem"), userId: u.userId, merchantId, role } });
  return u;
}

/** A session cookie as next-auth issues it at sign-in. */
async function cookieOf(u: { userId: string; email: string }): Promise<string> {
  const token = await encode({
    token: { sub: u.userId, email: u.email, sv: 0, sia: Math.floor(Date.now() / 1000) },
    secret: authSecret(),
  });
  return `${sessionCookieName()}=${token}`;
}

async function download(slug: string, file: string, cookie?: string, mode = "test") {
  const request = new Request(`http://payrail.test/dashboard/${slug}/${mode}/exports/${file}`, {
    headers: cookie ? { cookie } : {},
  });
  return GET(request, { params: Promise.resolve({ merchant: slug, mode, file }) });
}

const errorOf = async (res: Response) => ({
  status: res.status,
  ...((await res.json()) as { error: { code: string } }).error,
});

describe("GET /dashboard/{slug}/{mode}/exports/{kind}.csv", () => {
  it("serves owners, admins and finance; refuses developers and viewers (403), outsiders (404) and no session (401)", async () => {
    const owner = await user("owner");
    for (const role of ["admin", "finance"] as const) {
      const res = await download(owner.slug, "payments.csv", await cookieOf(await member(owner.merchantId, role)));
      expect([role, res.status, res.headers.get("content-disposition")]).toEqual([
        role,
        200,
        'attachment; filename="payrail-payments-test.csv"',
      ]);
      expect(await res.text()).toBe(
        "id,invoice,order_id,network,chain_id,asset,token_address,amount,amount_base_units,tx_hash,log_index,block_number,from,to," +
          "status,detected_at,confirmed_at,currency,rate,fiat_amount\r\n",
      );
    }
    const live = await download(owner.slug, "invoices.csv", await cookieOf(owner), "live");
    expect([live.status, live.headers.get("content-disposition")]).toEqual([
      200,
      'attachment; filename="payrail-invoices-live.csv"',
    ]);
    await live.body?.cancel();

    for (const role of ["developer", "viewer"] as const) {
      const res = await download(owner.slug, "payments.csv", await cookieOf(await member(owner.merchantId, role)));
      expect(await errorOf(res)).toMatchObject({
        status: 403,
        code: "forbidden",
        message: `The ${role} role cannot download exports.`,
      });
    }
    const outsider = await user("outsider");
    expect(await errorOf(await download(owner.slug, "payments.csv", await cookieOf(outsider)))).toMatchObject({
      status: 404,
      code: "resource_missing",
    });
    expect(await errorOf(await download(owner.slug, "payments.csv", await cookieOf(owner), "staging"))).toMatchObject({
      status: 404,
      code: "resource_missing",
    });
    expect(await errorOf(await download(owner.slug, "payments.csv"))).toMatchObject({
      status: 401,
      code: "unauthenticated",
    });
    expect(await errorOf(await download(owner.slug, "nope.csv", await cookieOf(owner)))).toMatchObject({
      status: 404,
      param: "kind",
    });
  });
});
