import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const A = 'host hostA local\nbridge br0 uplink ens256\nbridge br1\n';

describe('VN112 bridge-membership: one interface in two bridges, or twice in one', () => {
  it('ports of one name on two bridges of a host', () => {
    const [d, ...more] = withCode(`${A}port eth1 on br0\nport eth1 on br1 type tap\n`, 'VN112');
    expect(more).toEqual([]);
    expect(at(d)).toBe('5:6');
    expect(d!.message).toBe("interface 'eth1' on hostA is attached to bridges 'br0' and 'br1'");
    expect(at(d?.related?.[0])).toBe('4:6');
  });

  it("one bridge's uplink is a port of another", () => {
    const [d, ...more] = withCode(`${A}port ens256 on br1\n`, 'VN112');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:6');
    expect(d!.message).toBe("interface 'ens256' on hostA is the uplink of bridge 'br0' and a port of bridge 'br1'");
    expect(at(d?.related?.[0])).toBe('2:19');
  });

  it('the uplink of two bridges', () => {
    const [d] = withCode('host hostA local\nbridge br0 uplink ens256\nbridge br1 uplink ens256\n', 'VN112');
    expect(at(d)).toBe('3:19');
    expect(d!.message).toContain("the uplink of bridge 'br0' and the uplink of bridge 'br1'");
    expect(at(d?.related?.[0])).toBe('2:19');
  });

  it('the uplink declared again as a port of the same bridge', () => {
    const [d, ...more] = withCode(`${A}port ens256 on br0\n`, 'VN112');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:6');
    expect(d!.message).toBe("interface 'ens256' is attached to bridge 'br0' twice on hostA (as uplink and as port)");
    expect(at(d?.related?.[0])).toBe('2:19');
  });

  it('an OVS bond and a port of the same name on another bridge', () => {
    const [d] = withCode(`${A}bond bond0 on br0 slaves eth1,eth2\nport bond0 on br1\n`, 'VN112');
    expect(at(d)).toBe('5:6');
    expect(d!.message).toContain("a bond on bridge 'br0' and a port of bridge 'br1'");
    expect(at(d?.related?.[0])).toBe('4:6');
  });

  it('near miss: the same names on two hosts; an exact repeat is VN104, not VN112', () => {
    const text = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA uplink ens256
bridge br0 on hostB uplink ens256
port eth1 on br0@hostA
port eth1 on br0@hostB
port eth1 on br0@hostB
`;
    expect(withCode(text, 'VN112')).toEqual([]);
    expect(withCode(text, 'VN104')).toHaveLength(1);
  });
});
