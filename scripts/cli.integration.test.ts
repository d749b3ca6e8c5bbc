import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "../server/auth/api-keys";
import { db } from "../server/db";
import { randomBase62 } from "../server/ids";
import { REPO_ROOT } from "./lib/local-files";

function cli(...args: string[]) {
  const result = spawnSync(
    path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    ["--tsconfig", "tsconfig.node.json", "scripts/cli.ts", ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env },
      encoding: "utf8",
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run payrail", () => {
  const slug = `cli-${randomBase62(8).toLowerCase()}`;

  it("creates a merchant, then a live key printed as JSON and nothing else", async () => {
    const created = cli("merchants", "create", "--slug", slug, "--name", "CLI Shop");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^Created merchant ${slug} \\(mer_[0-9A-Za-z]{22}\\)\\.\\n$`));

    const keyed = cli("keys", "create", "--merchant", slug, "--live", "--json");
    expect(keyed.code).toBe(0);
    const { key } = JSON.parse(keyed.stdout) as { key: string };
    expect(Object.keys(JSON.parse(keyed.stdout))).toEqual(["key"]);
    expect(key).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
    const auth = await authenticateApiKey(db(), `Bearer ${key}`);
    expect(auth.livemode).toBe(true);
    const merchant = await db().merchant.findUniqueOrThrow({ where: { slug } });
    expect(auth.merchantId).toBe(merchant.id);
  });

  it("refuses a taken slug, an unknown merchant, bad flags and unknown commands with a non-zero exit", () => {
    const taken = cli("merchants", "create", "--slug", slug, "--name", "Again");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`A merchant with slug "${slug}" already exists.`);

    const unknown = cli("keys", "create", "--merchant", "no-such-merchant", "--json");
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain('No merchant with slug "no-such-merchant".');

    const badFlag = cli("keys", "create", "--merchant", slug, "--colour", "red");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--colour");

    const missing = cli("merchants", "create", "--slug", "x-y");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--name is required");

    const nonsense = cli("frobnicate");
    expect(nonsense.code).toBe(2);
    expect(nonsense.stderr).toContain("unknown command: frobnicate");
  });
});
