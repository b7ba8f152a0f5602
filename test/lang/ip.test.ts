import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv4 } from '../../src/lang/ip.js';

/** The plain reading of the rules, to hold the fast parsers to (split, regex per part). */
function plainIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}
function plainCidr(text: string) {
  const [addr, len, ...rest] = text.split('/');
  if (rest.length || addr === undefined || len === undefined || !/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
  const address = plainIpv4(addr);
  if (address === undefined) return undefined;
  const size = 2 ** (32 - Number(len));
  const network = Math.floor(address / size) * size;
  return { address, prefix: Number(len), network, broadcast: network + size - 1 };
}

/** Strings near the shape of addresses: digits, dots, slashes and a stray character. */
const addressish = fc.stringMatching(/^[0-9./ax-]{0,20}$/);
const dotted = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(40)).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);

describe('IPv4 parsing', () => {
  it('reads addresses exactly as the rules say (property, against a plain reading)', () => {
    fc.assert(fc.property(fc.oneof(addressish, dotted, dotted.map((s) => s.split('/')[0]!)), (s) => {
      expect(parseIpv4(s)).toBe(plainIpv4(s));
    }), { numRuns: 5000 });
  });

  it('reads CIDRs exactly as the rules say (property, against a plain reading)', () => {
    fc.assert(fc.property(fc.oneof(addressish, dotted), (s) => {
      expect(parseCidr(s)).toEqual(plainCidr(s));
    }), { numRuns: 5000 });
  });

  it('examples', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['10.0.0', '10.0.0.1.', '.10.0.0.1', '10.0.0.256', '10..0.1', '1000.0.0.1', '10.0.0.1/24', '']) expect(parseIpv4(bad), bad).toBeUndefined();
    expect(parseCidr('10.1.2.3/16')).toEqual({ address: 0x0a010203, prefix: 16, network: 0x0a010000, broadcast: 0x0a01ffff });
    for (const bad of ['10.1.2.3', '10.1.2.3/33', '10.1.2.3/', '10.1.2.3/1/2', '10.1.2/8']) expect(parseCidr(bad), bad).toBeUndefined();
  });
});
