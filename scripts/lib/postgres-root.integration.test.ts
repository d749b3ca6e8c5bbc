// Issue 16, item 18: started as root under a directory the `postgres` user may not enter (as under /root, 0700),
// the embedded cluster cannot run: say what is wrong and how to fix it, instead of a bare EACCES or initdb error.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getFreePort } from "./ports";
import { startEmbeddedPostgres } from "./postgres";

describe.skipIf(process.getuid?.() !== 0)("embedded PostgreSQL started as root", () => {
  it("explains a data directory the postgres user cannot reach, naming the directory and the fixes", async () => {
    const closed = await mkdtemp(path.join(os.tmpdir(), "payrail-closed-home-"));
    await chmod(closed, 0o700);
    try {
      const error = await startEmbeddedPostgres({
        dataDir: path.join(closed, "app", ".data", "postgres"),
        port: await getFreePort(),
        silent: true,
      }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message.split("\n")).toEqual([
        `PostgreSQL cannot run here: started as root, Payrail runs the embedded PostgreSQL as the \`postgres\` user, who may not enter ${closed}`,
        `(needed to reach ${path.join(closed, "app", ".data")}). Do one of these:`,
        "  - start Payrail as a regular user (not root);",
        "  - move the project to a directory other users may enter, such as /opt/payrail or /srv/payrail;",
        `  - let other users enter it: chmod o+x ${closed};`,
        "  - or set DATABASE_URL to a PostgreSQL server of your own.",
      ]);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });
});
