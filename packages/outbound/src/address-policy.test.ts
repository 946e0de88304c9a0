import { describe, expect, it } from 'vitest';

import { parseAllowList, publicOnly, refusalReason } from './address-policy.ts';

// The decision alone: no connection is made (there is no network here to reach a public address).
describe('refusalReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(refusalReason(address, publicOnly)).toContain(kind);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111'])('allows the public address %s', (address) => {
    expect(refusalReason(address, publicOnly)).toBeUndefined();
  });

  it('names the host and the setting when a name resolves to a refused address', () => {
    expect(refusalReason('127.0.0.1', publicOnly, 'sms.example.com')).toBe(
      '"sms.example.com" (127.0.0.1) is a loopback address; outbound requests to such addresses are refused unless OUTBOUND_ALLOW_HOSTS allows them',
    );
  });

  it('allows what the allow-list names: ranges, addresses, host names, or everything', () => {
    const policy = parseAllowList(' 127.0.0.0/8, ::1 ,10.0.0.5, smtp.internal ');
    expect(refusalReason('127.0.0.2', policy)).toBeUndefined();
    expect(refusalReason('::ffff:127.0.0.1', policy)).toBeUndefined();
    expect(refusalReason('::1', policy)).toBeUndefined();
    expect(refusalReason('10.0.0.5', policy)).toBeUndefined();
    expect(refusalReason('10.0.0.6', policy)).toContain('private');
    expect(refusalReason('192.168.0.1', policy, 'smtp.internal')).toBeUndefined();
    expect(refusalReason('192.168.0.1', policy, 'other.internal')).toContain('private');
    expect(refusalReason('169.254.169.254', parseAllowList('*'))).toBeUndefined();
  });

  it('rejects an allow-list entry that is no host, address or range', () => {
    expect(() => parseAllowList('127.0.0.1, http://x/, 10.0.0.0/33')).toThrow(/"http:\/\/x\/", "10.0.0.0\/33"/);
  });
});
