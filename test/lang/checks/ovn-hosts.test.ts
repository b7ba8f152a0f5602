import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const BASE = `host hostA address 192.0.2.11 underlay 10.200.0.1
host hostB address 192.0.2.12 underlay 10.200.0.2
ovn central hostA
ovn chassis hostA mapping physnet:br-phy
logical switch ls1 subnet 10.90.1.0/24
logical router lr1
`;

describe('VN181 ovn-hosts: OVN statements on declared hosts that are chassis', () => {
  it('an ovn chassis on an undeclared host, with a did-you-mean', () => {
    const [d] = withCode(`${BASE}ovn chassis hostc\n`, 'VN181');
    expect(at(d)).toBe('7:13');
    expect(d!.message).toBe("'ovn chassis' names host 'hostc', which is not declared");
    expect(d!.hint).toBe("did you mean 'hostA'?");
  });

  it('a logical port on a host that is not a chassis', () => {
    const [d, ...more] = withCode(`${BASE}logical port p1 on ls1 host hostB\n`, 'VN181');
    expect(more).toEqual([]);
    expect(at(d)).toBe('7:29');
    expect(d!.message).toBe('logical port p1 is on hostB, which is not an OVN chassis');
    expect(d!.hint).toBe("add 'ovn chassis hostB' (its ovn-controller is what realizes it there), or use one of the chassis: hostA");
  });

  it("an uplink whose gateway chassis is not a declared host", () => {
    const [d] = withCode(`${BASE}logical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 chassis hostZ\n`, 'VN181');
    expect(d!.message).toBe("the uplink of lr1 on VLAN 100 names host 'hostZ', which is not declared");
  });

  it('quiet when every host is a chassis', () => {
    const text = `${BASE}logical port p1 on ls1 host hostA\nlogical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 chassis hostA\n`;
    expect(withCode(text, 'VN181')).toEqual([]);
  });
});
