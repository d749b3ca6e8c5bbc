import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { confirmationsEnvKey, rpcEnvKey } from "./catalog";
import { enabledNetworks, retainedBlockHashes } from "./networks";

const saved = { ...process.env };

function withEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvCache();
}

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  resetEnvCache();
});

const confirmations = () => Object.fromEntries(enabledNetworks().map((n) => [n.id, n.confirmations]));
const rpcs = {
  RPC_URL_ETHEREUM: "https://eth.test",
  RPC_URL_POLYGON: "https://polygon.test",
  RPC_URL_ARBITRUM: "https://arb.test",
  RPC_URL_BSC: "https://bsc.test",
  RPC_URL_BASE: "https://base.test",
  RPC_URL_OPTIMISM: "https://op.test",
};

describe("confirmation targets", () => {
  it("default to the catalog's: Ethereum 12, Polygon 128, Arbitrum 30, BSC 15, Base and Optimism 10, devnets 3", () => {
    withEnv(rpcs);
    expect(confirmations()).toEqual({
      ethereum: 12,
      base: 10,
      polygon: 128,
      arbitrum: 30,
      optimism: 10,
      bsc: 15,
      devnet: 3,
      "devnet-b": 3,
    });
  });

  it("are set per network by CONFIRMATIONS_<NETWORK>, over DEVNET_CONFIRMATIONS for the devnets", () => {
    withEnv({ ...rpcs, CONFIRMATIONS_POLYGON: "200", CONFIRMATIONS_DEVNET_B: "7", DEVNET_CONFIRMATIONS: "5" });
    expect(confirmations()).toEqual({
      ethereum: 12,
      base: 10,
      polygon: 200,
      arbitrum: 30,
      optimism: 10,
      bsc: 15,
      devnet: 5,
      "devnet-b": 7,
    });
    expect(confirmationsEnvKey("base-sepolia")).toBe("CONFIRMATIONS_BASE_SEPOLIA");
    expect(rpcEnvKey("devnet-b")).toBe("RPC_URL_DEVNET_B");
  });

  it("refuses a target that is not a positive whole number", () => {
    withEnv({ CONFIRMATIONS_DEVNET: "0" });
    expect(() => enabledNetworks()).toThrow(/CONFIRMATIONS_DEVNET/);
  });
});

describe("retained block hashes", () => {
  it("cover twice the confirmation target and never fewer than 256", () => {
    expect(retainedBlockHashes({ confirmations: 3 })).toBe(256n);
    expect(retainedBlockHashes({ confirmations: 128 })).toBe(256n);
    expect(retainedBlockHashes({ confirmations: 200 })).toBe(400n);
  });
});
