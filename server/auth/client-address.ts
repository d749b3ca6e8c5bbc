/**
 * The client address for per-client rate limits. Next.js fills `x-forwarded-for` with the peer
 * address when it is absent; a proxy appends what it saw, so the last entry is the one no client can
 * choose (the first can be sent by anyone).
 */
export function clientAddress(header: (name: string) => string | null): string {
  return header("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
