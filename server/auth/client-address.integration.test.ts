import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "./client-address";
import { stampPeerAddresses } from "./peer-address";

// The client address for rate limits over real HTTP: the server stamps the socket's peer address (as
// instrumentation.ts makes Next.js do) and a client's X-Forwarded-For counts only behind trusted proxies.

let server: http.Server;
let seen: Record<string, string | string[] | undefined>[] = [];
beforeAll(async () => {
  stampPeerAddresses();
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function headersSeen(headers: Record<string, string>): Promise<(name: string) => string | null> {
  seen = [];
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers });
  await res.text();
  const h = seen[0]!;
  return (name) => (typeof h[name] === "string" ? (h[name] as string) : null);
}

describe("the client address of a request", () => {
  it("is the socket's peer without trusted proxies, whatever X-Forwarded-For and the peer header say", async () => {
    const header = await headersSeen({
      "x-forwarded-for": "203.0.113.9, 198.51.100.7",
      [PEER_ADDRESS_HEADER]: "192.0.2.1",
    });
    expect(header(PEER_ADDRESS_HEADER)).toBe("127.0.0.1");
    expect(clientAddress(header, 0)).toBe("127.0.0.1");
  });

  it("behind one trusted proxy is the entry that proxy appended, not the ones the client sent", async () => {
    const header = await headersSeen({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" });
    expect(clientAddress(header, 1)).toBe("198.51.100.7");
    expect(clientAddress(header, 2)).toBe("203.0.113.9");
  });

  it("behind a proxy that sent no X-Forwarded-For falls back to the peer", async () => {
    expect(clientAddress(await headersSeen({}), 1)).toBe("127.0.0.1");
  });

  it("uses TRUSTED_PROXY_HOPS (default 0) when no count is given", async () => {
    const header = await headersSeen({ "x-forwarded-for": "203.0.113.9" });
    expect(clientAddress(header)).toBe("127.0.0.1");
  });
});
