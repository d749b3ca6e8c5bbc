import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** Why an address may not receive webhooks, or null when it may. */
export type AddressRefusal = { address: string; reason: string } | null;

// Cloud metadata services that sit outside link-local space (AWS IPv6, Alibaba); refused in every mode.
const METADATA = new Set(["fd00:ec2::254", "100.100.100.200"]);

// Ranges test mode may also use when the operator allows private webhooks (PAYRAIL_ALLOW_PRIVATE_WEBHOOKS=1,
// local development): a developer's own machine and network. Off, anyone who signs up could probe the
// operator's network through test-mode endpoints.
const PRIVATE_RANGES = new Set(["loopback", "private", "uniqueLocal", "carrierGradeNat"]);

const DESCRIPTIONS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  uniqueLocal: "a unique-local (private) address",
  carrierGradeNat: "a carrier-grade NAT address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "the unspecified address",
  reserved: "a reserved address",
  ipv4Compatible: "an IPv4-compatible IPv6 address",
};

/**
 * Whether a webhook may be sent to this IP address (a literal, v4 or v6). Live mode accepts only
 * global unicast; test mode also accepts loopback and private networks, but only with `allowPrivate`
 * (the operator's development flag). Cloud metadata, link-local, multicast, broadcast and unspecified
 * addresses are refused always. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export function refuseAddress(address: string, opts: { livemode: boolean; allowPrivate: boolean }): AddressRefusal {
  const version = isIP(address);
  if (version === 0) return { address, reason: "not an IP address" };
  // Canonical text first (WHATWG serialization): ipaddr.js reads "::127.0.0.1" as IPv4-mapped, Node as ::7f00:1.
  const text = version === 6 ? new URL(`http://[${address}]`).hostname.slice(1, -1) : address;
  const ip = ipaddr.process(text); // IPv4-mapped IPv6 becomes the IPv4 address it carries
  if (METADATA.has(ip.toString()) || ip.toString() === "169.254.169.254") {
    return { address, reason: "a cloud metadata address" };
  }
  let range: string = ip.range();
  // ::a.b.c.d (the deprecated IPv4-compatible form) is not in ipaddr's table; never a real destination.
  if (ip.kind() === "ipv6" && range === "unicast" && ip.match(ipaddr.parse("::"), 96)) range = "ipv4Compatible";
  const allowed = range === "unicast" || (!opts.livemode && opts.allowPrivate && PRIVATE_RANGES.has(range));
  if (allowed) return null;
  const what = DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
  return { address, reason: what };
}

/** Whether an address is outside global unicast (loopback, private, ...): its responses are never stored. */
export function isPrivateAddress(address: string): boolean {
  return refuseAddress(address, { livemode: true, allowPrivate: false }) !== null;
}
