-- The table of rate-limiter-flexible's PostgreSQL store (server/auth/login-rate-limit.ts), in the layout the
-- library reads and writes. IF NOT EXISTS: before this migration the library created it on first use.
CREATE TABLE IF NOT EXISTS "auth_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "auth_rate_limits_pkey" PRIMARY KEY ("key")
);
