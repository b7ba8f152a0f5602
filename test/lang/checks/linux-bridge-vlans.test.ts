import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/lang/checks/rule.js';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const text = (kind: string) => `${TWO_HOSTS}bridge br0 on hostA kind ${kind}
port vm1 on br0@hostA tag 10
port vm2 on br0@hostA trunk 10,20
`;

const vn115 = (src: string, features: string[]) => {
  const facts = new Map<string, HostFacts>([['hostA', { features: new Set(features) }]]);
  return frontEnd([{ file: 't.vnet', text: src }], { facts }).diagnostics.filter((d) => d.code === 'VN115');
};

describe('VN115 VLANs on a linux bridge without vlan filtering', () => {
  it('is not reported statically: real hosts usually filter VLANs', () => {
    expect(withCode(text('linux'), 'VN115')).toEqual([]);
  });

  it("is an error when the host's facts lack vlan-filtering", () => {
    const [d, e, ...rest] = vn115(text('linux'), ['gre', 'ovs']);
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:27');
    expect(d!.message).toBe("port 'vm1' on linux bridge br0@hostA has tag 10, but hostA's kernel has no bridge vlan filtering");
    expect(d!.hint).toContain("'kind ovs'");
    expect(at(e)).toBe('5:29');
    expect(e!.message).toContain("port 'vm2'");
  });

  it('is quiet when the host has vlan filtering, or the bridge is ovs', () => {
    expect(vn115(text('linux'), ['vlan-filtering'])).toEqual([]);
    expect(vn115(text('ovs'), [])).toEqual([]);
  });
});
