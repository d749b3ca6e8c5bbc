import { defineConfig } from "prisma/config";

// The Prisma CLI's view of the project. The app and the project's own migrate command
// (`npm run migrate`) connect through @prisma/adapter-pg and do not read this file.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/payrail" },
});
