import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

describe('VN120 tunnel to itself', () => {
  it('reports the second end, pointing at the first', () => {
    const [d] = withCode(`${TWO_HOSTS}bridge br-int on hostA\ntunnel gre hostA <-> hostA on br-int\n`, 'VN120');
    expect(at(d)).toBe('4:22');
    expect(d!.message).toBe('tunnel gre br-int@hostA <-> br-int@hostA goes from hostA to itself');
    expect(at(d!.related?.[0])).toBe('4:12');
  });

  it('suggests a veth pair between two bridges of one host', () => {
    const [d] = withCode(`${TWO_HOSTS}bridge br-a on hostA\nbridge br-b on hostA\ntunnel vxlan br-a@hostA <-> br-b@hostA\n`, 'VN120');
    expect(at(d)).toBe('5:29');
    expect(d!.hint).toContain('veth');
  });

  it('is quiet for a tunnel between two hosts', () => {
    expect(withCode(`${TWO_HOSTS}bridge br-int on hostA\nbridge br-int on hostB\ntunnel gre hostA <-> hostB on br-int\n`, 'VN120')).toEqual([]);
  });
});
