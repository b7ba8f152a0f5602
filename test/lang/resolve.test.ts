/** The diagnostics the statement builder and resolve.ts emit: VN003 and VN100–VN105, VN121. */
import { describe, expect, it } from 'vitest';
import { at, check, codes, TWO_HOSTS, withCode } from '../helpers.js';

const TWO = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
bridge br0 on hostA
`;

describe('VN003: the same option twice in one statement', () => {
  it('points at the second, names the option and statement, relates the first', () => {
    const [d, ...more] = withCode('host hostA address 192.0.2.1 port 22 port 2222\n', 'VN003');
    expect(more).toEqual([]);
    expect(at(d)).toBe('1:38');
    expect(d!.message).toBe("option 'port' is given twice in this host statement");
    expect(at(d?.related?.[0])).toBe('1:30');
  });

  it('near miss: different options, and a port called port', () => {
    expect(codes('host hostA address 192.0.2.1 port 22 user root\nbridge br0\nport port tag 10\n')).toEqual([]);
  });
});

describe('VN100: unknown host', () => {
  it('in use, bridge on, port on BRIDGE@HOST, tunnel ends and expect NS@HOST', () => {
    const text = `${TWO}use hostZ
bridge br1 on hostC
port p1 on br0@hostQ
tunnel gre hostA<->hostX on br0
expect reach red@hostY 10.0.0.1
`;
    const ds = withCode(text, 'VN100');
    expect(ds.map(at)).toEqual(['4:5', '5:15', '6:16', '7:20', '8:18']);
    expect(ds.map((d) => d.message)).toEqual(["unknown host 'hostZ'", "unknown host 'hostC'", "unknown host 'hostQ'", "unknown host 'hostX'", "unknown host 'hostY'"]);
    expect(ds[3]!.hint).toMatch(/did you mean 'host[AB]'\?/);
  });

  it('lists the declared hosts when nothing is close', () => {
    const [d] = withCode(`${TWO}use lab9\n`, 'VN100');
    expect(d!.hint).toBe('declared hosts: hostA, hostB');
  });

  it('near miss: a host may be declared after it is used', () => {
    expect(codes('use hostA\nbridge br0\nhost hostA local\n')).toEqual([]);
  });
});

describe('VN101: unknown bridge on that host', () => {
  it('a port on a bridge that exists only on another host', () => {
    const [d, ...more] = withCode(`${TWO}bridge br1 on hostB\nport p1 on br1@hostA\n`, 'VN101');
    expect(more).toEqual([]);
    expect(at(d)).toBe('5:12');
    expect(d!.message).toBe("unknown bridge 'br1' on hostA");
  });

  it('a misspelt bridge gets a did-you-mean; an OVS bond on BRIDGE@HOST is checked too', () => {
    const ds = withCode(`${TWO}port p1 on br9@hostA\nbond b0 on br7@hostA slaves eth1,eth2\n`, 'VN101');
    expect(ds.map(at)).toEqual(['4:12', '5:12']);
    expect(ds[0]!.hint).toBe("did you mean 'br0'?");
  });

  it('near miss: a port may name a bridge declared further down', () => {
    expect(codes('host hostA local\nport p1 on br0@hostA\nbridge br0 on hostA\n')).toEqual([]);
  });
});

describe('VN102: unknown network reference', () => {
  it('portgroup of, and attach to, a network not on that host', () => {
    const text = `${TWO}network default on hostB mode nat subnet 192.168.122.0/24
use hostA
portgroup pg1 of default tag 10
attach vm1 to defualt
`;
    const ds = withCode(text, 'VN102');
    expect(ds.map(at)).toEqual(['6:18', '7:15']);
    expect(ds[0]!.message).toBe("unknown network 'default' on hostA");
    expect(ds[1]!.message).toBe("unknown network 'defualt' on hostA");
  });

  it('did-you-mean for a misspelt network on the same host', () => {
    const [d] = withCode(`${TWO}use hostB\nnetwork default mode nat subnet 192.168.122.0/24\nattach vm1 to defualt\n`, 'VN102');
    expect(at(d)).toBe('6:15');
    expect(d!.hint).toBe("did you mean 'default'?");
  });

  it('near miss: a network declared after the attach; a veth peer in an undeclared namespace', () => {
    const text = 'host hostA local\nattach vm1 to default\nnetwork default mode nat subnet 192.168.122.0/24\nportgroup pg1 tag 10\nbridge br0\nport v1 type veth peer red:eth0\n';
    expect(withCode(text, 'VN102')).toEqual([]);
  });
});

describe('VN103: no context', () => {
  it('each statement that needs a host, bridge or network says which on to add', () => {
    const text = `bridge br0
