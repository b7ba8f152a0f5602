import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';
const vn134 = (network: string) => withCode(`${HOST}${network}\n`, 'VN134');

describe('VN134 network-mode-options', () => {
  it('points at the mode when a required option is missing', () => {
    const [route] = vn134('network r1 mode route subnet 10.0.0.0/24');
    expect(at(route)).toBe('2:17');
    expect(route!.message).toBe("network 'r1' on hostA: mode route needs 'dev' (the interface to route through)");
    expect(at(vn134('network b1 mode bridge')[0])).toBe('2:17');
    expect(vn134('network b1 mode bridge')[0]!.message).toContain("mode bridge needs 'bridge'");
    expect(at(vn134('network pool mode hostdev')[0])).toBe('2:19');
    expect(vn134('network pool mode hostdev')[0]!.message).toContain("mode hostdev needs 'dev'");
  });

  it('points at each option a mode does not take', () => {
    const ds = vn134('network b1 mode bridge bridge br0 subnet 10.0.0.0/24 dhcp 10.0.0.2-10.0.0.9');
    expect(ds.map(at)).toEqual(['2:35', '2:54']);
    expect(ds[0]!.message).toContain("network 'b1' on hostA: mode bridge takes no 'subnet'");
    expect(ds[1]!.message).toContain("takes no 'dhcp'");
    const [hd] = vn134('network pool mode hostdev dev ens1f0 bridge br9');
    expect(at(hd)).toBe('2:38');
    expect(hd!.message).toContain("mode hostdev takes no 'bridge'");
    const [iso] = vn134('network iso mode isolated dev eth0');
    expect(at(iso)).toBe('2:27');
    expect(iso!.message).toContain("mode isolated takes no 'dev'");
  });

  it('flags dhcp or gateway without a subnet', () => {
    const ds = vn134('network n mode nat dhcp 10.0.0.2-10.0.0.9 gateway 10.0.0.1');
    expect(ds.map(at)).toEqual(['2:20', '2:43']);
    expect(ds[0]!.message).toBe("network 'n' on hostA: 'dhcp' needs a 'subnet' (the address and prefix of the network)");
  });

  it('flags virtualport openvswitch outside mode bridge', () => {
    const [d] = vn134('network n mode nat subnet 10.0.0.0/24 virtualport openvswitch');
    expect(at(d)).toBe('2:39');
    expect(d!.message).toContain("'virtualport openvswitch' only applies to mode bridge, not nat");
  });

  it('does not fire when mode and options agree', () => {
    expect(
      withCode(
        `${HOST}bridge br-int
network ovs mode bridge bridge br-int virtualport openvswitch
network r mode route dev eth0 subnet 10.0.0.0/24 dhcp 10.0.0.2-10.0.0.9
network n mode nat dev eth0
network iso mode isolated subnet 10.0.1.0/24 gateway 10.0.1.1
network pool mode hostdev dev ens1f0
`,
        'VN134',
      ),
    ).toEqual([]);
  });
});

describe('VN134: what libvirt itself refuses in bridge and hostdev mode', () => {
  it('stp, domain and dev on a bridge-mode network, domain on a hostdev one', () => {
    const text = 'host h address 192.0.2.1\nnetwork b mode bridge bridge br0 stp on domain lab.example dev eth1\nnetwork v mode hostdev dev ens1f1 domain x.example\n';
    const ds = withCode(text, 'VN134');
    expect(ds.map((d) => [at(d), /takes no '(\w+)'/.exec(d.message)?.[1], d.message.startsWith("network 'b' on h: mode bridge") || d.message.startsWith("network 'v' on h: mode hostdev")])).toEqual([
      ['2:34', 'stp', true],
      ['2:41', 'domain', true],
      ['2:60', 'dev', true],
      ['3:35', 'domain', true],
    ]);
  });
});
