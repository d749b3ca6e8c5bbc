import { hash, verify } from "@node-rs/argon2";

// Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum).
/** An Argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string: verifying against it costs what a real check costs, so an unknown
// email cannot be told from a wrong password by timing.
let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `passwordHash`; with no hash (unknown user) spends the same time and says no. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash(`dummy-${Math.random()}`);
  const target = passwordHash ?? (await dummyHash);
  const ok = await verify(target, password).catch(() => false);
  return passwordHash !== null && ok;
}
