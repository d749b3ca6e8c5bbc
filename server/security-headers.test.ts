// Issue 16, item 13: HSTS only when the app is served over https (PAYRAIL_PUBLIC_URL at build time).
import path from "node:path";
import { describe, expect, it } from "vitest";

type Rule = { source: string; headers: { key: string; value: string }[] };
const configFile = path.resolve(import.meta.dirname, "../next.config.mjs");

describe("next.config.mjs security headers", () => {
  it("adds Strict-Transport-Security to every response when PAYRAIL_PUBLIC_URL is https, not over http", async () => {
    const { securityHeaders } = (await import(/* @vite-ignore */ configFile)) as {
      securityHeaders: (o: { publicUrl?: string; dev: boolean }) => Rule[];
    };
    const hsts = (publicUrl: string | undefined) =>
      securityHeaders({ publicUrl, dev: false })
        .find((r) => r.source === "/:path*")!
        .headers.find((h) => h.key === "Strict-Transport-Security")?.value;
    expect(hsts("https://pay.example.com")).toBe("max-age=63072000; includeSubDomains");
    expect(hsts("http://localhost:3000")).toBeUndefined();
    expect(hsts(undefined)).toBeUndefined();
  });
});
