import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const port = (opts: string) => `${TWO_HOSTS}bridge br-int on hostA\nport vm1 on br-int@hostA ${opts}\n`;

describe('VN111 native VLAN', () => {
  it('reports tag and trunk without native, at the tag', () => {
    const [d, ...rest] = withCode(port('tag 10 trunk 20,30'), 'VN111');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:30');
    expect(d!.message).toContain("port 'vm1' on br-int@hostA");
    expect(d!.message).toContain("no 'native'");
    expect(at(d!.related?.[0])).toBe('4:39');
  });

  it("reports 'native' without a trunk, at 'native'", () => {
    const [d] = withCode(port('tag 10 native'), 'VN111');
    expect(at(d)).toBe('4:33');
    expect(d!.message).toContain("port 'vm1' on br-int@hostA");
  });

  it('reports a native VLAN outside the trunk, pointing at the trunk too', () => {
    const [d, ...rest] = withCode(port('tag 10 trunk 20,30 native'), 'VN111');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:30');
    expect(d!.message).toBe("the native VLAN 10 of port 'vm1' on br-int@hostA is not in its trunk 20,30");
    expect(d!.hint).toContain('trunk 10,20,30');
    expect(at(d!.related?.[0])).toBe('4:39');
  });

  it('reports a portgroup whose tag (its native VLAN) is not in its trunk', () => {
    const text = `${TWO_HOSTS}bridge br-int on hostA
network ovsnet on hostA mode bridge bridge br-int virtualport openvswitch
portgroup pg tag 10 trunk 20,30
`;
    const [d] = withCode(text, 'VN111');
    expect(at(d)).toBe('5:18');
    expect(d!.message).toContain("portgroup 'pg' of network ovsnet on hostA");
  });

  it('accepts access ports, trunks, native-untagged trunks and portgroups that add up', () => {
    expect(withCode(port('tag 10 trunk 10,20 native'), 'VN111')).toEqual([]);
    expect(withCode(port('tag 10'), 'VN111')).toEqual([]);
    expect(withCode(port('trunk 10-20'), 'VN111')).toEqual([]);
    const pg = `${TWO_HOSTS}network ovsnet on hostA mode bridge bridge br-int virtualport openvswitch\nportgroup pg tag 10 trunk 10,20\n`;
    expect(withCode(pg, 'VN111')).toEqual([]);
  });
});
