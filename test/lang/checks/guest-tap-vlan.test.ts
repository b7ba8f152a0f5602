import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const A = 'host hostA local\nbridge br0\n';

describe("VN116 guest-tap-vlan: a VLAN set directly on libvirt's vnetN", () => {
  it('warns at the tag or trunk, naming the port, bridge and host, hinting at portgroups', () => {
    const ds = withCode(`${A}port vnet0 tag 10\nport vnet12 trunk 10,20\n`, 'VN116');
    expect(ds.map(at)).toEqual(['3:12', '4:13']);
    expect(ds.every((d) => d.severity === 'warning')).toBe(true);
    expect(ds[0]!.message).toContain("'vnet0' (bridge 'br0' on hostA)");
    expect(ds[1]!.message).toContain("'vnet12'");
    expect(ds[0]!.hint).toContain('portgroup');
  });

  it('near miss: no VLAN, a tap vsh creates itself, names that only look alike', () => {
    const text = `${A}port vnet0\nport vnet1 type tap tag 10\nport vnetx tag 10\nport myvnet0 tag 10\nport vm1 tag 10\n`;
    expect(withCode(text, 'VN116')).toEqual([]);
  });
});
