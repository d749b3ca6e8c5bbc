import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { refuseAddress } from "./address-policy";

/** A resolved address of a webhook host: what a delivery connects to. */
export interface TargetAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all its addresses; tests inject one to simulate DNS. */
export type HostLookup = (hostname: string) => Promise<TargetAddress[]>;

/** Every address of a hostname from the system resolver (`getaddrinfo`, /etc/hosts included). */
export const systemLookup: HostLookup = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function refused(message: string): AppError {
  return new AppError("url_not_allowed", message, { param: "url" });
}

/**
 * Check a webhook URL against the SSRF policy and return the addresses a request may connect to.
 * Live mode needs https; the host's every address must pass `refuseAddress` (one bad address among
 * good ones is refused too: that is what a rebinding host looks like). Throws AppError
 * `url_not_allowed` with a message fit for the merchant; run at creation and at every delivery.
 */
export async function resolveWebhookTarget(
  url: URL,
  opts: { livemode: boolean; lookup?: HostLookup; allowPrivate?: boolean },
): Promise<TargetAddress[]> {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused("Webhook URLs must use http or https.");
  // Credentials in a URL would be shown to everyone who may see the endpoint (viewers included); a
  // receiver authenticates Payrail by the signature instead.
  if (url.username || url.password) {
    throw refused("Webhook URLs must not contain a user name or password: verify the webhook signature instead.");
  }
  const allowPrivate = opts.allowPrivate ?? env().PAYRAIL_ALLOW_PRIVATE_WEBHOOKS === "1";
  if (opts.livemode && url.protocol !== "https:") throw refused("Live-mode webhook endpoints must use https.");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: TargetAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw refused(
        `The webhook URL's host ${host} could not be resolved${typeof code === "string" ? ` (${code})` : ""}.`,
      );
    }
    if (addresses.length === 0) throw refused(`The webhook URL's host ${host} has no addresses.`);
  }
  for (const { address } of addresses) {
    const refusal = refuseAddress(address, { livemode: opts.livemode, allowPrivate });
    if (!refusal) continue;
    // The resolved address is not echoed: it would map the operator's internal network for whoever asks.
    const where = address === host ? `${address},` : `${host}, which resolves to`;
    const scope = opts.livemode
      ? "live-mode endpoints must be reachable on the public internet"
      : allowPrivate
        ? "not even in test mode"
        : "endpoints must be reachable on the public internet (private networks only in local development)";
    throw refused(`The webhook URL points at ${where} ${refusal.reason}: ${scope}.`);
  }
  return addresses;
}
