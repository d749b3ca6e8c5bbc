import { describe, expect, it } from "vitest";
import { randomBase62 } from "../ids";
import {
  consumeLoginAttempt,
  forgiveLoginAttempt,
  consumeSignUpAttempt,
  TooManyAttemptsError,
} from "./login-rate-limit";

// The limiters over the migrated auth_rate_limits table, as the sign-in and sign-up paths use them.

describe("sign-in and sign-up budgets in PostgreSQL", () => {
  it("allows 10 attempts per email and client in the window, refuses the 11th, and a success clears that budget", async () => {
    const email = `limit-${randomBase62(8)}@example.com`;
    const client = `198.51.100.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 10; i++) await consumeLoginAttempt({ email, client });
    const refused = await consumeLoginAttempt({ email: email.toUpperCase(), client }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyAttemptsError);
    expect((refused as TooManyAttemptsError).retryAfterS).toBeGreaterThan(0);
    await forgiveLoginAttempt({ email, client });
    await expect(consumeLoginAttempt({ email, client })).resolves.toBeUndefined();
  });

  it("allows 20 sign-ups per client address, then refuses", async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 200)}-${randomBase62(4)}`;
    for (let i = 0; i < 20; i++) await consumeSignUpAttempt(client);
    await expect(consumeSignUpAttempt(client)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });
});
