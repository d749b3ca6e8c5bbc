/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Loaded by Node at runtime instead of bundled: native/driver code and pino's worker threads break when
  // bundled. Next already externalises some of these by default; listing them keeps the intent explicit.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "pg", "pino"],
  // The hosted page's script (scripts/build-checkout-client.ts): content-hashed names, so cached for good.
  async headers() {
    return [{ source: "/_payrail/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] }];
  },
};

export default nextConfig;
