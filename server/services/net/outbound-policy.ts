// Where this server may send requests it is told to make (webhook deliveries, Qdrant and Neo4j databases):
// public addresses only, unless ALLOW_PRIVATE_NETWORK_TARGETS allows private and local ones (on-premises
// installs, tests). A URL is checked when it is configured (literal addresses, local names and what its host
// resolves to then) and again when connecting: every address the host resolves to must be public, and the
// connection goes to exactly the address that was checked (the lookup is the agent's), so a name that is
// re-pointed at an internal address later (DNS rebinding) is refused at send time.
import dns from "node:dns";
import net from "node:net";
import { InvalidInputError } from "../errors.ts";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (dns.lookup by default; injectable for tests). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export const PRIVATE_TARGETS_SETTING = "ALLOW_PRIVATE_NETWORK_TARGETS";

/** A connection was refused by the policy (at send or connect time). */
export class BlockedTargetError extends Error {
  readonly code = "EBLOCKED_TARGET";
}

// Special-purpose ranges (IANA registries) that are not a public internet host.
const V4_RANGES: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "the unspecified/this-network range 0.0.0.0/8"],
  ["10.0.0.0", 8, "the private range 10.0.0.0/8"],
  ["100.64.0.0", 10, "the shared (carrier-grade NAT) range 100.64.0.0/10"],
  ["127.0.0.0", 8, "loopback (127.0.0.0/8)"],
  ["169.254.0.0", 16, "link-local (169.254.0.0/16, cloud metadata)"],
  ["172.16.0.0", 12, "the private range 172.16.0.0/12"],
  ["192.0.0.0", 24, "the IETF protocol range 192.0.0.0/24"],
  ["192.0.2.0", 24, "a documentation range"],
  ["192.88.99.0", 24, "the 6to4 relay range"],
  ["192.168.0.0", 16, "the private range 192.168.0.0/16"],
  ["198.18.0.0", 15, "the benchmarking range 198.18.0.0/15"],
  ["198.51.100.0", 24, "a documentation range"],
  ["203.0.113.0", 24, "a documentation range"],
  ["224.0.0.0", 4, "multicast (224.0.0.0/4)"],
  ["240.0.0.0", 4, "the reserved range 240.0.0.0/4 (incl. broadcast)"],
];
const V6_RANGES: Array<[string, number, string]> = [
  ["::", 128, "the unspecified address ::"],
  ["::1", 128, "loopback (::1)"],
  ["::", 96, "the deprecated IPv4-compatible range ::/96"],
  ["64:ff9b:1::", 48, "the local NAT64 range 64:ff9b:1::/48"],
  ["100::", 64, "the discard range 100::/64"],
  ["2001::", 32, "the Teredo range 2001::/32"],
  ["2001:db8::", 32, "a documentation range"],
  ["fc00::", 7, "unique local addresses (fc00::/7)"],
  ["fe80::", 10, "link-local (fe80::/10)"],
  ["fec0::", 10, "site-local (fec0::/10)"],
  ["ff00::", 8, "multicast (ff00::/8)"],
];

function rangeOf(address: string): string | undefined {
  const family = net.isIP(address);
  const ranges = family === 4 ? V4_RANGES : V6_RANGES;
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [network, prefix, label] of ranges) {
    const list = new net.BlockList();
    list.addSubnet(network, prefix, type);
    if (list.check(address, type)) return label;
  }
  return undefined;
}

