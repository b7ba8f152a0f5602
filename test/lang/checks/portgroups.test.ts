import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const OVS = `host hostA address 192.0.2.11
bridge br-int
network ovs mode bridge bridge br-int virtualport openvswitch
`;

describe('VN135 portgroups', () => {
  it('flags a second default portgroup, related to the first', () => {
    const [d, ...rest] = withCode(`${OVS}portgroup v10 tag 10 default\nportgroup v20 tag 20 default\n`, 'VN135');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('5:22');
    expect(d!.message).toBe("portgroup 'v20' of network 'ovs' on hostA is a second default: 'v10' already is the default");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 4, column: 22 });
  });

  it('flags VLANs on a network that is neither Open vSwitch nor hostdev', () => {
    const [d] = withCode(`host hostA address 192.0.2.11\nnetwork lab mode nat subnet 10.0.0.0/24\nportgroup web tag 10\n`, 'VN135');
    expect(at(d)).toBe('3:15');
    expect(d!.message).toContain("portgroup 'web' of network 'lab' on hostA sets VLANs");
    expect(d!.message).toContain('mode nat without virtualport openvswitch');
    expect(d!.related?.[0]?.span).toMatchObject({ line: 2, column: 9 });
  });

  it('flags an unknown portgroup in attach, with a did-you-mean', () => {
    const [d] = withCode(`${OVS}portgroup v10 tag 10\nattach vm1 to ovs portgroup v1O\n`, 'VN135');
    expect(at(d)).toBe('5:29');
    expect(d!.message).toBe("unknown portgroup 'v1O' in network 'ovs' on hostA");
    expect(d!.hint).toBe("did you mean 'v10'?");
  });

  it("does not look in another network's portgroups", () => {
    const [d] = withCode(`${OVS}portgroup v10 tag 10\nnetwork lab mode nat subnet 10.0.0.0/24\nattach vm1 to lab portgroup v10\n`, 'VN135');
    expect(d!.message).toBe("unknown portgroup 'v10' in network 'lab' on hostA");
    expect(d!.hint).toBe("declare it: 'portgroup v10 of lab'");
  });

  it('does not fire for OVS and hostdev VLANs, tag+trunk (native untagged), one default, a known portgroup', () => {
    expect(
      withCode(
        `${OVS}portgroup v10 tag 10 default
portgroup t trunk 10,20 tag 30
network pool mode hostdev dev ens1f0
portgroup p tag 40 default
attach vm1 to ovs portgroup t
`,
        'VN135',
      ),
    ).toEqual([]);
  });
});
