/**
 * Headers of every page and route. `publicUrl` is PAYRAIL_PUBLIC_URL as the build sees it: HSTS is sent only
 * when the app is served over https (a browser ignores it over http, but an http deployment must not promise it).
 * @param {{ publicUrl: string | undefined; dev: boolean }} opts
 */
export function securityHeaders(opts) {
  const https = (opts.publicUrl ?? "").toLowerCase().startsWith("https://");
  const everywhere = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
  // The dashboard and the sign-in pages: never framed (clickjacking), scripts from this origin only. Next.js
  // renders its bootstrap and the React Server Components payload as inline scripts, hence 'unsafe-inline'
  // (a nonce would make every page dynamic); `next dev` also evaluates code and talks over a WebSocket.
  const dashboardPolicy = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { source: "/:path*", headers: everywhere },
    // Not the hosted page (/pay, its own policy: pages/pay/[id].tsx), the API reference (/docs, its own: app/docs/route.ts),
    // the API, nor static files.
    {
      source: "/:path((?!pay(?:/|$)|docs(?:/|$)|api/|_next/|_payrail/).*)",
      headers: [
        { key: "Content-Security-Policy", value: dashboardPolicy },
        { key: "X-Frame-Options", value: "DENY" },
      ],
    },
    // The hosted page's script (scripts/build-checkout-client.ts): content-hashed names, so cached for good.
    { source: "/_payrail/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
  ];
}

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // No ETag on rendered pages: every page here is per request and `no-store` (the hosted page, the dashboard), so
  // nothing revalidates with one, and Next hashes each page's whole HTML in JavaScript to make it (6.6% of the
  // web process's CPU serving GET /pay/{id} in bench:api). Static files keep theirs.
  generateEtags: false,
  // Loaded by Node at runtime instead of bundled: native/driver code and pino's worker threads break when
  // bundled. Next already externalises some of these by default; listing them keeps the intent explicit.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "pg", "pino"],
  async headers() {
    return securityHeaders({ publicUrl: process.env.PAYRAIL_PUBLIC_URL, dev: process.env.NODE_ENV === "development" });
  },
};

export default nextConfig;
