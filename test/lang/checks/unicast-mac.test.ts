import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\nnetwork lab mode nat subnet 10.0.0.0/24\n';

describe('VN136 unicast-mac', () => {
  it('flags a multicast MAC on a network or VF attachment', () => {
    const ds = withCode(`${HOST}attach vm1 to lab mac 01:00:5e:00:00:01\nattach vm2 to vf ens1f0#1 mac 33:33:00:00:00:01\n`, 'VN136');
    expect(ds.map(at)).toEqual(['3:23', '4:31']);
    expect(ds[0]!.message).toBe("MAC 01:00:5e:00:00:01 for domain 'vm1' is a multicast address; a guest interface needs a unicast MAC");
    expect(ds[1]!.message).toContain("domain 'vm2'");
  });

  it('does not fire for unicast MACs (locally administered included)', () => {
    expect(withCode(`${HOST}attach vm1 to lab mac 52:54:00:fe:9f:ec\nattach vm2 to lab mac 02:00:00:00:00:01\n`, 'VN136')).toEqual([]);
  });
});
