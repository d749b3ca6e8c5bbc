/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Loaded by Node at runtime instead of bundled: native/driver code and pino's worker threads break when
  // bundled. Next already externalises some of these by default; listing them keeps the intent explicit.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "pg", "pino"],
};

export default nextConfig;
