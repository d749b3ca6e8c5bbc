import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * `/docs`: Scalar's API reference over `GET /api/v1/openapi.json`. The browser bundle of `@scalar/api-reference`
 * (pinned in package.json) is served from this origin by app/docs/scalar.js, never from a CDN: the gateway
 * may run without internet access, and the page's Content-Security-Policy allows no other origin.
 */

const PACKAGE_DIR = path.join(process.cwd(), "node_modules", "@scalar", "api-reference");

/** The browser bundle: one self-contained script (its CSS included), about 5 MB, read once per process. */
let bundle: Promise<{ version: string; source: Buffer }> | null = null;
export function scalarBundle(): Promise<{ version: string; source: Buffer }> {
  bundle ??= (async () => {
    const { version } = JSON.parse(await readFile(path.join(PACKAGE_DIR, "package.json"), "utf8")) as {
      version: string;
    };
    const source = await readFile(path.join(PACKAGE_DIR, "dist", "browser", "standalone.js"));
    return { version, source };
  })().catch((error: unknown) => {
    bundle = null;
    throw error;
  });
  return bundle;
}

/**
 * Only this origin's script (the bundle), its fetches of the document and try-it requests to this origin's
 * API. Styles: the bundle inserts its stylesheet as a `<style>` element and sets `style` attributes, hence
 * 'unsafe-inline' for styles only (no script can be injected through it). Fonts are the system's.
 */
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Scalar's settings. No telemetry, no fonts or client from scalar.com, no AI agent or MCP links: nothing
 * leaves this origin. Try-it sends requests to the document's server (`/`, this origin) with the key the
 * reader enters; a test-mode key (`sk_test_...`) keeps them to devnets and testnets.
 */
const configuration = {
  url: "/api/v1/openapi.json",
  telemetry: false,
  withDefaultFonts: false,
  hideClientButton: true,
  showDeveloperTools: "never",
  documentDownloadType: "json",
  mcp: { disabled: true },
  agent: { disabled: true },
  authentication: { preferredSecurityScheme: "bearerAuth" },
  metaData: { title: "Payrail API reference" },
};

const escapeAttribute = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The page: a JSON data block Scalar reads its settings from, then the bundle, which mounts itself there. */
export function docsPageHtml(scalarVersion: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Payrail API reference</title>
</head>
<body>
<noscript>The API reference needs JavaScript. The OpenAPI document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
<script id="api-reference" type="application/json" data-url="${configuration.url}" data-configuration="${escapeAttribute(JSON.stringify(configuration))}"></script>
<script src="/docs/scalar.js?v=${encodeURIComponent(scalarVersion)}"></script>
</body>
</html>
`;
}
