import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const lab = (hostA: string) => `${hostA}
host hostB address 192.0.2.12
bridge br-int on hostA
bridge br-int on hostB
tunnel gre hostA <-> hostB on br-int
`;

describe('VN126 tunnel end without an underlay address', () => {
  it("reports a local host without 'underlay' at its end", () => {
    const [d, ...rest] = withCode(lab('host hostA local'), 'VN126');
    expect(rest).toEqual([]); // hostB tunnels from its address
    expect(at(d)).toBe('5:12');
    expect(d!.message).toContain("hostA has no underlay address for tunnel gre br-int@hostA <-> br-int@hostB: it is 'local'");
    expect(d!.hint).toContain("'underlay IPV4'");
    expect(at(d!.related?.[0])).toBe('1:1');
  });

  it("reports a host with neither 'underlay' nor 'address'", () => {
    const [d] = withCode(lab('host hostA'), 'VN126');
    expect(d!.message).toContain("neither 'underlay' nor 'address'");
  });

  it('accepts a local host with an underlay', () => {
    expect(withCode(lab('host hostA local underlay 10.200.0.1'), 'VN126')).toEqual([]);
  });
});
