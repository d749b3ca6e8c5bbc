import "server-only";
import { hkdfSync } from "node:crypto";
import { masterRoot } from "../wallets/master-seed";

/**
 * The `whsec_` signing secret of `payrail listen` for one merchant and mode: derived from the master
 * seed (HKDF-SHA256, its own label), so it is the same at every run without being stored, and a
 * receiver configured once keeps verifying. It signs only what the forwarder sends; no endpoint uses it.
 */
export function listenSecret(opts: { merchantId: string; livemode: boolean }): string {
  const info = `payrail/listen-secret/v1/${opts.merchantId}/${opts.livemode ? "live" : "test"}`;
  return `whsec_${Buffer.from(hkdfSync("sha256", masterRoot().seed, Buffer.alloc(0), info, 32)).toString("base64")}`;
}
