// Next.js calls register() once per server process before it handles requests.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next.js's own marker of the runtime, not a setting of ours.
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // The client address for rate limits comes from the socket, not a header a client can forge.
    const { stampPeerAddresses } = await import("./server/auth/peer-address");
    stampPeerAddresses();
  }
}
