import { describe, expect, it } from "vitest";
import { refuseAddress } from "./address-policy";

const live = { livemode: true, allowPrivate: true };
const test = { livemode: false, allowPrivate: true };
const testNoPrivate = { livemode: false, allowPrivate: false };

describe("the webhook address policy", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.255.254", "a loopback address"],
    ["::1", "a loopback address"],
    ["10.0.0.1", "a private address"],
    ["172.16.5.4", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["fd12:3456::1", "a unique-local (private) address"],
    ["fc00::1", "a unique-local (private) address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["169.254.1.1", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["169.254.169.254", "a cloud metadata address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["100.100.100.200", "a cloud metadata address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "the broadcast address"],
    ["0.0.0.0", "the unspecified address"],
    ["::", "the unspecified address"],
    ["240.0.0.1", "a reserved address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:10.1.2.3", "a private address"],
    ["::ffff:169.254.169.254", "a cloud metadata address"],
    ["::127.0.0.1", "an IPv4-compatible IPv6 address"],
    ["64:ff9b::7f00:1", "a special-purpose address (rfc6052)"],
    ["2002:7f00:1::1", "a special-purpose address (6to4)"],
  ])("refuses %s in live mode as %s", (address, reason) => {
    expect(refuseAddress(address, live)).toEqual({ address, reason });
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
  ])("accepts the public address %s in live mode", (address) => {
    expect(refuseAddress(address, live)).toBeNull();
  });

  it.each(["127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "fd12:3456::1", "100.64.0.1", "::ffff:127.0.0.1", "8.8.8.8"])(
    "accepts %s in test mode (a developer's own machine and network)",
    (address) => {
      expect(refuseAddress(address, test)).toBeNull();
    },
  );

  it.each([
    ["169.254.169.254", "a cloud metadata address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["100.100.100.200", "a cloud metadata address"],
    ["169.254.10.10", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["0.0.0.0", "the unspecified address"],
    ["224.0.0.251", "a multicast address"],
  ])("still refuses %s in test mode as %s", (address, reason) => {
    expect(refuseAddress(address, test)).toEqual({ address, reason });
  });

  it.each([
    ["127.0.0.1", "a loopback address"],
    ["::1", "a loopback address"],
    ["10.0.0.1", "a private address"],
    ["192.168.1.1", "a private address"],
    ["fd12:3456::1", "a unique-local (private) address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["::ffff:127.0.0.1", "a loopback address"],
  ])("refuses %s in test mode without the development flag, as %s", (address, reason) => {
    expect(refuseAddress(address, testNoPrivate)).toEqual({ address, reason });
  });

  it("accepts a public address in test mode without the development flag", () => {
    expect(refuseAddress("8.8.8.8", testNoPrivate)).toBeNull();
  });

  it("refuses what is not an IP address", () => {
    expect(refuseAddress("localhost", live)).toEqual({ address: "localhost", reason: "not an IP address" });
  });
});
