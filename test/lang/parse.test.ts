/**
 * The parser against LANGUAGE.md §1 (lexical rules) and §3 (every statement form and
 * every option). The ASTs of the statement forms are golden files under golden/, written
 * with UPDATE_GOLDEN=1 and read by a person once; spans are left out of them and asserted
 * exactly in one test below.
 */
import { describe, expect, it } from 'vitest';
import { STATEMENTS, type StatementKeyword } from '../../src/lang/grammar.js';
import type { Statement } from '../../src/lang/ast.js';
import { at, expectGolden, parse, withoutSpans } from '../helpers.js';

/** Every statement form of §3, one source line per case, grouped by statement (one golden file each). */
const FORMS: Record<StatementKeyword, string[]> = {
  host: [
    'host hostA local',
    'host hostA local datapath netdev',
    'host hostA local datapath system',
    'host hostB address 192.0.2.12',
    'host hostB address 192.0.2.12 user admin port 2222 key "~/.ssh/id_ed25519" known-hosts "/etc/vsh/known_hosts" jump bastion underlay 10.200.0.2 datapath netdev',
    'host hostC datapath system underlay 10.200.0.3 address 192.0.2.13', // options in any order
  ],
  use: ['use hostA'],
  route: ['route default via 10.0.0.1 in red', 'route 10.20.0.0/16 via 10.0.0.1 in red@hostA dev eth0', 'route 10.30.0.0/24 via 192.0.2.1 on hostA'],
  nat: ['nat masquerade in router out eth2', 'nat masquerade in router@hostA out eth2 source 10.0.0.0/16'],
  link: ['link br-int <-> br-ex', 'link br-int@hostA<->br-lb@hostA name lk0'],
  bridge: [
    'bridge br-int',
    'bridge br0 on hostA kind linux mtu 9000 stp on address 10.10.10.1/24 uplink ens256',
    'bridge ovs-br0 uplink ens224 kind ovs stp off',
  ],
  port: [
    'port vm1',
    'port vm1 on br-int',
    'port vm1 on br-int@hostA type system tag 10',
    'port mgmt0 type internal address 10.0.0.1/24 mtu 1500',
    'port tap0 type tap tag 20',
    'port veth-red type veth peer red:eth0 address 10.0.10.1/24 tag 10',
    'port trunk1 trunk 10,20,30-40',
    'port uplink1 tag 10 trunk 10,20,30-40 native',
    'port c1-p type veth peer c1:eth0 tag 10 address dhcp',
  ],
  namespace: ['namespace red', 'namespace blue on hostB', 'namespace r1 forward on', 'namespace r2 on hostA forward off'],
  tunnel: [
    'tunnel gre hostA<->hostB',
    'tunnel gre hostA <-> hostB trunk 10,20 key 42',
    'tunnel vxlan br-int@hostA<->br-int@hostB vni 5000 dstport 4789 name vx-ab',
    'tunnel geneve hostA<->br-ex@hostB on br-ovl trunk 100-110 vni 7 dstport 6081',
  ],
  network: [
    'network default mode nat subnet 192.168.122.0/24 gateway 192.168.122.1 dhcp 192.168.122.2-192.168.122.254 domain lab.example autostart on',
    'network routed on hostA mode route dev eth1 subnet 10.1.0.0/24 autostart off',
    'network isolated mode isolated bridge virbr9 stp off subnet 10.2.0.0/24',
    'network ovs-net mode bridge bridge br-int virtualport openvswitch stp on',
    'network vf-pool mode hostdev dev ens1f0',
  ],
  portgroup: ['portgroup web tag 10', 'portgroup trunks of ovs-net trunk 10,20,30-40', 'portgroup portgroup1 tag 30 default'],
  attach: [
    'attach vm1 to default',
    'attach vm1 to ovs-net portgroup web model virtio mac 52:54:00:fe:9f:ec live config',
    'attach vm2 to default model e1000 on hostA',
    'attach vm2 to default model rtl8139 config',
    'attach vm3 to vf ens1f0#2',
    'attach vm3 to vf ens1f0#12 mac 52:54:00:12:34:56 vlan 100 on hostA',
  ],
  sriov: ['sriov ens1f0 vfs 4', 'sriov ens1f1 on hostA vfs 8'],
  macvtap: [
    'macvtap mvt0 link eth0 mode vepa',
    'macvtap mvt1 on hostA link eth0 mode bridge',
    'macvtap mvt2 mode private link eth0',
    'macvtap mvt3 link eth1 mode passthru',
  ],
  bond: [
    'bond bond0 on br-int slaves eth1,eth2 mode balance-tcp lacp active',
    'bond bond1 on br-int@hostA slaves eth3,eth4 mode balance-slb lacp off',
    'bond bond2 on hostA slaves eth5,eth6,eth7 mode 802.3ad lacp passive',
    'bond bond3 slaves eth8,eth9 mode active-backup',
    'bond bond4 slaves eth10,eth11 mode balance-rr',
  ],
  vlan: ['vlan ens224.10', 'vlan ens224.30 on hostA address 10.30.0.1/24', 'vlan bond0.100 on hostA'],
  ovn: ['ovn central hostA', 'ovn chassis hostB', 'ovn chassis hostC encap vxlan mapping physnet:br-phy,ext:br-ex', 'ovn chassis hostD encap geneve'],
  logical: [
    'logical switch ls-web subnet 10.90.1.0/24',
    'logical router lr1',
    'logical port vm1 on ls-web host hostA address 0a:00:00:00:01:0a 10.90.1.10 peer vm1:eth1',
    'logical port vm9 on ls-web host hostB address dynamic',
    'logical link lr1 to ls-web address 10.90.1.1/24 mac 0a:00:00:00:01:01',
    'logical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 gateway 172.30.100.10 chassis hostA',
    'logical route on lr1 10.80.0.0/16 via 172.30.200.10',
    'logical route on lr1 default via 172.30.100.10',
  ],
  expect: ['expect reach red 10.0.10.2', 'expect noreach red@hostA 10.0.20.3'],
  container: [
    'container web1 image localhost/vsh-busybox:latest',
    'container web1 on hostA image busybox runtime docker',
    'container web2 image "quay.io/org/img:1.2" command "sh -c \'sleep 1; exec sleep 86400\'"',
    'container c-3 command "sleep 86400" runtime podman image registry.local:5000/team/bb:1 on hostB',
  ],
  dhcp: [
    'dhcp on br-c address 10.50.0.1/24 range 10.50.0.100-10.50.0.150',
    'dhcp on br-c@hostA tag 10 address 10.50.0.1/24 range 10.50.0.100-10.50.0.150 gateway 10.50.0.1 dns 10.50.0.1 lease 3600',
    'dhcp range 10.50.0.100-10.50.0.150 address 10.50.0.1/24', // the current bridge, options in any order
  ],
  flow: ['flow match "ip" actions "drop"', 'flow on br-int@hostA table 1 priority 200 match "ip,nw_src=10.0.10.2" actions "output:2"'],
};

