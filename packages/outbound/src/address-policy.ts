// Which addresses outbound requests may reach. Everything that is not a public unicast address
// (loopback, private, link-local with the cloud metadata address, unspecified, multicast, reserved)
// is refused unless the deployment's allow-list names it: a tenant's admin (or anyone who can get a
// URL into a connector config or a client's back-channel logout URI) must not be able to make the
// services talk to what only they can reach.
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type OutboundPolicy = {
  /** `*` in the allow-list: every address may be reached (local development only). */
  readonly allowAll: boolean;
  /** Host names (lower-case) that may be reached whatever they resolve to. */
  readonly hosts: ReadonlySet<string>;
  readonly ranges: ReadonlyArray<readonly [Address, number]>;
};

export const allowListSetting = 'OUTBOUND_ALLOW_HOSTS';

const hostName = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

/** An IPv4-mapped IPv6 address is the IPv4 address it carries, so `::ffff:127.0.0.1` is loopback. */
function unmapped(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/**
 * Reads the allow-list setting: comma-separated host names, IP addresses and CIDR ranges, or `*`.
 * Throws an Error naming every entry that is none of these, so a typo fails at start-up.
 */
export function parseAllowList(entries: string | readonly string[] | undefined): OutboundPolicy {
  const list = typeof entries === 'string' || entries === undefined ? (entries ?? '').split(',') : entries;
  const hosts = new Set<string>();
  const ranges: Array<readonly [Address, number]> = [];
  const invalid: string[] = [];
  let allowAll = false;
  for (const raw of list) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    if (entry === '*') allowAll = true;
    else if (ipaddr.isValidCIDR(entry)) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      ranges.push([address, bits]);
    } else if (isIP(entry) !== 0) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (hostName.test(entry)) hosts.add(entry.replace(/\.$/, ''));
    else invalid.push(raw.trim());
  }
  if (invalid.length > 0) {
    throw new Error(`${allowListSetting}: not a host name, IP address or CIDR range: ${invalid.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  return { allowAll, hosts, ranges };
}

/** The policy of an empty allow-list: only public addresses. */
export const publicOnly: OutboundPolicy = parseAllowList('');

const rangeLabels: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private',
  uniqueLocal: 'a private',
  linkLocal: 'a link-local (or cloud metadata)',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
  carrierGradeNat: 'a carrier-grade NAT',
};

/** The host part of a URL's hostname, without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Whether the allow-list lets `host` be reached whatever it resolves to. */
export function isHostAllowed(host: string, policy: OutboundPolicy): boolean {
  return policy.allowAll || policy.hosts.has(bareHost(host).replace(/\.$/, ''));
}

/**
 * Why a connection to `address` (an IP address, as resolved for `host`) is refused, or undefined
 * when it may be made. `host` is only used to match allow-listed names and in the message.
 */
export function refusalReason(address: string, policy: OutboundPolicy, host: string = address): string | undefined {
  if (isHostAllowed(host, policy)) return undefined;
  const bare = bareHost(address);
  if (!ipaddr.isValid(bare) || isIP(bare) === 0) return `"${host}" did not resolve to an IP address`;
  const parsed = unmapped(ipaddr.parse(bare));
  if (policy.ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits))) return undefined;
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  const what = `${rangeLabels[range] ?? 'a reserved'} address`;
  const target = bareHost(host) === bare ? bare : `"${host}" (${bare})`;
  return `${target} is ${what}; outbound requests to such addresses are refused unless ${allowListSetting} allows them`;
}

/** A connection the policy refused; its message is meant for the deployment's administrators. */
export class OutboundRefusedError extends Error {
  readonly code = 'OUTBOUND_REFUSED';

  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** Throws OutboundRefusedError unless `address` may be reached for `host`. */
export function assertAddressAllowed(address: string, policy: OutboundPolicy, host?: string): void {
  const reason = refusalReason(address, policy, host);
  if (reason !== undefined) throw new OutboundRefusedError(reason);
}
