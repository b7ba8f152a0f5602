import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const A = 'host hostA local\nbridge br0 uplink ens256\n';

describe('VN144 bond-slaves: one NIC used twice', () => {
  it('a slave listed twice in one bond', () => {
    const [d, ...more] = withCode(`${A}bond bond0 on hostA slaves eth1,eth2,eth1\n`, 'VN144');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:38');
    expect(d!.message).toBe("'eth1' is listed twice as a slave of bond 'bond0' on hostA");
    expect(at(d?.related?.[0])).toBe('3:28');
  });

  it('a slave of two bonds', () => {
    const [d, ...more] = withCode(`${A}bond bond0 on hostA slaves eth1,eth2\nbond bond1 on hostA slaves eth3,eth2\n`, 'VN144');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:33');
    expect(d!.message).toBe("'eth2' on hostA is a slave of bonds 'bond0' and 'bond1'");
    expect(at(d?.related?.[0])).toBe('3:33');
  });

  it("a slave that is also a bridge's uplink", () => {
    const [d, ...more] = withCode(`${A}bond bond0 on hostA slaves eth1,ens256\n`, 'VN144');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:33');
    expect(d!.message).toBe("'ens256' on hostA is a slave of bond 'bond0' and also the uplink of bridge 'br0'");
    expect(d!.hint).toContain("'uplink bond0'");
    expect(at(d?.related?.[0])).toBe('2:19');
  });

  it('a slave that is also a bridge port (OVS bond on another bridge)', () => {
    const [d] = withCode(`${A}bridge br1\nport eth3 on br0\nbond bond0 on br1 slaves eth3,eth4\n`, 'VN144');
    expect(at(d)).toBe('5:26');
    expect(d!.message).toBe("'eth3' on hostA is a slave of bond 'bond0' and also a port of bridge 'br0'");
    expect(d!.hint).toContain("'port bond0 on br0'");
    expect(at(d?.related?.[0])).toBe('4:6');
  });

  it('near miss: the bond itself on a bridge, the same slave names on two hosts, a macvtap on a slave', () => {
    const text = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA
bond bond0 on hostA slaves eth1,eth2
bond bond0 on hostB slaves eth1,eth2
port bond0 on br0@hostA
macvtap mv0 on hostA link eth1 mode bridge
`;
    expect(withCode(text, 'VN144')).toEqual([]);
  });
});
