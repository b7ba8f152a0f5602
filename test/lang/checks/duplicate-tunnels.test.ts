import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const lab = (first: string, second: string) => `${TWO_HOSTS}bridge br-int on hostA
bridge br-int on hostB
bridge br-ex on hostA
bridge br-ex on hostB
tunnel ${first}
tunnel ${second}
`;

describe('VN123 repeated tunnel', () => {
  it('reports the second of two tunnels with one type, bridges and VNI', () => {
    const text = lab('vxlan hostA <-> hostB on br-int vni 100', 'vxlan hostB <-> hostA on br-int vni 100 name vx2');
    const [d, ...rest] = withCode(text, 'VN123');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('8:1');
    expect(d!.message).toBe(
      'tunnel vxlan br-int@hostB <-> br-int@hostA repeats tunnel vxlan br-int@hostA <-> br-int@hostB between the same bridges, and both use vni 100',
    );
    expect(at(d!.related?.[0])).toBe('7:1');
    expect(withCode(text, 'VN122')).toEqual([]);
  });

  it('reports two keyless gre tunnels between other bridges of the same hosts (they clash on the wire)', () => {
    const [d] = withCode(lab('gre hostA <-> hostB on br-int', 'gre hostA <-> hostB on br-ex name gre-b2'), 'VN123');
    expect(at(d)).toBe('8:1');
    expect(d!.message).toContain('between the same hosts (hostA, hostB), and neither has a key');
  });

  it('accepts other keys, other types and other UDP ports', () => {
    expect(withCode(lab('vxlan hostA <-> hostB on br-int vni 100', 'vxlan hostA <-> hostB on br-ex vni 101 name vx2'), 'VN123')).toEqual([]);
    expect(withCode(lab('vxlan hostA <-> hostB on br-int vni 100', 'geneve hostA <-> hostB on br-ex vni 100'), 'VN123')).toEqual([]);
    expect(withCode(lab('vxlan hostA <-> hostB on br-int vni 100', 'vxlan hostA <-> hostB on br-ex vni 100 dstport 8472 name vx2'), 'VN123')).toEqual([]);
  });
});
