import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const BASE = `host hostA address 192.0.2.11 underlay 10.200.0.1
ovn central hostA
ovn chassis hostA mapping physnet:br-phy
logical switch ls1 subnet 10.90.1.0/24
logical router lr1
logical link lr1 to ls1 address 10.90.1.1/24
logical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 chassis hostA
`;

describe('VN184 logical-routes: next hops on a router port', () => {
  it('a via in none of the router port subnets, naming them', () => {
    const [d] = withCode(`${BASE}logical route on lr1 default via 172.30.200.10\n`, 'VN184');
    expect(at(d)).toBe('8:34');
    expect(d!.message).toBe("router lr1 cannot reach next hop 172.30.200.10: it is in none of its ports' subnets (10.90.1.1/24, 172.30.100.1/24)");
  });

  it("an uplink gateway outside the uplink's subnet", () => {
    const text = BASE.replace('chassis hostA\n', 'gateway 172.30.101.1 chassis hostA\n');
    const [d] = withCode(text, 'VN184');
    expect(d!.message).toBe("the gateway 172.30.101.1 of lr1's uplink on VLAN 100 is outside the uplink's subnet 172.30.100.1/24");
  });

  it('quiet for next hops on the uplink or a link', () => {
    expect(withCode(`${BASE}logical route on lr1 default via 172.30.100.10\nlogical route on lr1 10.80.0.0/16 via 10.90.1.254\n`, 'VN184')).toEqual([]);
  });
});
