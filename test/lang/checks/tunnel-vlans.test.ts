import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const lab = (trunk: string) => `${TWO_HOSTS}bridge br-int on hostA
bridge br-int on hostB
port vm1 on br-int@hostA tag 10
port vm2 on br-int@hostB tag 10
port vm3 on br-int@hostA tag 30
port vm4 on br-int@hostB tag 30
tunnel gre hostA <-> hostB on br-int ${trunk}
`;

describe('VN113 VLAN not carried by the tunnel', () => {
  it('warns once per VLAN left out, at the trunk, naming the VLAN, hosts and bridges', () => {
    const [d, ...rest] = withCode(lab('trunk 10,20'), 'VN113');
    expect(rest).toEqual([]); // VLAN 10 is carried
    expect(d!.severity).toBe('warning');
    expect(at(d)).toBe('9:44');
    expect(d!.message).toContain('VLAN 30');
    expect(d!.message).toContain('br-int@hostA');
    expect(d!.message).toContain('br-int@hostB');
    expect(d!.related?.map(at)).toEqual(['7:1', '8:1']);
    expect(d!.hint).toContain('trunk 10,20,30');
  });

  it('is quiet when the trunk carries every access VLAN, or there is no trunk', () => {
    expect(withCode(lab('trunk 10,30'), 'VN113')).toEqual([]);
    expect(withCode(lab(''), 'VN113')).toEqual([]);
  });

  it('is quiet when the VLAN has access ports on one end only', () => {
    const text = `${TWO_HOSTS}bridge br-int on hostA\nbridge br-int on hostB\nport vm1 on br-int@hostA tag 30\ntunnel gre hostA <-> hostB on br-int trunk 10\n`;
    expect(withCode(text, 'VN113')).toEqual([]);
  });
});

describe('VN114 trunk VLAN unused on an end', () => {
  it('informs once per end, naming the VLANs and the end', () => {
    const ds = withCode(lab('trunk 10,20,30'), 'VN114');
    expect(ds.map((d) => d.severity)).toEqual(['info', 'info']);
    expect(ds.map(at)).toEqual(['9:44', '9:44']);
    expect(ds[0]!.message).toContain('VLAN 20 to br-int@hostA');
    expect(ds[1]!.message).toContain('VLAN 20 to br-int@hostB');
  });

  it('names only the end that lacks the VLAN', () => {
    const text = `${TWO_HOSTS}bridge br-int on hostA\nbridge br-int on hostB\nport vm1 on br-int@hostA tag 10\nport vm2 on br-int@hostB tag 10\nport vm3 on br-int@hostA tag 20\ntunnel gre hostA <-> hostB on br-int trunk 10,20\n`;
    const ds = withCode(text, 'VN114');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toContain('VLAN 20 to br-int@hostB');
  });

  it('is quiet when every carried VLAN is used on both ends, or passes through', () => {
    expect(withCode(lab('trunk 10,30'), 'VN114')).toEqual([]);
    // hostB only forwards VLAN 20 on to hostC: a transit hop, not a dead end.
    const transit = `${TWO_HOSTS}host hostC address 192.0.2.13 underlay 10.200.0.3
bridge br-int on hostA
bridge br-int on hostB
bridge br-int on hostC
port vm1 on br-int@hostA tag 20
port vm3 on br-int@hostC tag 20
tunnel gre hostA <-> hostB on br-int trunk 20
tunnel gre hostB <-> hostC on br-int trunk 20
`;
    expect(withCode(transit, 'VN114')).toEqual([]);
  });
});