/** Why `address` (an IPv4 or IPv6 literal) is not a public target, or undefined when it is. */
export function blockedRange(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (net.isIP(ip) === 0) return "not an IP address";
  if (net.isIP(ip) === 4) return rangeOf(ip);
  const embedded = embeddedIpv4(ip);
  if (embedded) {
    const inner = rangeOf(embedded);
    return inner ? `${inner}, embedded in ${ip}` : undefined;
  }
  return rangeOf(ip);
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIpv4(ip: string): string | undefined {
  const bytes = ipv6Bytes(ip);
  if (!bytes) return undefined;
  const v4 = (at: number) => Array.from(bytes.subarray(at, at + 4)).join(".");
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  return undefined;
}

function ipv6Bytes(ip: string): Uint8Array | undefined {
  let text = ip.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split(".").map(Number));
    text = text.slice(0, -dotted[1]!.length) + "0:0";
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(":").filter((g) => g !== "") : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (all.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

/**
 * The address a host name stands for without DNS: getaddrinfo reads "2130706433", "0x7f.1" or "127.1" as
 * IPv4 (inet_aton), and URL parsers only normalise those for http(s), not bolt:// or neo4j://.
 */
function numericIpv4(hostname: string): string | undefined {
  if (!/^[0-9a-fx.]+$/i.test(hostname)) return undefined;
  const parts = hostname.split(".");
  if (parts.length > 4 || parts.some((p) => p === "")) return undefined;
  const values = parts.map((p) =>
    /^0x[0-9a-f]*$/i.test(p)
      ? parseInt(p.slice(2) || "0", 16)
      : /^0[0-7]*$/.test(p)
        ? parseInt(p, 8)
        : /^\d+$/.test(p)
          ? Number(p)
          : NaN,
  );
  if (values.some((v) => Number.isNaN(v))) return undefined;
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  const number = values.reduce((sum, v, i) => sum + v * 256 ** (3 - i), 0) + last;
  return [24, 16, 8, 0].map((shift) => (number >>> shift) & 0xff).join(".");
}

const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/i;

export class OutboundPolicy {
  constructor(
    /** ALLOW_PRIVATE_NETWORK_TARGETS: every target is allowed. */
    readonly allowPrivate: boolean,
    private readonly resolve: HostResolver = systemResolver,
    /** A configuration-time lookup gives up after this long (the send-time check still applies). */
    private readonly lookupTimeoutMs = 3000,
  ) {}

  /** Why `hostname` (as written in a URL) is refused without looking it up; undefined when it may be public. */
  private literalReason(hostname: string): string | undefined {
    const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
    if (net.isIP(host.replace(/%.*$/, ""))) return blockedRange(host);
    if (LOCAL_NAMES.test(host)) return "a local host name";
    const numeric = numericIpv4(host);
    return numeric ? blockedRange(numeric) : undefined;
  }

  /**
   * Configuration-time check of a URL someone wants this server to send to; throws INVALID_INPUT naming
   * `path` and the setting. A host that cannot be resolved now is accepted: it is checked again at send time.
   */
  async assertUrlAllowed(rawUrl: string, path: string[], what: string): Promise<void> {
    if (this.allowPrivate) return;
    const { hostname } = new URL(rawUrl);
    const refuse = (target: string, reason: string) =>
      new InvalidInputError(
        `${what} may not point at ${target} (${reason}): this server only sends to public internet addresses. ` +
          `Use a public host, or set ${PRIVATE_TARGETS_SETTING}=true on the server to allow private and local networks (on-premises installs).`,
        path,
      );
    const literal = this.literalReason(hostname);
    if (literal) throw refuse(hostname, literal);
    let addresses: ResolvedAddress[];
    try {
      addresses = await withTimeout(this.resolve(hostname), this.lookupTimeoutMs);
    } catch {
      return;
    }
    for (const { address } of addresses) {
      const reason = blockedRange(address);
      if (reason) throw refuse(`${hostname}, which resolves to ${address}`, reason);
    }
  }

  /** Send/connect-time: every address `hostname` resolves to, refused (BlockedTargetError) if any is not public. */
  async resolveAllowed(hostname: string): Promise<ResolvedAddress[]> {
    const host = hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host.replace(/%.*$/, ""))) {
      this.assertAddress(host, hostname);
      return [{ address: host, family: net.isIP(host.replace(/%.*$/, "")) === 6 ? 6 : 4 }];
    }
    if (!this.allowPrivate && this.literalReason(host))
      throw new BlockedTargetError(
        `refused to connect to ${hostname} (${this.literalReason(host)}); see ${PRIVATE_TARGETS_SETTING}`,
      );
    const addresses = await this.resolve(host);
    if (addresses.length === 0) throw new BlockedTargetError(`${hostname} resolves to no address`);
    for (const { address } of addresses) this.assertAddress(address, hostname);
    return addresses;
  }

  /** Throws BlockedTargetError when `address` (that `hostname` resolved to) is not allowed. */
  assertAddress(address: string, hostname = address): void {
    if (this.allowPrivate) return;
    const reason = blockedRange(address);
    if (reason) {
      const via = hostname === address ? address : `${hostname}, which resolves to ${address}`;
      throw new BlockedTargetError(
        `refused to connect to ${via} (${reason}): only public addresses are allowed unless ${PRIVATE_TARGETS_SETTING}=true`,
      );
    }
  }

  /**
   * A net/http `lookup` that resolves through the policy: the socket connects to an address that was
   * checked, never to one a second DNS answer gave.
   */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    const all = typeof options === "object" && options !== null && (options as dns.LookupOptions).all === true;
    this.resolveAllowed(hostname).then(
      (addresses) => {
        const wanted = typeof options === "object" ? (options as dns.LookupOptions).family : undefined;
        const usable = addresses.filter((a) => !wanted || wanted === 0 || a.family === Number(wanted));
        const list = usable.length > 0 ? usable : addresses;
        if (all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
