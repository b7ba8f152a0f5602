import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';

describe('VN146 ovs-bond', () => {
  it('refuses balance-rr on an OVS bridge, at the mode', () => {
    const [d, ...rest] = withCode(`${HOST}bridge br-ex on hostA\nbond bond0 on br-ex slaves a1,a2 mode balance-rr\n`, 'VN146');
    expect(rest).toEqual([]);
    expect(d!.severity).toBe('error');
    expect(at(d)).toBe('3:39');
    expect(d!.message).toBe("Open vSwitch has no round-robin bond mode: bond 'bond0' on bridge 'br-ex' (hostA) cannot be balance-rr");
  });

  it('refuses an OVS bond of one slave (add-bond would), at the slave', () => {
    const [d, ...rest] = withCode(`${HOST}bridge br-ex on hostA\nbond bond0 on br-ex slaves eth1\n`, 'VN146');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('3:28');
    expect(d!.message).toBe("an Open vSwitch bond needs at least two slaves: bond 'bond0' on bridge 'br-ex' (hostA) has 1");
    expect(d!.hint).toContain("'port eth1 on br-ex'");
  });

  it('does not fire for a Linux bond (on the host or on a Linux bridge), nor for a good OVS bond', () => {
    expect(
      withCode(
        `${HOST}bond b1 on hostA slaves eth1 mode balance-rr\nbridge lb on hostA kind linux\nbond b2 on lb slaves eth2 mode balance-rr\nbridge br-ex on hostA\nbond b3 on br-ex slaves eth3,eth4 mode balance-slb\n`,
        'VN146',
      ),
    ).toEqual([]);
  });
});