port p1 tag 10
portgroup pg1 tag 10
expect reach red 10.0.0.1
tunnel gre hostA<->hostB
`;
    const ds = withCode(text, 'VN103');
    expect(ds.map(at)).toEqual(['1:1', '2:1', '3:1', '4:1', '5:1']);
    expect(ds.map((d) => d.message)).toEqual([
      'no current host for this statement',
      'no current bridge for this statement',
      'no current network for this statement',
      'no current host for this statement',
      'no current bridge for this statement',
    ]);
    expect(ds[0]!.hint).toContain("'on HOST'");
    expect(ds[1]!.hint).toContain("'on BRIDGE'");
    expect(ds[2]!.hint).toContain("'of NETWORK'");
    expect(ds[3]!.hint).toContain('NS@HOST');
  });

  it("a portgroup with 'of NETWORK' but no current host asks for the host", () => {
    const [d] = withCode('portgroup pg1 of default tag 10\n', 'VN103');
    expect(at(d)).toBe('1:1');
    expect(d!.message).toBe('no current host for this statement');
    expect(d!.hint).toContain('use HOST');
  });

  it('near miss: context from use/host/bridge/network, and ends written as BRIDGE@HOST', () => {
    const text = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
use hostA
bridge br0
port p1 tag 10
network default mode nat subnet 192.168.122.0/24
portgroup pg1 tag 10
bridge br0 on hostB
tunnel gre br0@hostA<->br0@hostB
namespace red on hostA
expect reach red@hostA 10.0.0.1
`;
    expect(withCode(text, 'VN103')).toEqual([]);
  });
});

describe('VN104 / VN105: the same object declared twice', () => {
  it('identical repeats are merged with a warning at the second name', () => {
    const [d, ...more] = withCode('host hostA local\nhost hostA local\nbridge br0\nport p1 tag 10\nport p1 on br0 tag 10\n', 'VN104');
    expect(more).toHaveLength(1);
    expect(at(d)).toBe('2:6');
    expect(d!.severity).toBe('warning');
    expect(d!.message).toContain("host 'hostA'");
    expect(at(d?.related?.[0])).toBe('1:1');
    expect(at(more[0])).toBe('5:6');
    expect(more[0]!.message).toContain("port 'p1' on br0@hostA");
  });

  it('conflicting redeclarations are errors pointing at both places', () => {
    const [d, ...more] = withCode('host hostA local\nbridge br0 mtu 1500\nbridge br0 mtu 9000\n', 'VN105');
    expect(more).toEqual([]);
    expect(at(d)).toBe('3:8');
    expect(d!.message).toBe("bridge 'br0' on hostA is redeclared with different attributes");
    expect(at(d?.related?.[0])).toBe('2:1');
  });

  it('near miss: the same names on two hosts, or on two bridges', () => {
    const text = `${TWO}bridge br0 on hostB mtu 9000\nbridge br1 on hostA\nport p1 on br0@hostA\nport p1 on br0@hostB\n`;
    expect(codes(text).filter((c) => c === 'VN104' || c === 'VN105')).toEqual([]);
  });
});

describe("VN121: the tunnel's bridge does not exist on one end", () => {
  it('points at the end whose host lacks the bridge', () => {
    const [d, ...more] = withCode(`${TWO}tunnel gre hostA<->hostB on br0\n`, 'VN121');
    expect(more).toEqual([]);
    expect(at(d)).toBe('4:20');
    expect(d!.message).toContain("'br0' on hostB");
    expect(d!.hint).toBe("declare it: 'bridge br0 on hostB'");
  });

  it('near miss: ends written as BRIDGE@HOST with different bridges that both exist', () => {
    expect(withCode(`${TWO}bridge br-int on hostB\ntunnel vxlan br0@hostA<->br-int@hostB vni 10\n`, 'VN121')).toEqual([]);
  });
});

describe("'on NAME@HOST' where only a host (or only a bridge) fits", () => {
  it('is refused for host-only statements, pointing at the on-value, not silently half-read', () => {
    for (const stmt of ['namespace red on br0@hostA', 'macvtap mv0 on br0@hostA link eth1 mode vepa', 'network n1 on br0@hostA mode isolated']) {
      const r = check(`host hostA local\nbridge br0\n${stmt}\n`);
      const d = r.diagnostics.find((x) => x.code === 'VN001');
      expect(d?.message, stmt).toMatch(/goes 'on HOST', not 'on NAME@HOST'/);
      expect(at(d)).toBe(`3:${stmt.indexOf('br0@') + 1}`);
      expect(d?.hint).toBe("write 'on hostA'");
    }
  });

  it('is refused for a tunnel, whose on names the bridge of both ends', () => {
    const r = check(`${TWO_HOSTS}bridge br0 on hostA\nbridge br0 on hostB\ntunnel gre hostA<->hostB on br0@hostB\n`);
    const d = r.diagnostics.find((x) => x.code === 'VN001');
    expect(d?.message).toContain("a tunnel's 'on' names the bridge on both ends");
    expect(at(d)).toBe('5:29');
    expect(r.model.tunnels).toHaveLength(0);
  });

  it('near miss: plain on HOST and on BRIDGE are fine', () => {
    expect(check(`${TWO_HOSTS}bridge br0 on hostA\nbridge br0 on hostB\nnamespace red on hostA\ntunnel gre hostA<->hostB on br0\n`).diagnostics).toEqual([]);
  });
});
