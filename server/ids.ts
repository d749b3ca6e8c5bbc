import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type IdPrefix =
  | "inv"
  | "sch"
  | "pay"
  | "evt"
  | "we"
  | "wd"
  | "aw"
  | "ntf"
  | "wa"
  | "po"
  | "re"
  | "pob"
  | "mer"
  | "key"
  | "usr"
  | "mem"
  | "opt"
  | "dep"
  | "cus"
  | "res"
  | "idk"
  | "invt"
  | "aud"
  | "txn"
  | "emv"
  | "trc"
  | "pal"
  | "opf";

/** Random base62 string of `length` characters from a CSPRNG (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** A new prefixed, unguessable identifier such as `inv_3kT9...` (22 base62 chars, ~131 bits). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(22)}`;
}
