import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as docsPage } from "@/app/docs/route";
import { GET as scalarScript } from "@/app/docs/scalar.js/route";

const scalarPackage = path.resolve(import.meta.dirname, "../../node_modules/@scalar/api-reference");
const pinnedVersion = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  }
).dependencies["@scalar/api-reference"];

describe("GET /docs", () => {
  it("pins Scalar to one exact version, the one installed", () => {
    expect(pinnedVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(
      (JSON.parse(readFileSync(path.join(scalarPackage, "package.json"), "utf8")) as { version: string }).version,
    ).toBe(pinnedVersion);
  });

  it("answers the page with its own Content-Security-Policy: this origin only, no inline script", async () => {
    const res = await docsPage();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")?.split("; ")).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes = "", body]) => ({
      attributes,
      body,
    }));
    expect(scripts).toHaveLength(2);
    // A JSON data block (never executed) with Scalar's settings, then the bundle from this origin.
    expect(scripts[0]!.attributes).toContain(
      'id="api-reference" type="application/json" data-url="/api/v1/openapi.json"',
    );
    expect(scripts[0]!.body).toBe("");
    expect(scripts[1]).toEqual({ attributes: ` src="/docs/scalar.js?v=${pinnedVersion}"`, body: "" });
    const configuration = JSON.parse(
      /data-configuration="([^"]*)"/
        .exec(html)![1]!
        .replaceAll("&quot;", '"')
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&"),
    ) as Record<string, unknown>;
    expect(configuration).toMatchObject({
      url: "/api/v1/openapi.json",
      telemetry: false,
      withDefaultFonts: false,
      hideClientButton: true,
    });
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("serves the installed bundle itself from /docs/scalar.js, cacheable for good", async () => {
    const res = await scalarScript();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(path.join(scalarPackage, "dist/browser/standalone.js")))).toBe(true);
  });
});
