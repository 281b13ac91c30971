import { describe, expect, it } from "vitest";
import { addressBucket, invalidProxyEntries, normalizeIp, PEER_IP_HEADER, resolveClientIp, type ClientIpOptions } from "./client-ip.server";

const NO_PROXY: ClientIpOptions = { trustPeerHeader: true, forwardedHeader: "x-forwarded-for", trustedProxies: [] };
const request = (peer: string | null, forwarded?: string, header = "x-forwarded-for") => {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_IP_HEADER, peer);
  if (forwarded !== undefined) headers.set(header, forwarded);
  return headers;
};

describe("normalizeIp", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["203.0.113.9:51234", "203.0.113.9"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::FFFF:7f00:1", "127.0.0.1"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });

  it.each(["", "unknown", "1.2.3", "999.1.1.1", "203.0.113.9, 10.0.0.1", "<script>"])("%j is not an address", (raw) => {
    expect(normalizeIp(raw)).toBeNull();
  });
});

describe("addressBucket", () => {
  it("keeps IPv4 and groups IPv6 by its /64", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
  });
});

describe("resolveClientIp", () => {
  it("is the socket's address, whatever X-Forwarded-For the client sends, when no proxy is trusted", () => {
    const seen = new Set<string | null>();
    for (let i = 1; i <= 60; i++) seen.add(resolveClientIp(request("198.51.100.7", `203.0.113.${i}`), NO_PROXY));
    expect([...seen]).toEqual(["198.51.100.7"]);
  });

  it("is unknown when the peer header does not come from our server", () => {
    expect(resolveClientIp(request("198.51.100.7", "203.0.113.1"), { ...NO_PROXY, trustPeerHeader: false })).toBeNull();
    expect(resolveClientIp(request(null, "203.0.113.1"), NO_PROXY)).toBeNull();
    expect(resolveClientIp(request("not-an-address"), NO_PROXY)).toBeNull();
  });

  it("reads the forwarded header from the right while each hop is a trusted proxy", () => {
    const options = { ...NO_PROXY, trustedProxies: ["10.0.0.0/8", "192.0.2.10"] };
    // The client claims to be 1.1.1.1; the proxy appended the address it really saw.
    expect(resolveClientIp(request("10.0.0.5", "1.1.1.1, 203.0.113.50"), options)).toBe("203.0.113.50");
    // Two proxies in a row.
    expect(resolveClientIp(request("10.0.0.5", "1.1.1.1, 203.0.113.50, 192.0.2.10"), options)).toBe("203.0.113.50");
    // A peer that is not a trusted proxy: its header is not believed.
    expect(resolveClientIp(request("198.51.100.7", "203.0.113.50"), options)).toBe("198.51.100.7");
    // A trusted proxy that forwarded nothing: the proxy itself.
    expect(resolveClientIp(request("10.0.0.5"), options)).toBe("10.0.0.5");
    // Garbage left of a trusted hop: stop at the last address a trusted proxy vouched for.
    expect(resolveClientIp(request("10.0.0.5", "203.0.113.50, junk, 192.0.2.10"), options)).toBe("192.0.2.10");
    // Every hop trusted: the leftmost.
    expect(resolveClientIp(request("10.0.0.5", "10.1.1.1, 10.2.2.2"), options)).toBe("10.1.1.1");
  });

  it("reads the header named by CLIENT_IP_HEADER, and IPv6 proxies", () => {
    const options = { trustPeerHeader: true, forwardedHeader: "x-real-ip", trustedProxies: ["fd00::/8"] };
    expect(resolveClientIp(request("fd00::2", "2001:db8::7", "x-real-ip"), options)).toBe("2001:db8::7");
    expect(resolveClientIp(request("::ffff:10.0.0.5", "203.0.113.50"), { ...NO_PROXY, trustedProxies: ["10.0.0.5"] })).toBe("203.0.113.50");
  });
});

describe("invalidProxyEntries", () => {
  it("names what is not an address or a network", () => {
    expect(invalidProxyEntries(["10.0.0.5", "10.0.1.0/24", "fd00::/8", "::1"])).toEqual([]);
    expect(invalidProxyEntries(["10.0.0.0/33", "proxy.local", "10.0.0.1/x", "1.2.3.4/8/9"])).toEqual([
      "10.0.0.0/33",
      "proxy.local",
      "10.0.0.1/x",
      "1.2.3.4/8/9",
    ]);
  });
});
