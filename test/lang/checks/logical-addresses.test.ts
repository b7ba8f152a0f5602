import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const BASE = `host hostA address 192.0.2.11 underlay 10.200.0.1
ovn central hostA
ovn chassis hostA mapping physnet:br-phy
logical switch ls1 subnet 10.90.1.0/24
logical switch ls2 subnet 10.90.2.0/24
logical router lr1
`;

describe('VN183 logical-addresses', () => {
  it('a port address outside its switch subnet', () => {
    const [d] = withCode(`${BASE}logical port p1 on ls1 host hostA address 0a:00:00:00:00:01 10.90.2.5\n`, 'VN183');
    expect(at(d)).toBe('7:61');
    expect(d!.message).toBe("logical port p1 has 10.90.2.5, outside ls1's subnet 10.90.1.0/24");
    expect(at(d!.related?.[0])).toBe('4:27');
  });

  it('one IP twice on a switch (a port and the router link), one MAC twice', () => {
    const text = `${BASE}logical link lr1 to ls1 address 10.90.1.1/24\nlogical port p1 on ls1 host hostA address 0a:00:00:00:00:01 10.90.1.1\nlogical port p2 on ls1 host hostA address 0A:00:00:00:00:01 10.90.1.2\n`;
    const ds = withCode(text, 'VN183');
    expect(ds.map((d) => d.message)).toEqual([
      "address 10.90.1.1 is used twice on logical switch ls1: by router lr1's port and logical port p1",
      'MAC 0a:00:00:00:00:01 is used twice on logical switch ls1: by logical port p1 and logical port p2',
    ]);
    expect(at(ds[0])).toBe('8:61');
  });

  it('two router ports of one router in overlapping subnets', () => {
    const text = `${BASE}logical link lr1 to ls1 address 10.90.1.1/24\nlogical uplink lr1 vlan 100 network physnet address 10.90.1.129/25 chassis hostA\n`;
    const [d] = withCode(text, 'VN183');
    expect(d!.message).toBe('router lr1: its uplink on VLAN 100 (10.90.1.129/25) overlaps its link to ls1 (10.90.1.1/24)');
    expect(at(d)).toBe('8:53');
  });

  it('quiet for the same address on different switches and distinct router subnets', () => {
    const text = `${BASE}logical link lr1 to ls1 address 10.90.1.1/24\nlogical link lr1 to ls2 address 10.90.2.1/24\nlogical port p1 on ls1 host hostA address 0a:00:00:00:00:01 10.90.1.5\nlogical port p2 on ls2 host hostA address 0a:00:00:00:00:02 10.90.2.5\n`;
    expect(withCode(text, 'VN183')).toEqual([]);
  });
});
