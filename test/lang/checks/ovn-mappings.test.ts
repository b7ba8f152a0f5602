import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const BASE = `host hostA address 192.0.2.11 underlay 10.200.0.1
ovn central hostA
ovn chassis hostA mapping physnet:br-phy
logical router lr1
`;

describe('VN182 ovn-mappings: an uplink network mapped on its chassis', () => {
  it('fires at the network, with the chassis mappings as related and a did-you-mean', () => {
    const [d] = withCode(`${BASE}logical uplink lr1 vlan 100 network physnte address 172.30.100.1/24 chassis hostA\n`, 'VN182');
    expect(at(d)).toBe('5:37');
    expect(d!.message).toBe("physical network 'physnte' has no bridge mapping on chassis hostA: the localnet port for VLAN 100 would reach no wire");
    expect(d!.hint).toBe("did you mean 'physnet'?");
    expect(d!.related?.[0]?.message).toBe('hostA maps physnet');
  });

  it('a chassis without mappings gets the hint to add one', () => {
    const text = `host hostA local\novn central hostA\novn chassis hostA\nlogical router lr1\nlogical uplink lr1 vlan 7 network ext address 172.30.7.1/24 chassis hostA\n`;
    const [d] = withCode(text, 'VN182');
    expect(d!.hint).toContain("add 'mapping ext:BRIDGE' to 'ovn chassis hostA'");
  });

  it('quiet when mapped', () => {
    expect(withCode(`${BASE}logical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 chassis hostA\n`, 'VN182')).toEqual([]);
  });
});
