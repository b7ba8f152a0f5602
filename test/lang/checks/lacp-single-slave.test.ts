import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';

describe('VN145 lacp-single-slave', () => {
  it('warns about an 802.3ad bond with one slave, at the slave', () => {
    const [d, ...rest] = withCode(`${HOST}bond bond0 on hostA slaves ens1 mode 802.3ad\n`, 'VN145');
    expect(rest).toEqual([]);
    expect(d!.severity).toBe('warning');
    expect(at(d)).toBe('2:28');
    expect(d!.message).toBe("bond 'bond0' on hostA uses mode 802.3ad with a single slave (ens1)");
  });

  it('warns about lacp active on an OVS bond with one slave', () => {
    const [d] = withCode(`${HOST}bridge br0\nbond b1 on br0 slaves ens2 mode balance-tcp lacp active\n`, 'VN145');
    expect(d!.message).toBe("bond 'b1' on hostA uses lacp active with a single slave (ens2)");
  });

  it('does not fire with two slaves, or for a non-LACP single-slave bond', () => {
    expect(
      withCode(`${HOST}bond bond0 on hostA slaves ens1,ens2 mode 802.3ad\nbond bond1 on hostA slaves ens3 mode active-backup lacp off\n`, 'VN145'),
    ).toEqual([]);
  });
});
