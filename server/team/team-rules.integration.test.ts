import { describe, expect, it } from "vitest";
import { signUp } from "../accounts/sign-up";
import type { Role } from "../auth/permissions";
import { db, inTransaction } from "../db";
import { AppError } from "../errors";
import { newId, randomBase62 } from "../ids";
import { acceptInvitation } from "./accept-invitation";
import { changeMemberRole } from "./change-member-role";
import { createInvitation } from "./create-invitation";
import { removeMember } from "./remove-member";

async function merchantWithOwner() {
  const email = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  const owner = await signUp(db(), {
    name: "Owner",
    email,
    password: "long enough password",
    businessName: "Rules shop",
  });
  const ownerMembership = await db().membership.findFirstOrThrow({ where: { userId: owner.userId } });
  return { ...owner, email, ownerMembershipId: ownerMembership.id };
}

async function addMember(merchantId: string, role: Role) {
  const userId = newId("usr");
  const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`;
  await db().user.create({ data: { id: userId, email, passwordHash: "unused" } });
  const membership = await db().membership.create({ data: { id: newId("mem"), userId, merchantId, role } });
  return { userId, email, membershipId: membership.id };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe("team rules", () => {
  it("the last owner can be neither demoted nor removed; with a second owner, both work", async () => {
    const m = await merchantWithOwner();
    const change = (role: Role) =>
      inTransaction(db(), (tx) =>
        changeMemberRole(tx, {
          merchantId: m.merchantId,
          membershipId: m.ownerMembershipId,
          role,
          actor: m.userId,
          actorRole: "owner",
        }),
      );
    expect(await codeOf(change("admin"))).toBe("conflict");
    expect(
      await codeOf(
        inTransaction(db(), (tx) =>
          removeMember(tx, {
            merchantId: m.merchantId,
            membershipId: m.ownerMembershipId,
            actor: m.userId,
            actorRole: "owner",
          }),
        ),
      ),
    ).toBe("conflict");
    await addMember(m.merchantId, "owner");
    expect(await codeOf(change("admin"))).toBe("ok");
    expect((await db().membership.findUniqueOrThrow({ where: { id: m.ownerMembershipId } })).role).toBe("admin");
  });

  it("an admin cannot grant the owner role, change an owner, or invite an owner", async () => {
    const m = await merchantWithOwner();
    const admin = await addMember(m.merchantId, "admin");
    const dev = await addMember(m.merchantId, "developer");
    const asAdmin = { merchantId: m.merchantId, actor: admin.userId, actorRole: "admin" as const };
    expect(
      await codeOf(
        inTransaction(db(), (tx) =>
          changeMemberRole(tx, { ...asAdmin, membershipId: dev.membershipId, role: "owner" }),
        ),
      ),
    ).toBe("forbidden");
    expect(
      await codeOf(
        inTransaction(db(), (tx) =>
          changeMemberRole(tx, { ...asAdmin, membershipId: m.ownerMembershipId, role: "viewer" }),
        ),
      ),
    ).toBe("forbidden");
    expect(
      await codeOf(inTransaction(db(), (tx) => removeMember(tx, { ...asAdmin, membershipId: m.ownerMembershipId }))),
    ).toBe("forbidden");
    expect(
      await codeOf(
        inTransaction(db(), (tx) =>
          createInvitation(tx, { ...asAdmin, request: { email: "boss@example.com", role: "owner" } }),
        ),
      ),
    ).toBe("forbidden");
    expect(
      await codeOf(
        inTransaction(db(), (tx) =>
          changeMemberRole(tx, { ...asAdmin, membershipId: dev.membershipId, role: "finance" }),
        ),
      ),
    ).toBe("ok");
    expect(
      await db().auditLog.count({
        where: { merchantId: m.merchantId, action: "team.role_changed", actor: admin.userId },
      }),
    ).toBe(1);
  });

  it("an invitation joins only the invited email, once, before it expires", async () => {
    const m = await merchantWithOwner();
    const invited = await addMember((await merchantWithOwner()).merchantId, "viewer"); // a user elsewhere
    const now = new Date();
    const { url } = await inTransaction(db(), (tx) =>
      createInvitation(tx, {
        merchantId: m.merchantId,
        actor: m.userId,
        actorRole: "owner",
        request: { email: invited.email.toUpperCase(), role: "finance" },
        now,
      }),
    );
    const token = url.split("/invite/")[1]!;
    const stranger = await addMember((await merchantWithOwner()).merchantId, "viewer");
    const accept = (user: { userId: string; email: string }, at = now) =>
      inTransaction(db(), (tx) => acceptInvitation(tx, { token, userId: user.userId, now: at }));
    expect(await codeOf(accept(stranger))).toBe("forbidden");
    // The invited address must be verified (email-verification.integration.test.ts covers the unverified case).
    await db().user.update({ where: { id: invited.userId }, data: { emailVerifiedAt: now } });
    expect(await codeOf(accept(invited, new Date(now.getTime() + 8 * 86_400_000)))).toBe("conflict");
    expect(await codeOf(accept(invited))).toBe("ok");
    expect(await codeOf(accept(invited))).toBe("conflict");
    const joined = await db().membership.findFirstOrThrow({
      where: { merchantId: m.merchantId, userId: invited.userId },
    });
    expect(joined.role).toBe("finance");
    expect(await db().invitation.findFirstOrThrow({ where: { merchantId: m.merchantId } })).toMatchObject({
      email: invited.email,
      acceptedAt: expect.any(Date),
    });
  });
});