/** Parse one line that must be exactly one statement, without any diagnostic. */
function parseOne(text: string): Statement {
  const r = parse(text);
  expect(r.diagnostics, text).toEqual([]);
  expect(r.statements, text).toHaveLength(1);
  expect(r.incomplete, text).toBe(false);
  return r.statements[0]!;
}

/** The statement keyword a statement was written with (`attach-vf` is an `attach`). */
/** The statement keyword a kind is written with (`attach`, `ovn` and `logical` each head several kinds). */
const keywordOf = (s: Statement): StatementKeyword => (s.kind.split('-')[0] === s.kind ? s.kind : (['attach', 'ovn', 'logical'].find((k) => s.kind.startsWith(k + '-')) ?? s.kind)) as StatementKeyword;

describe('statement forms (LANGUAGE.md §3), golden ASTs', () => {
  for (const [keyword, lines] of Object.entries(FORMS)) {
    it(keyword, () => {
      const statements = lines.map(parseOne);
      for (const s of statements) expect(keywordOf(s)).toBe(keyword);
      const asts = Object.fromEntries(lines.map((line, i) => [line, withoutSpans(statements[i])]));
      expectGolden(new URL(`./golden/${keyword}.json`, import.meta.url), asts);
    });
  }

  it('covers every option of every statement, and every value of every enumerated option', () => {
    const written = new Set<string>();
    for (const line of Object.values(FORMS).flat()) {
      const s = parseOne(line);
      for (const [option, span] of Object.entries(s.optionSpans)) {
        written.add(`${keywordOf(s)} ${option}`);
        written.add(`${keywordOf(s)} ${line.slice(span.offset, span.endOffset)}`);
      }
    }
    const missing: string[] = [];
    for (const [keyword, spec] of Object.entries(STATEMENTS)) {
      for (const [option, o] of Object.entries(spec.options)) {
        if (!written.has(`${keyword} ${option}`)) missing.push(`${keyword} ${option}`);
        for (const value of 'values' in o ? o.values : []) {
          if (!written.has(`${keyword} ${option} ${value}`)) missing.push(`${keyword} ${option} ${value}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads each tunnel type, both END forms, both attach forms and both expectations', () => {
    const statements = Object.values(FORMS).flat().map(parseOne);
    const tunnels = statements.flatMap((s) => (s.kind === 'tunnel' ? [s] : []));
    expect(new Set(tunnels.map((t) => t.type.value))).toEqual(new Set(['gre', 'vxlan', 'geneve']));
    expect(tunnels.some((t) => t.left.host === undefined && t.right.host !== undefined)).toBe(true);
    const kinds = new Set(statements.map((s) => s.kind));
    expect(kinds).toContain('attach-vf');
    expect(kinds).toContain('attach-network');
    expect(statements.flatMap((s) => (s.kind === 'expect' ? [s.reach] : []))).toEqual([true, false]);
  });
});

describe('spans', () => {
  it('are exact for names, references, values, VLAN list items and split names', () => {
    const text = '# lab\nport vm1 on br-int@hostA tag 10 trunk 10,20,30-40 \\\n   native\nattach vm3 to vf ens1f0#2 vlan 100\n  vlan ens224.10\n';
    const [port, vf, vlan] = parse(text).statements;
    const pos = (s: { line: number; column: number; endLine: number; endColumn: number }) =>
      `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
    if (port?.kind !== 'port' || vf?.kind !== 'attach-vf' || vlan?.kind !== 'vlan') throw new Error('unexpected statements');
    // The port statement runs over the `\` continuation onto line 3.
    expect(pos(port.span)).toBe('2:1-3:10');
    expect(pos(port.name.span)).toBe('2:6-2:9');
    expect(pos(port.on!.span)).toBe('2:13-2:25');
    expect(pos(port.on!.name.span)).toBe('2:13-2:19');
    expect(pos(port.on!.host!.span)).toBe('2:20-2:25');
    expect(pos(port.tag!.span)).toBe('2:30-2:32');
    expect(pos(port.optionSpans.tag!)).toBe('2:26-2:32');
    expect(port.trunk!.value.map((i) => pos(i.span))).toEqual(['2:39-2:41', '2:42-2:44', '2:45-2:50']);
    expect(pos(port.native!.span)).toBe('3:4-3:10');
    // `ens1f0#2` is one token; the PF and the VF index get their own spans.
    expect(pos(vf.pf.span)).toBe('4:18-4:24');
    expect(pos(vf.vf.span)).toBe('4:25-4:26');
    expect(pos(vlan.span)).toBe('5:3-5:17');
    expect(pos(vlan.parent.span)).toBe('5:8-5:14');
    expect(pos(vlan.vid.span)).toBe('5:15-5:17');
    // Offsets index the text.
    expect(text.slice(port.on!.span.offset, port.on!.span.endOffset)).toBe('br-int@hostA');
    expect(text.slice(vf.vf.span.offset, vf.vf.span.endOffset)).toBe('2');
    expect(port.name.span.file).toBe('t.vnet');
  });

  it('count CRLF line ends once (a Windows-edited file points at the right lines)', () => {
    const r = parse('bridge br0\r\nport vm1 tag\r\nport vm2 tga 1\r\n');
    expect(r.diagnostics.map(at)).toEqual(['2:13', '3:10']);
  });
});

/** The name a statement declares or is about. */
function nameOf(s: Statement): string {
  if ('name' in s) return s.name.value;
  switch (s.kind) {
    case 'use':
      return s.host.value;
    case 'sriov':
      return s.pf.value;
    case 'tunnel':
      return s.type.value;
    case 'expect':
      return s.ns.name.value;
    case 'route':
      return s.dest.value;
    case 'nat':
      return s.in.name.value;
    case 'dhcp':
      return s.on?.name.value ?? '(current bridge)';
    case 'flow':
      return s.match.value;
    case 'link':
      return s.left.name.value;
    case 'ovn-central':
    case 'ovn-chassis':
      return s.host.value;
    case 'logical-link':
    case 'logical-uplink':
    case 'logical-route':
      return s.router.value;
    default:
      return s.domain.value;
  }
}

/** `kind name` of each statement a text parses to. */
function names(text: string): string[] {
  return parse(text).statements.map((s) => `${s.kind} ${nameOf(s)}`);
}

describe('lexical rules (LANGUAGE.md §1)', () => {
  it('ends statements at ";" and at the end of a line; empty statements are nothing', () => {
    const text = 'bridge br0; port a;port b\n\n;;\nport c\n';
    expect(parse(text).diagnostics).toEqual([]);
    expect(names(text)).toEqual(['bridge br0', 'port a', 'port b', 'port c']);
  });

  it('joins a line ending in "\\" with the next (also with blanks after it, and CRLF)', () => {
    const r = parse('bridge br0 \\\n  kind linux \\   \r\n  mtu 9000\nport a\n');
    expect(r.diagnostics).toEqual([]);
    expect(withoutSpans(r.statements)).toEqual([
      { kind: 'bridge', name: { value: 'br0' }, bridgeKind: { value: 'linux' }, mtu: { value: 9000 } },
      { kind: 'port', name: { value: 'a' } },
    ]);
  });

  it('treats "#" as a comment at line start, after blanks and after ";"', () => {
    const text = '# a whole line\n   # indented\nbridge br0 # trailing\nport a;# after a semicolon\n\t#tab\n';
    expect(parse(text).diagnostics).toEqual([]);
    expect(names(text)).toEqual(['bridge br0', 'port a']);
  });

  it('reads "#" right after a name and before a number as a VF reference, not a comment', () => {
    const [s] = parse('attach vm1 to vf ens1f0#2 # VF 2 of ens1f0\n').statements;
    expect(withoutSpans(s)).toEqual({ kind: 'attach-vf', domain: { value: 'vm1' }, pf: { value: 'ens1f0' }, vf: { value: 2 } });
    // `#` glued to a name without an index is neither a VF nor a comment.
    const r = parse('port vm1#x\n');
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, at(d)])).toEqual([['VN001', '1:9']]);
  });

  it('lexes names that begin with keywords as names', () => {
    expect(names('bridge br-int\nport vlan-10\nport hostA\nportgroup portgroup1\nvlan ens224.10\nport uplink0\nnamespace bridge-ns\n')).toEqual([
      'bridge br-int',
      'port vlan-10',
      'port hostA',
      'portgroup portgroup1',
      'vlan ens224.10',
      'port uplink0',
      'namespace bridge-ns',
    ]);
  });

  it('reserves keywords only where a keyword is expected', () => {
    expect(names('port bridge\nbridge port\nnamespace namespace\nattach vm1 to vf\n')).toEqual([
      'port bridge',
      'bridge port',
      'namespace namespace',
      'attach-network vm1', // `vf` without PF#N is a network called vf
    ]);
    // A port called `tag` on VLAN 10; a port on a bridge called `on`.
    expect(withoutSpans(parse('port tag tag 10\nport native on on native\n').statements)).toEqual([
      { kind: 'port', name: { value: 'tag' }, tag: { value: 10 } },
      { kind: 'port', name: { value: 'native' }, on: { name: { value: 'on' } }, native: { value: true } },
    ]);
  });

  it('has lower-case keywords only: a capitalised word is a name', () => {
    const r = parse('Bridge br0\nbridge BR0 KIND linux\n');
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map((d) => [at(d), d.message, d.hint])).toEqual([
      ['1:1', expect.stringContaining("unknown statement 'Bridge'"), "did you mean 'bridge'?"],
      ['2:12', expect.stringContaining("unknown option 'KIND' for bridge"), "did you mean 'kind'?"],
    ]);
    expect(names('bridge Bridge\n')).toEqual(['bridge Bridge']);
  });

  it('reads the value shapes: INT, VLIST, IPV4, CIDR, RANGE, MAC, STRING, NS:IFNAME, NAME@HOST', () => {
    const [port, net, host] = parse(
      'port p1 on br@h1 trunk 1,2,3-5 peer ns-1:veth.1 address 10.0.0.1/24\nnetwork n mode nat dhcp 10.0.0.2-10.0.0.9 gateway 10.0.0.1\nhost h key "a \\"quoted\\" path"\n',
    ).statements;
    expect(withoutSpans(port)).toMatchObject({
      on: { name: { value: 'br' }, host: { value: 'h1' } },
      trunk: { value: [{ from: 1, to: 1 }, { from: 2, to: 2 }, { from: 3, to: 5 }] },
      peer: { ns: { value: 'ns-1' }, iface: { value: 'veth.1' } },
      address: { value: '10.0.0.1/24' },
    });
    expect(withoutSpans(net)).toMatchObject({ dhcp: { value: '10.0.0.2-10.0.0.9' }, gateway: { value: '10.0.0.1' } });
    expect(withoutSpans(host)).toMatchObject({ key: { value: 'a "quoted" path' } });
  });

  it('does not read 802.3ad (a bond mode) as a name', () => {
    const r = parse('port 802.3ad\n');
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map((d) => [at(d), d.message])).toEqual([['1:6', "expected a name after 'port', found '802.3ad'"]]);
  });

  it('reports characters outside the language, and drops their statement', () => {
    const text = 'bridge br0 !\nport vm1 tag 10 €\nport ok\n';
    expect(parse(text).diagnostics.map((d) => [d.code, at(d), d.message])).toEqual([
      ['VN001', '1:12', "unexpected character '!'"],
      ['VN001', '2:17', "unexpected character '€'"],
    ]);
    expect(names(text)).toEqual(['port ok']);
  });

  it('reports an unterminated string once, up to the end of its line', () => {
    const text = 'host h1 address 192.0.2.1 key "~/.ssh/id\nport ok\n';
    expect(parse(text).diagnostics.map((d) => [d.code, at(d), d.span.endColumn, d.message])).toEqual([['VN001', '1:31', 41, 'unterminated string']]);
    expect(names(text)).toEqual(['port ok']);
  });
});

