import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { newId, randomBase62 } from "../ids";
import { TooManyAttemptsError } from "./login-rate-limit";
import { hashPassword } from "./passwords";
import { signInWithPassword } from "./sign-in-with-password";

// The sign-in path over the migrated auth_rate_limits table: only failures spend a budget.

const PASSWORD = "correct horse battery staple";
let email: string;
beforeAll(async () => {
  email = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  await db().user.create({ data: { id: newId("usr"), email, passwordHash: await hashPassword(PASSWORD) } });
});

const attacker = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomBase62(4)}`;

describe("password sign-in limits", () => {
  it("does not lock the owner out after an attacker spends the failures allowed from the attacker's address", async () => {
    const from = attacker();
    for (let i = 0; i < 10; i++)
      expect(await signInWithPassword(db(), { email, password: `guess-${i}`, client: from })).toBeNull();
    // The attacker's next guess is refused…
    await expect(signInWithPassword(db(), { email, password: "guess-10", client: from })).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
    // …but the owner, from their own address, signs in.
    expect(await signInWithPassword(db(), { email, password: PASSWORD, client: "192.0.2.10" })).toMatchObject({
      email,
    });
  });

  it("does not count successful sign-ins against the client's budget (100 failures)", async () => {
    const office = attacker();
    for (let i = 0; i < 105; i++)
      expect(await signInWithPassword(db(), { email, password: PASSWORD, client: office })).toMatchObject({ email });
  }, 120_000);

  it("keeps the per-address limit: 100 failures from one address across many accounts, then refused", async () => {
    const sprayer = attacker();
    for (let i = 0; i < 100; i++) {
      expect(
        await signInWithPassword(db(), { email: `nobody-${i}@example.com`, password: "x", client: sprayer }),
      ).toBeNull();
    }
    await expect(signInWithPassword(db(), { email, password: PASSWORD, client: sprayer })).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
  }, 120_000);
});
