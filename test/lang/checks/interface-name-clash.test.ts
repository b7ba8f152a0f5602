import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const A = 'host hostA local\nbridge br0\n';
const TWO = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA
bridge br1 on hostA
bridge br0 on hostB
bridge br1 on hostB
`;

describe('VN106 interface-name-clash: two things with one name on a host', () => {
  // [first statement (line 3), second statement (line 4), column of the second name, what the message says]
  const cases: Array<[string, string, number, string]> = [
    ['bridge br1', 'port br1 on br0 type tap', 6, "'br1' on hostA is both a bridge and a tap port on bridge 'br0'"],
    ['port tap0 type tap', 'macvtap tap0 link eth2 mode bridge', 9, "'tap0' on hostA is both a tap port on bridge 'br0' and a macvtap"],
    ['macvtap mv0 link eth2 mode vepa', 'bond mv0 on hostA slaves eth3,eth4', 6, "'mv0' on hostA is both a macvtap and a bond"],
    ['vlan eth1.10', 'port eth1.10 type internal', 6, "'eth1.10' on hostA is both a VLAN interface and an internal port on bridge 'br0'"],
    ['bond bond0 on hostA slaves eth3,eth4', 'bridge bond0', 8, "'bond0' on hostA is both a bond and a bridge"],
  ];
  it.each(cases)('%s / %s', (first, second, column, message) => {
    const [d, ...more] = withCode(`${A}${first}\n${second}\n`, 'VN106');
    expect(more).toEqual([]);
    expect(at(d)).toBe(`4:${column}`);
    expect(d!.message).toBe(message);
    expect(at(d?.related?.[0])).toMatch(/^3:/);
  });

  it("a nat network's bridge and a created port", () => {
    const text = 'host hostA local\nnetwork default mode nat bridge virbr0 subnet 192.168.122.0/24\nbridge br0\nport virbr0 type internal\n';
    const [d, ...more] = withCode(text, 'VN106');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:6');
    expect(d!.message).toBe("'virbr0' on hostA is both the bridge of network 'default' and an internal port on bridge 'br0'");
    expect(at(d?.related?.[0])).toBe('2:33');
  });

  it('two tunnels giving one port name on a host: one report per host, hint name IFNAME', () => {
    const ds = withCode(`${TWO}tunnel gre hostA<->hostB on br0\ntunnel gre hostA<->hostB on br1\n`, 'VN106');
    expect(ds.map(at)).toEqual(['8:12', '8:20']);
    expect(ds.map((d) => at(d?.related?.[0]))).toEqual(['7:12', '7:20']);
    expect(ds[0]!.message).toContain("'gre-hostB' on hostA");
    expect(ds[0]!.message).toContain("bridge 'br0'");
    expect(ds[0]!.message).toContain("bridge 'br1'");
    expect(ds[1]!.message).toContain("'gre-hostA' on hostB");
    expect(ds[0]!.hint).toContain('name IFNAME');
  });

  it("a tunnel's 'name' and a created port: points at the name", () => {
    const [d, ...more] = withCode(`${TWO}port t1 on br1@hostA type internal\ntunnel gre hostA<->hostB on br0 name t1\n`, 'VN106');
    expect(more).toEqual([]);
    expect(at(d)).toBe('8:38');
    expect(d!.message).toContain("'t1' on hostA");
    expect(at(d?.related?.[0])).toBe('7:6');
  });

  it('near miss: the same names on two different hosts', () => {
    // br1 is a bridge on hostA only; on hostB it is a tap. The second tunnel is named apart.
    const text = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA
bridge br1 on hostA
bridge br0 on hostB
port br1 on br0@hostB type tap
tunnel gre hostA<->hostB on br0
tunnel gre br1@hostA<->br0@hostB name gre-b1
`;
    expect(withCode(text, 'VN106')).toEqual([]);
  });

  it('near miss: a tunnel to its own host is VN120, not a port-name clash', () => {
    expect(withCode(`${TWO}tunnel gre hostA<->hostA on br0\n`, 'VN106')).toEqual([]);
  });
});

describe('VN106 interface-name-clash: a bridge attached as an existing interface', () => {
  it('a system port named like a bridge on that host', () => {
    const [d, ...more] = withCode(`${A}bridge br1\nport br0 on br1\n`, 'VN106');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:6');
    expect(d!.message).toBe("'br0' on hostA is a bridge and cannot also be a port of bridge 'br1'");
    expect(at(d?.related?.[0])).toBe('2:8');
  });

  it('an uplink named like a bridge on that host', () => {
    const [d] = withCode(`${A}bridge br1 uplink br0\n`, 'VN106');
    expect(at(d)).toBe('3:19');
    expect(d!.message).toContain("the uplink of bridge 'br1'");
  });

  it('near miss: a mode bridge network names a declared bridge on purpose', () => {
    expect(withCode(`${A}network ovs mode bridge bridge br0 virtualport openvswitch\nport p1 on br0 type internal\n`, 'VN106')).toEqual([]);
  });

  it('near miss: clashes owned by other codes (network vs bridge: VN133, one port on two bridges: VN112)', () => {
    const text = `${A}bridge br1\nnetwork default mode nat bridge br0 subnet 192.168.122.0/24\nport p1 on br0 type tap\nport p1 on br1 type tap\n`;
    expect(withCode(text, 'VN106')).toEqual([]);
  });

  it('near miss: a system port or uplink attaching a bond or a VLAN interface', () => {
    expect(withCode(`${A}bond bond0 on hostA slaves eth1,eth2\nvlan eth3.10\nport bond0 on br0\nbridge br1 uplink eth3.10\n`, 'VN106')).toEqual([]);
  });
});
