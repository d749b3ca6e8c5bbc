import { env } from "../env";

/**
 * The header carrying the TCP peer address of a request, set by the server itself (peer-address.ts,
 * installed by instrumentation.ts) over anything a client sent under that name.
 */
export const PEER_ADDRESS_HEADER = "x-payrail-peer-address";

/**
 * The client address for per-client rate limits. With no trusted proxy (TRUSTED_PROXY_HOPS=0, the
 * default) it is the socket's peer address: `X-Forwarded-For` is whatever the client chose to send.
 * Behind N proxies that each append the address they saw, the client is the N-th entry from the right
 * (the entries left of it can be sent by anyone); a shorter header means a proxy is missing, and the
 * leftmost entry is the best there is.
 */
export function clientAddress(
  header: (name: string) => string | null,
  trustedHops: number = env().TRUSTED_PROXY_HOPS,
): string {
  if (trustedHops === 0) return header(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  const forwarded = (header("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return header(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  return forwarded.at(-Math.min(trustedHops, forwarded.length))!;
}
