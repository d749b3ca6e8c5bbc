// Issue 16, item 10 (second half): an invitation carries its inviter's authority, so a removed or demoted
// inviter's pending invitations that they could no longer send are withdrawn.
import { describe, expect, it } from "vitest";
import { signUp } from "@/server/accounts/sign-up";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import type { Role } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";

async function team() {
  const ownerEmail = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  const owner = await signUp(db(), {
    name: "Owner",
    email: ownerEmail,
    password: "long enough password",
    businessName: "Invites shop",
  });
  const as = async (userId: string, email: string) =>
    createCaller(await createTRPCContext({ headers: new Headers(), session: { userId, email } }));
  const add = async (role: Role) => {
    const userId = newId("usr");
    const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`;
    await db().user.create({ data: { id: userId, email, passwordHash: "unused" } });
    const membership = await db().membership.create({
      data: { id: newId("mem"), userId, merchantId: owner.merchantId, role },
    });
    return { membershipId: membership.id, call: await as(userId, email) };
  };
  return { merchantId: owner.merchantId, owner: await as(owner.userId, ownerEmail), add };
}

const pendingEmails = async (merchantId: string) =>
  (
    await db().invitation.findMany({
      where: { merchantId, revokedAt: null, acceptedAt: null },
      orderBy: { email: "asc" },
    })
  ).map((i) => `${i.email}:${i.role}`);

describe("invitations of an inviter who loses access", () => {
  it("a demoted owner's owner invitations are withdrawn, then all of theirs when they are removed", async () => {
    const t = await team();
    const scope = { merchantId: t.merchantId, livemode: false };
    const second = await t.add("owner");
    await second.call.team.invite({ ...scope, email: "a-owner@example.com", role: "owner" });
    await second.call.team.invite({ ...scope, email: "b-dev@example.com", role: "developer" });
    await t.owner.team.invite({ ...scope, email: "c-mine@example.com", role: "viewer" });

    await t.owner.team.changeRole({ ...scope, membershipId: second.membershipId, role: "admin" });
    expect(await pendingEmails(t.merchantId)).toEqual(["b-dev@example.com:developer", "c-mine@example.com:viewer"]);

    await t.owner.team.remove({ ...scope, membershipId: second.membershipId });
    expect(await pendingEmails(t.merchantId)).toEqual(["c-mine@example.com:viewer"]);
    const audit = await db().auditLog.findMany({
      where: { merchantId: t.merchantId, action: "team.invitation_revoked" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.data as { email: string; reason: string })).toEqual([
      { email: "a-owner@example.com", role: "owner", reason: "inviter_lost_access" },
      { email: "b-dev@example.com", role: "developer", reason: "inviter_lost_access" },
    ]);
  });

  it("an admin demoted to a role without team:write loses every pending invitation they sent", async () => {
    const t = await team();
    const scope = { merchantId: t.merchantId, livemode: false };
    const admin = await t.add("admin");
    await admin.call.team.invite({ ...scope, email: "x@example.com", role: "finance" });
    await t.owner.team.changeRole({ ...scope, membershipId: admin.membershipId, role: "developer" });
    expect(await pendingEmails(t.merchantId)).toEqual([]);
  });
});
