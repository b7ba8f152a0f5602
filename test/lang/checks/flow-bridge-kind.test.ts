import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

describe('VN171 flow on a bridge that is not OVS', () => {
  it('points at the bridge name and at its declaration', () => {
    const [d] = withCode(`${TWO_HOSTS}bridge br0 on hostA kind linux\nflow on br0 match "ip" actions "drop"\n`, 'VN171');
    expect(at(d)).toBe('4:9');
    expect(d!.message).toBe('flow on br0@hostA, a Linux bridge: only Open vSwitch bridges have OpenFlow tables');
    expect(at(d!.related?.[0])).toBe('3:1');
    expect(d!.hint).toContain('kind ovs');
  });

  it('is quiet on an OVS bridge (the default kind), also through the current bridge', () => {
    expect(withCode(`${TWO_HOSTS}bridge br0 on hostA\nflow match "ip" actions "drop"\n`, 'VN171')).toEqual([]);
  });

  it('an unknown bridge is VN101, not VN171', () => {
    const text = `${TWO_HOSTS}use hostA\nflow on br-nope match "ip" actions "drop"\n`;
    expect(withCode(text, 'VN171')).toEqual([]);
    expect(withCode(text, 'VN101')).toHaveLength(1);
  });
});