describe('syntax errors say what was expected, where', () => {
  const cases: Array<[text: string, where: string, message: string, hint?: string]> = [
    ['port vm1 tag', '1:13', "expected a number after 'tag', found the end of the statement", 'usage: port NAME'],
    ['port vm1 tag abc', '1:14', "expected a number after 'tag', found 'abc'"],
    ['tunnel gre hostA hostB', '1:18', "expected '<->' after 'hostA', found 'hostB'", 'usage: tunnel gre|vxlan|geneve END <-> END'],
    ['tunnel gre hostA<->', '1:20', "expected a name after '<->', found the end of the statement"],
    ['tunnel ipip hostA<->hostB', '1:8', "unknown tunnel type 'ipip': expected gre, vxlan or geneve"],
    ['network n1 mode foo', '1:17', "unknown mode 'foo' for network: expected nat, route, isolated, bridge or hostdev"],
    ['network n1 mode natt', '1:17', "unknown mode 'natt'", "did you mean 'nat'?"],
    ['network n1', '1:1', "network needs 'mode'", "add 'mode nat|route|isolated|bridge|hostdev' to the statement"],
    ['port vm1 tga 10', '1:10', "unknown option 'tga' for port: expected one of on, type, tag, trunk, native, peer, address, mtu", "did you mean 'tag'?"],
    ['brdige br0', '1:1', "unknown statement 'brdige'", "did you mean 'bridge'?"],
    ['use hostA now', '1:11', "unexpected 'now': use takes no options"],
    ['host h1 address 192.0.2.1/24', '1:17', "'address' in a host statement takes an IPv4 address (no /prefix), found '192.0.2.1/24'"],
    ['bridge br0 address 10.0.0.1', '1:20', "'address' in a bridge statement takes an address with a prefix"],
    ['host h1 local key 42', '1:19', "'key' in a host statement takes a \"quoted string\", found '42'"],
    ['tunnel gre a<->b key "k"', '1:22', "'key' in a tunnel statement takes a number, found 'k'"],
    ['port vm1 trunk 10,', '1:19', "expected one of a range (N-M), a number after ',', found the end of the statement"],
    ['port vm1 peer red', '1:18', "expected ':' after 'red', found the end of the statement"],
    ['expect reach red 10.0.0.1/24', '1:18', "expected an IPv4 address after 'red', found '10.0.0.1/24'"],
    ['expect ping red 10.0.0.1', '1:8', "expected one of 'reach', 'noreach' after 'expect', found 'ping'"],
    ['attach vm1 default', '1:12', "expected 'to' after 'vm1', found 'default'"],
    ['macvtap m0 mode vepa', '1:1', "macvtap needs 'link'"],
    ['sriov ens1f0', '1:1', "sriov needs 'vfs'"],
    ['bond b0 mode 802.3ad', '1:1', "bond needs 'slaves'"],
    ['vlan ens224', '1:6', "vlan takes IFACE.VID (e.g. ens224.10), found 'ens224'"],
  ];
  for (const [text, where, message, hint] of cases) {
    it(text, () => {
      const r = parse(text);
      expect(r.diagnostics).toHaveLength(1);
      const d = r.diagnostics[0]!;
      expect([d.code, d.severity, at(d)]).toEqual(['VN001', 'error', where]);
      expect(d.message).toContain(message);
      if (hint) expect(d.hint).toContain(hint);
    });
  }

  it('drops a statement the grammar cannot read, but keeps one with a wrong option value (without that option)', () => {
    expect(parse('port vm1 tag abc\n').statements).toEqual([]);
    const r = parse('bridge br0 kind ovz mtu 1500\n');
    expect(r.diagnostics.map((d) => [d.code, at(d), d.hint])).toEqual([['VN001', '1:17', "did you mean 'ovs'?"]]);
    expect(withoutSpans(r.statements)).toEqual([{ kind: 'bridge', name: { value: 'br0' }, mtu: { value: 1500 } }]);
  });

  it('reports an option given twice (VN003) and keeps the first', () => {
    const r = parse('bridge br0 kind ovs mtu 1500 kind linux\n');
    expect(r.diagnostics.map((d) => [d.code, at(d), at(d.related?.[0])])).toEqual([['VN003', '1:30', '1:12']]);
    expect(withoutSpans(r.statements)).toEqual([{ kind: 'bridge', name: { value: 'br0' }, bridgeKind: { value: 'ovs' }, mtu: { value: 1500 } }]);
  });

  it('reports options that do not fit the attach form (VN004)', () => {
    expect(parse('attach vm1 to vf ens1f0#1 model virtio\nattach vm1 to net1 vlan 10\n').diagnostics.map((d) => [d.code, at(d)])).toEqual([
      ['VN004', '1:27'],
      ['VN004', '2:20'],
    ]);
  });

  it('reports every bad statement in one run, each at its line, and keeps the good ones', () => {
    const text = 'host hostA local\nport vm1 tag\nbridge br0\ntunnel gre hostA hostB\nport vm2 tga 10\nport vm3 tag 30\n';
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.code, at(d)])).toEqual([
      ['VN001', '2:13'],
      ['VN001', '4:18'],
      ['VN001', '5:10'],
    ]);
    expect(names(text)).toEqual(['host hostA', 'bridge br0', 'port vm3']);
  });

  it('reports two errors on one line separated by ";"', () => {
    expect(parse('port a tag x; port b tga 1\n').diagnostics.map(at)).toEqual(['1:12', '1:22']);
  });
});

describe('incomplete input (the REPL asks for more)', () => {
  it.each([
    ['port vm1 tag', true],
    ['tunnel gre hostA<->', true],
    ['bridge br0 \\', true],
    ['bridge br0 \\  ', true],
    ['bridge br0 \\\n', true],
    ['port vm1 tag 10', false],
    ['bridge br0\n', false],
    ['port vm1 tag\nbridge br0\n', false], // the error is in the middle
    ['port vm1 tag\n', false], // the line was ended: an error, not a continuation
    ['bridge br0 # a comment ending in \\', false],
    ['port vm1 tag abc', false],
  ])('%j → %s', (text, incomplete) => {
    expect(parse(text).incomplete).toBe(incomplete);
  });

  it('keeps the statement before a trailing "\\" without reporting the "\\"', () => {
    const text = 'bridge br0 kind linux \\';
    expect(parse(text).diagnostics).toEqual([]);
    expect(names(text)).toEqual(['bridge br0']);
  });
});
