import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * The header our server (server.mjs) sets on every request to the TCP peer's address, after
 * deleting any copy the client sent. Read only when the process runs under that server
 * (STEADY_PEER_HEADER=1, which server.mjs sets): under plain `next start` a client could send it.
 */
export const PEER_IP_HEADER = "x-steady-peer-ip";

/** The client address as resolved here, handed to Better Auth (its session record and its own limits). */
export const RESOLVED_IP_HEADER = "x-steady-client-ip";

/** The groups of an IPv6 address, expanded to eight numbers (null when it is not IPv6). */
function ipv6Groups(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let text = ip;
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = text.includes("::") ? text.split("::") : [text, undefined];
  const head = left ? left.split(":") : [];
  const tail = right ? right.split(":") : [];
  const middle = right === undefined ? [] : Array<string>(8 - head.length - tail.length).fill("0");
  return [...head, ...middle, ...tail].map((g) => parseInt(g, 16));
}

/**
 * An address as it appears in a header or on a socket, in one canonical form: `[::1]:443` and
 * `1.2.3.4:80` lose the port, a zone id is dropped, an IPv4-mapped IPv6 address becomes IPv4,
 * IPv6 is lower case. Null when the text is not an IP address.
 */
export function normalizeIp(raw: string): string | null {
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  const zone = ip.indexOf("%");
  if (zone >= 0) ip = ip.slice(0, zone);
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return null;
  const groups = ipv6Groups(ip)!;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return ip.toLowerCase();
}

/**
 * The limiter's key for an address: IPv4 as is, IPv6 by its /64 network (one customer usually
 * holds a whole /64, so counting single IPv6 addresses would let them rotate freely).
 */
export function addressBucket(ip: string): string {
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** Entries of TRUSTED_PROXIES ("10.0.0.5", "10.0.1.0/24", "fd00::/8") that are not an address or a network. */
export function invalidProxyEntries(entries: string[]): string[] {
  return entries.filter((entry) => !addEntry(new BlockList(), entry));
}

function addEntry(list: BlockList, entry: string): boolean {
  const [address, prefixText, ...rest] = entry.trim().split("/");
  const ip = address ? normalizeIp(address) : null;
  if (!ip || rest.length) return false;
  const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) {
    list.addAddress(ip, family);
    return true;
  }
  if (!/^\d+$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > (family === "ipv4" ? 32 : 128)) return false;
  list.addSubnet(ip, prefix, family);
  return true;
}

export interface ClientIpOptions {
  /** Whether the PEER_IP_HEADER comes from our own server (else it could be the client's). */
  trustPeerHeader: boolean;
  /** The header trusted proxies append the client's address to (CLIENT_IP_HEADER). */
  forwardedHeader: string;
  /** TRUSTED_PROXIES: addresses and networks whose forwarded header is believed. */
  trustedProxies: string[];
}

/**
 * The address of the client that made a request. The TCP peer (from our server's header) is the
 * client, unless it is one of TRUSTED_PROXIES: then the forwarded header is read from the right,
 * hop by hop, while each hop is a trusted proxy; the first hop that is not is the client. A
 * header the client wrote itself is never believed, since its proxy only ever appends.
 * Null when the peer is unknown (the app is not running under server.mjs).
 */
export function resolveClientIp(headers: Headers, options: ClientIpOptions): string | null {
  if (!options.trustPeerHeader) return null;
  const peer = normalizeIp(headers.get(PEER_IP_HEADER) ?? "");
  if (!peer) return null;
  const proxies = new BlockList();
  for (const entry of options.trustedProxies) addEntry(proxies, entry);
  const trusted = (ip: string) => proxies.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
  if (!trusted(peer)) return peer;
  const hops = (headers.get(options.forwardedHeader) ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]!);
    // Not an address: stop at the last hop a trusted proxy vouched for.
    if (!hop) return client;
    client = hop;
    if (!trusted(hop)) return hop;
  }
  return client;
}
