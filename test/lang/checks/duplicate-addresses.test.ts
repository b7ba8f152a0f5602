import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const lab = (tagB: string, tunnel: string) => `${TWO_HOSTS}bridge br-int on hostA
bridge br-int on hostB
namespace red on hostA
namespace blue on hostB
port v1 on br-int@hostA type veth peer red:eth0 address 10.0.0.1/24 tag 10
port v2 on br-int@hostB type veth peer blue:eth0 address 10.0.0.1/16 ${tagB}
${tunnel}
`;

describe('VN132 duplicate address in a segment', () => {
  it('reports the same address on two hosts joined by a tunnel carrying the VLAN', () => {
    const [d, ...rest] = withCode(lab('tag 10', 'tunnel gre hostA <-> hostB on br-int trunk 10'), 'VN132');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('8:58');
    expect(d!.message).toBe(
      "address 10.0.0.1 of veth peer blue:eth0 of port 'v2' on br-int@hostB is already used by veth peer red:eth0 of port 'v1' on br-int@hostA, in the same layer-2 segment (VLAN 10)",
    );
    expect(at(d!.related?.[0])).toBe('7:57');
  });

  it('is quiet across VLANs, across a trunk that leaves the VLAN out, and without a tunnel', () => {
    expect(withCode(lab('tag 20', 'tunnel gre hostA <-> hostB on br-int'), 'VN132')).toEqual([]);
    expect(withCode(lab('tag 10', 'tunnel gre hostA <-> hostB on br-int trunk 20'), 'VN132')).toEqual([]);
    expect(withCode(lab('tag 10', ''), 'VN132')).toEqual([]);
  });

  it("compares a bridge's address with untagged internal ports on it", () => {
    const text = `${TWO_HOSTS}bridge br-int on hostA address 10.0.0.1/24
port mgmt on br-int@hostA type internal address 10.0.0.1/24
port vlan10 on br-int@hostA type internal address 10.0.0.1/24 tag 10
`;
    const [d, ...rest] = withCode(text, 'VN132');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:49');
    expect(d!.message).toContain("port 'mgmt' on br-int@hostA is already used by bridge br-int@hostA");
    expect(d!.message).toContain('(untagged)');
  });
});

describe('VN132 and dhcp servers', () => {
  it("counts a dhcp server's address in its segment", () => {
    const text = `${TWO_HOSTS}bridge br-c on hostA
bridge br-c on hostB
tunnel geneve hostA <-> hostB on br-c trunk 10
dhcp on br-c@hostA tag 10 address 10.50.0.1/24 range 10.50.0.100-10.50.0.150
namespace gw on hostB
port gw-p on br-c@hostB type veth peer gw:eth0 tag 10 address 10.50.0.1/24
`;
    const [d, ...rest] = withCode(text, 'VN132');
    expect(rest).toEqual([]);
    expect(d!.message).toBe("address 10.50.0.1 of veth peer gw:eth0 of port 'gw-p' on br-c@hostB is already used by the dhcp server on br-c@hostA VLAN 10, in the same layer-2 segment (VLAN 10)");
  });
});
