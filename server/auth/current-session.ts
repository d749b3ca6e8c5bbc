import "server-only";
import { headers } from "next/headers";
import { readSession, type Session } from "./session";

/** The signed-in user of the request being rendered (server components), or null. */
export async function currentSession(): Promise<Session | null> {
  return readSession(await headers());
}
