import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createPublicClient, erc20Abi, http, type Address, type PublicClient } from "viem";
import { DEVNET_DEPLOYER_ADDRESS, DEVNET_TOKENS, anvilTestAccounts } from "../../server/chains/devnet-tokens";
import { startAnvil, type AnvilHandle } from "./anvil";
import { getFreePort } from "./ports";
import { ensureTestTokens } from "./deploy-test-tokens";

const CHAIN_ID = 31337;
const EACH = 1_000_000_000_000n; // 1,000,000 tokens with 6 decimals
const accounts = anvilTestAccounts(10).map((a) => a.address);

function client(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl) });
}

async function expectTokens(pc: PublicClient): Promise<void> {
  for (const t of DEVNET_TOKENS) {
    const read = { address: t.address, abi: erc20Abi } as const;
    expect(await pc.readContract({ ...read, functionName: "decimals" })).toBe(6);
    expect(await pc.readContract({ ...read, functionName: "symbol" })).toBe(t.symbol);
    expect(await pc.readContract({ ...read, functionName: "name" })).toBe(t.name);
    for (const account of accounts) {
      expect(await pc.readContract({ ...read, functionName: "balanceOf", args: [account] })).toBe(EACH);
    }
  }
}

describe("anvil devnet with test tokens", () => {
  let anvil: AnvilHandle | undefined;
  let tmp: string | undefined;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "payrail-anvil-"));
  });

  afterAll(async () => {
    await anvil?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("deploys USDC and USDT at the deterministic addresses, idempotently", async () => {
    anvil = await startAnvil({ port: await getFreePort(), chainId: CHAIN_ID, silent: true });
    const pc = client(anvil.rpcUrl);
    expect(await pc.getChainId()).toBe(CHAIN_ID);

    const first = await ensureTestTokens(anvil.rpcUrl);
    const expected: Record<string, Address> = Object.fromEntries(DEVNET_TOKENS.map((t) => [t.symbol, t.address]));
    expect(first).toEqual(expected);
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(2);

    const second = await ensureTestTokens(anvil.rpcUrl);
    expect(second).toEqual(first);
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(2);

    await expectTokens(pc);
    await anvil.stop();
    anvil = undefined;
  });

  it("keeps contracts and balances across a restart with a state file (interval mining)", async () => {
    if (!tmp) throw new Error("no temp dir");
    const stateFile = join(tmp, "devnet.json");
    const port = await getFreePort();

    anvil = await startAnvil({ port, chainId: CHAIN_ID, stateFile, blockTime: 1, silent: true });
    await ensureTestTokens(anvil.rpcUrl);
    await anvil.stop();

    anvil = await startAnvil({ port, chainId: CHAIN_ID, stateFile, blockTime: 1, silent: true });
    const pc = client(anvil.rpcUrl);
    for (const t of DEVNET_TOKENS) {
      expect(await pc.getCode({ address: t.address })).toMatch(/^0x[0-9a-f]{100,}$/);
    }
    await expectTokens(pc);
    // Nothing left to deploy after the restart.
    await ensureTestTokens(anvil.rpcUrl);
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(2);
  });
});
