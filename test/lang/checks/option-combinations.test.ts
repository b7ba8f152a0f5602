import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const BRIDGE = 'host hostA local\nbridge br0\n';
const TWO = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA
bridge br0 on hostB
`;

describe('VN004 option-combinations: hosts', () => {
  it('a host needs local or address', () => {
    const [d, ...more] = withCode('host hostA user root\n', 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('1:6');
    expect(d!.message).toContain("host 'hostA'");
    expect(d!.hint).toContain('host hostA local');
  });

  it('a host cannot be both local and have an address', () => {
    const [d, ...more] = withCode('host hostA local address 192.0.2.1\n', 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('1:18');
    expect(d!.message).toMatch(/hostA.*local.*address/);
  });

  it('SSH-only options on a local host point at each option', () => {
    const ds = withCode('host hostA local user root port 2222 key "k" known-hosts "kh" jump hostB\n', 'VN004');
    expect(ds.map(at)).toEqual(['1:18', '1:28', '1:38', '1:46', '1:63']);
    expect(ds.map((d) => d.message.match(/^'([a-z-]+)'/)?.[1])).toEqual(['user', 'port', 'key', 'known-hosts', 'jump']);
    expect(ds.every((d) => d.message.includes("local host 'hostA'"))).toBe(true);
    // A meaningless jump is not followed either: no unknown-host report for it.
    expect(withCode('host hostA local jump hostB\n', 'VN100')).toEqual([]);
  });

  it('near miss: SSH options on a remote host, underlay/datapath on a local one', () => {
    expect(withCode('host hostA address 192.0.2.1 user root port 2222 key "~/.ssh/id" known-hosts "~/.ssh/kh"\n', 'VN004')).toEqual([]);
    expect(withCode('host hostB local underlay 10.0.0.1 datapath netdev\n', 'VN004')).toEqual([]);
  });

  it('near miss: an address with the wrong shape is a syntax error, not a missing address', () => {
    const text = 'host hostA address 10.0.0.1/24\n';
    expect(withCode(text, 'VN001')).toHaveLength(1);
    expect(withCode(text, 'VN004')).toEqual([]);
  });
});

describe('VN004 option-combinations: ports', () => {
  it("'peer' on a port that is not veth", () => {
    const [d, ...more] = withCode(`${BRIDGE}port p1 peer red:eth0\n`, 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:9');
    expect(d!.message).toContain("port 'p1' is type system");
  });

  it('a veth port without peer', () => {
    const [d, ...more] = withCode(`${BRIDGE}port v1 type veth\n`, 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:14');
    expect(d!.message).toContain("veth port 'v1' needs 'peer");
  });

  it("'address' on a system or tap port", () => {
    const ds = withCode(`${BRIDGE}port p1 address 10.0.0.1/24\nport t1 type tap address 10.0.0.2/24\n`, 'VN004');
    expect(ds.map(at)).toEqual(['3:9', '4:18']);
    expect(ds[0]!.message).toContain("system port 'p1'");
    expect(ds[0]!.hint).toContain('bridge');
    expect(ds[1]!.message).toContain("tap port 't1'");
  });

  it('near miss: veth with peer and address, internal port with address', () => {
    expect(withCode(`${BRIDGE}port v1 type veth peer red:eth0 address 10.0.0.2/24\nport i1 type internal address 10.0.1.1/24\n`, 'VN004')).toEqual([]);
  });

  it('near miss: an unknown port type is reported once (VN001), not guessed at', () => {
    const text = `${BRIDGE}port p1 type vet peer red:eth0\n`;
    expect(withCode(text, 'VN001')).toHaveLength(1);
    expect(withCode(text, 'VN004')).toEqual([]);
  });
});

describe('VN004 option-combinations: tunnels', () => {
  it("'key' and 'vni' together: points at the second", () => {
    const [d, ...more] = withCode(`${TWO}tunnel gre hostA<->hostB key 1 vni 2\n`, 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('5:32');
    expect(d!.message).toMatch(/'key' and 'vni'/);
  });

  it("'dstport' and 'vni' on a gre tunnel", () => {
    const ds = withCode(`${TWO}tunnel gre hostA<->hostB vni 7 dstport 4789\n`, 'VN004');
    expect(ds.map(at)).toEqual(['5:26', '5:32']);
    expect(ds[0]!.message).toContain("'vni' does not apply to a gre tunnel");
    expect(ds[1]!.message).toContain("'dstport' does not apply to a gre tunnel");
  });

  it('near miss: vxlan with vni and dstport, gre with key', () => {
    expect(withCode(`${TWO}tunnel vxlan hostA<->hostB vni 7 dstport 4789\ntunnel gre hostA<->hostB key 9\n`, 'VN004')).toEqual([]);
  });
});

describe('VN004 from the statement builder: attach options', () => {
  const NET = 'host hostA local\nnetwork default mode nat subnet 192.168.122.0/24\n';
  it("'vlan' on a network attach, 'model' on a VF attach", () => {
    const ds = withCode(`${NET}attach vm1 to default vlan 10\nattach vm2 to vf ens1f0#1 model virtio\n`, 'VN004');
    expect(ds.map(at)).toEqual(['3:23', '4:27']);
    expect(ds[0]!.message).toContain("'vlan'");
    expect(ds[1]!.message).toContain("'model'");
  });

  it('near miss: each option in the form it belongs to', () => {
    expect(withCode(`${NET}attach vm1 to default model virtio\nattach vm2 to vf ens1f0#1 vlan 10\n`, 'VN004')).toEqual([]);
  });
});

describe('VN004: an internal port on a linux bridge', () => {
  it('is refused at its type, naming bridge and host', () => {
    const [d, ...more] = withCode('host h1 local\nbridge br0 kind linux\nport p0 type internal\n', 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:14');
    expect(d!.message).toBe("'type internal' needs an Open vSwitch bridge; 'br0' on h1 is a linux bridge");
  });

  it('near miss: on an OVS bridge it is the usual way to address a VLAN', () => {
    expect(withCode('host h1 local\nbridge br0\nport p0 type internal tag 10 address 10.0.0.1/24\n', 'VN004')).toEqual([]);
  });
});
