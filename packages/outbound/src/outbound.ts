// The one way the services reach other hosts. HTTP goes through undici with a connector that checks
// every address a host name resolves to (and IP literals, which Node connects to without a lookup)
// before the socket is opened, so a name that resolves to 127.0.0.1 is refused as well as
// `http://127.0.0.1`, and a redirect to a private address is refused like the first request.
//
// Why not request-filtering-agent's agents: they are node:http agents, and our HTTP clients (fetch,
// jose, oidc-provider) all use fetch, which takes an undici dispatcher, not an http.Agent. Its
// checker is not exported, so the same rule ("only ipaddr.js's `unicast` range, unless allowed") is
// written in address-policy.ts with ipaddr.js, the library it uses itself.
// Why undici's own fetch and not the global one: the dispatcher and the fetch that drives it must be
// the same undici version; Node 20 bundles undici 6, the package is 7.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';

// Types only: undici itself (about 4 MB of heap once loaded) is imported when the first outbound
// request is made, since most processes that build an outbound (the oidc, Management API and
// webhooks services) go hours without one.
import type { Agent } from 'undici';

import {
  assertAddressAllowed,
  bareHost,
  isHostAllowed,
  OutboundRefusedError,
  refusalReason,
  type OutboundPolicy,
} from './address-policy.ts';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** `dns.lookup`'s shape; tests pass one that answers without a DNS server. */
export type Lookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** fetch with the global types; the implementation is undici's. */
export type OutboundFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export type Outbound = {
  readonly policy: OutboundPolicy;
  /** fetch that refuses addresses the policy does not allow (an OutboundRefusedError, not "fetch failed"). */
  readonly fetch: OutboundFetch;
  /**
   * The address to connect to for `host`, for protocols that do not go through fetch (SMTP): the
   * caller connects to exactly this address, so nothing can resolve differently in between.
   */
  resolve(host: string): Promise<string>;
};

const defaultLookup: Lookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

function lookupAll(lookup: Lookup, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => lookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

export function createOutbound(policy: OutboundPolicy, options: { lookup?: Lookup } = {}): Outbound {
  const lookup = options.lookup ?? defaultLookup;

  // What net.connect calls to resolve a name: every address is checked, not only the first, since
  // the connection may fall back to any of them (happy eyeballs).
  const guardedLookup = (hostname: string, lookupOptions: { all?: boolean }, callback: LookupCallback) => {
    lookupAll(lookup, hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const reason = refusalReason(address, policy, hostname);
          if (reason !== undefined) return callback(new OutboundRefusedError(reason), []);
        }
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (lookupOptions.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };

  let dispatcher: Promise<{ agent: Agent; fetch: typeof import('undici').fetch }> | undefined;
  const loadDispatcher = async () => {
    const undici = await import('undici');
    const connectBase = undici.buildConnector({ lookup: guardedLookup as never, timeout: 10_000 });
    const agent = new undici.Agent({
      connect: (connectOptions, callback) => {
        // Node connects to an IP literal without calling lookup, so literals are checked here.
        const host = bareHost(connectOptions.hostname);
        if (isIP(host) !== 0) {
          const reason = refusalReason(host, policy);
          if (reason !== undefined) return callback(new OutboundRefusedError(reason), null);
        }
        return connectBase(connectOptions, callback);
      },
    });
    return { agent, fetch: undici.fetch };
  };

  const fetch: OutboundFetch = async (input, init) => {
    try {
      dispatcher ??= loadDispatcher();
      const { agent, fetch: undiciFetch } = await dispatcher;
      // undici's Response and the global one are the same class in behaviour, not in type.
      return (await undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as Response;
    } catch (error) {
      // fetch reports every network failure as "fetch failed" with the reason in `cause`; a refusal
      // is surfaced as itself so callers can say why.
      const cause = (error as { cause?: unknown } | undefined)?.cause;
      if (cause instanceof OutboundRefusedError) throw cause;
      throw error;
    }
  };

  const resolve = async (host: string): Promise<string> => {
    const bare = bareHost(host);
    if (isIP(bare) !== 0) {
      assertAddressAllowed(bare, policy);
      return bare;
    }
    const addresses = await lookupAll(lookup, bare);
    if (!isHostAllowed(bare, policy)) for (const { address } of addresses) assertAddressAllowed(address, policy, bare);
    const [first] = addresses;
    if (!first) throw Object.assign(new Error(`${bare} has no address`), { code: 'ENOTFOUND' });
    return first.address;
  };

  return { policy, fetch, resolve };
}
