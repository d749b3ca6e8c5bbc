// Issue 16, item 5: every configured RPC node must serve its network's chain, and live-mode networks need https.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "@/server/env";
import { startCappedRpcProxy } from "@/test/json-rpc-proxy";
import { devnetRpcUrl } from "@/test/chains";
import { findNetwork, type Network } from "./networks";
import { verifyRpcChainIds } from "./verify-rpc-chain-ids";

const REPO = path.resolve(import.meta.dirname, "../..");
const saved = { ...process.env };

afterEach(() => {
  for (const key of ["RPC_URL_ETHEREUM", "RPC_WS_URL_ETHEREUM", "RPC_URL_BASE"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

/** Run the worker with `extra` over the test environment until it exits; its exit code and output. */
function runWorker(extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(REPO, "node_modules/.bin/tsx"),
      ["--tsconfig", "tsconfig.node.json", "scripts/worker.ts"],
      {
        cwd: REPO,
        env: { ...process.env, LOG_LEVEL: "info", ...extra },
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("RPC chain ids at start", () => {
  it("answers each network's chain id when the nodes are right", async () => {
    const devnet = findNetwork("devnet") as Network;
    const devnetB = findNetwork("devnet-b") as Network;
    expect(await verifyRpcChainIds([devnet, devnetB])).toEqual([
      { networkId: "devnet", chainId: 31337 },
      { networkId: "devnet-b", chainId: 31338 },
    ]);
  });

  it("the worker refuses to start when a network's URL serves another chain, without printing the URL's key", async () => {
    // devnet (chain 31337) configured with a URL that reaches devnet-b (chain 31338), a provider key in its path.
    const proxy = await startCappedRpcProxy({
      upstream: devnetRpcUrl("devnet-b"),
      maxLogRange: 1_000_000,
      error: { code: -32000, message: "unused" },
    });
    try {
      const keyed = `${proxy.url}/v2/provider-key-0123456789abcdef`;
      await expect(verifyRpcChainIds([{ ...(findNetwork("devnet") as Network), rpcUrl: keyed }])).rejects.toThrow(
        `Refusing to start: RPC_URL_DEVNET (${proxy.url}/***) serves chain id 31338, but Devnet is chain id 31337.`,
      );
      const { code, output } = await runWorker({ RPC_URL_DEVNET: keyed });
      expect(code).toBe(1);
      expect(output).toContain(`RPC_URL_DEVNET (${proxy.url}/***) serves chain id 31338, but Devnet is chain id 31337`);
      expect(output).not.toContain("provider-key-0123456789abcdef");
      expect(output).not.toContain("worker started");
    } finally {
      await proxy.close();
    }
  });
});

describe("live-mode RPC URLs", () => {
  it("must be https (or wss), unless the node is on this machine; the error does not echo the URL", () => {
    process.env.RPC_URL_ETHEREUM = "http://eth.provider.example/v2/live-key-0123456789";
    resetEnvCache();
    expect(() => env()).toThrow("Invalid environment: RPC_URL_ETHEREUM: a live-mode network needs an https:// RPC URL");
    expect(() => env()).not.toThrow(/live-key-0123456789/);

    process.env.RPC_URL_ETHEREUM = "https://eth.provider.example/v2/live-key-0123456789";
    process.env.RPC_WS_URL_ETHEREUM = "ws://eth.provider.example/ws/live-key-0123456789";
    resetEnvCache();
    expect(() => env()).toThrow(
      "Invalid environment: RPC_WS_URL_ETHEREUM: a live-mode network needs a wss:// URL, or off",
    );

    process.env.RPC_WS_URL_ETHEREUM = "wss://eth.provider.example/ws/live-key-0123456789";
    process.env.RPC_URL_BASE = "http://127.0.0.1:8545";
    resetEnvCache();
    expect(env().RPC_URL_ETHEREUM).toBe("https://eth.provider.example/v2/live-key-0123456789");
    expect(env().RPC_URL_BASE).toBe("http://127.0.0.1:8545");
  });
});
