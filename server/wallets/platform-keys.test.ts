import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { depositKeyPath, platformAddress, platformKeyPath, signerForPath } from "./platform-keys";

describe("platform keys", () => {
  it("sit on the reserved account, one per role and mode", () => {
    expect(platformKeyPath("gas", false)).toBe("m/44'/60'/2147483646'/0/0");
    expect(platformKeyPath("gas", true)).toBe("m/44'/60'/2147483646'/0/1");
    expect(platformKeyPath("hot", false)).toBe("m/44'/60'/2147483646'/1/0");
    expect(platformKeyPath("hot", true)).toBe("m/44'/60'/2147483646'/1/1");
  });

  it("sign with the seed's key at that path", () => {
    const mnemonic = env().PAYRAIL_MASTER_SEED!;
    for (const [role, livemode] of [
      ["gas", false],
      ["gas", true],
      ["hot", false],
      ["hot", true],
    ] as const) {
      const path = platformKeyPath(role, livemode) as `m/44'/60'/${string}`;
      expect(platformAddress(role, livemode)).toBe(mnemonicToAccount(mnemonic, { path }).address);
    }
    const addresses = new Set(
      (["gas", "hot"] as const).flatMap((r) => [platformAddress(r, false), platformAddress(r, true)]),
    );
    expect(addresses.size).toBe(4);
    const deposit = depositKeyPath({ hdAccountIndex: 3, livemode: true, index: 17 });
    expect(deposit).toBe("m/44'/60'/3'/1/17");
    expect(signerForPath(deposit).address).toBe(
      mnemonicToAccount(mnemonic, { accountIndex: 3, changeIndex: 1, addressIndex: 17 }).address,
    );
  });

  it("refuse paths Payrail never hands out", () => {
    for (const path of ["m/44'/60'/0'/2/0", "m/44'/60'/0/0/0", "m/0", "m/44'/60'/0'/0/0'", ""]) {
      expect(() => signerForPath(path)).toThrow(`not a Payrail HD path: ${path}`);
    }
  });
});
