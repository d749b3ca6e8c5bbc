import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotpStep, otpauthUri, totpCode, totpStep } from "./totp";

// RFC 6238 Appendix B: 8-digit codes of the ASCII seeds, T0 = 0, X = 30 s. (Payrail uses SHA-1 and 6 digits; the
// other algorithms check that the truncation is the RFC's, not an accident of SHA-1's length.)
const seeds = {
  sha1: Buffer.from("12345678901234567890", "ascii"),
  sha256: Buffer.from("12345678901234567890123456789012", "ascii"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234", "ascii"),
} as const;

const vectors: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it("matches every test vector of Appendix B", () => {
    const got = vectors.map(([t]) => {
      const step = totpStep(new Date(t * 1000));
      return [
        t,
        hotp(seeds.sha1, step, { digits: 8 }),
        hotp(seeds.sha256, step, { digits: 8, algorithm: "sha256" }),
        hotp(seeds.sha512, step, { digits: 8, algorithm: "sha512" }),
      ];
    });
    expect(got).toEqual(vectors);
  });

  it("gives 6-digit SHA-1 codes of a base32 secret: the last six digits of the RFC's", () => {
    const secret = base32Encode(seeds.sha1);
    expect(secret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode(secret.toLowerCase())).toEqual(seeds.sha1);
    expect(vectors.map(([t]) => totpCode(secret, new Date(t * 1000)))).toEqual(vectors.map(([, c]) => c.slice(2)));
  });

  it("accepts one step of drift either way and nothing further; refuses anything but six digits", () => {
    const secret = base32Encode(seeds.sha1);
    const at = new Date(1111111111 * 1000);
    const step = totpStep(at);
    const codeAt = (s: bigint) => hotp(seeds.sha1, s);
    expect(matchTotpStep(secret, codeAt(step), at)).toBe(step);
    expect(matchTotpStep(secret, codeAt(step - 1n), at)).toBe(step - 1n);
    expect(matchTotpStep(secret, codeAt(step + 1n), at)).toBe(step + 1n);
    expect(matchTotpStep(secret, codeAt(step - 2n), at)).toBeNull();
    expect(matchTotpStep(secret, codeAt(step + 2n), at)).toBeNull();
    expect(matchTotpStep(secret, ` ${codeAt(step)}`, at)).toBeNull();
    expect(matchTotpStep(secret, "abcdef", at)).toBeNull();
  });

  it("writes the otpauth URI authenticator apps scan", () => {
    expect(otpauthUri({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", account: "ann@example.com" })).toBe(
      "otpauth://totp/Payrail:ann%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Payrail&algorithm=SHA1&digits=6&period=30",
    );
  });
});
