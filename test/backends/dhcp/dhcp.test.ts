import { describe, expect, it } from 'vitest';
import { makePlan, planSteps } from '../../../src/backends/plan.js';
import { parseServers, parseAddresses } from '../../../src/backends/dhcp/read.js';
import { serverIface } from '../../../src/backends/dhcp/paths.js';
import { check, TWO_HOSTS } from '../../helpers.js';

const SCRIPT = `${TWO_HOSTS}bridge br-c on hostA
bridge br-c on hostB
bridge br-lx on hostA kind linux mtu 1450
tunnel geneve hostA <-> hostB on br-c trunk 10
dhcp on br-c@hostA tag 10 address 10.50.0.1/24 range 10.50.0.100-10.50.0.150 gateway 10.50.0.254 lease 3600
dhcp on br-lx@hostA address 10.60.0.1/24 range 10.60.0.10-10.60.0.20
namespace cli on hostB
port c1-p on br-c@hostB type veth peer cli:eth0 tag 10 address dhcp
`;

describe('DHCP driver, planned offline', () => {
  it('starts dnsmasq on a tagged OVS internal port and on a veth of a Linux bridge, and leases for the client', async () => {
    const front = check(SCRIPT);
    expect(front.diagnostics).toEqual([]);
    const steps = planSteps(await makePlan(front, { mode: 'apply', offline: true, project: 'p1' })).filter((s) => s.backend === 'dhcp');
    expect(steps.map((s) => `${s.host} ${s.action} ${s.object}`)).toEqual([
      'hostA + dhcp server on br-c@hostA VLAN 10',
      'hostA + dhcp server on br-lx@hostA (untagged)',
      'hostB + lease for cli:eth0 (port c1-p on br-c@hostB VLAN 10)',
    ]);
    const [ovs, linux, lease] = steps;
    expect(ovs!.commands.map((c) => c.argv.join(' '))).toEqual([
      'ovs-vsctl add-port br-c dh10-br-c tag=10 -- set Interface dh10-br-c type=internal -- set Port dh10-br-c external_ids:vsh-dhcp=p1',
      'ip addr add 10.50.0.1/24 dev dh10-br-c',
      'ip link set dev dh10-br-c up',
      'mkdir -p /run/vsh/p1/dhcp',
      'dnsmasq --conf-file=/dev/null --interface=dh10-br-c --bind-interfaces --except-interface=lo --port=0 --dhcp-range=10.50.0.100,10.50.0.150,255.255.255.0,3600 --dhcp-option=3,10.50.0.254 --dhcp-option=6 --dhcp-authoritative --pid-file=/run/vsh/p1/dhcp/dh10-br-c.pid --dhcp-leasefile=/run/vsh/p1/dhcp/dh10-br-c.leases --log-facility=/run/vsh/p1/dhcp/dh10-br-c.log --log-dhcp',
    ]);
    expect(linux!.commands[0]!.argv.join(' ')).toBe('ip link add name dh0-br-lx mtu 1450 type veth peer name dh0-br-lx-b mtu 1450');
    expect(linux!.commands.map((c) => c.argv.join(' '))).toContain('ip link set dev dh0-br-lx-b master br-lx');
    expect(lease!.commands[1]!.argv.slice(-14)).toEqual(['ip', 'netns', 'exec', 'cli', 'busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-t', '20', '-T', '1', '-s', '/run/vsh/udhcpc.sh'].slice(-14));
    expect(lease!.commands[1]!.argv[4]).toContain('the server that should answer: dnsmasq on br-c@hostA VLAN 10 (10.50.0.1)');
    // The Linux driver leaves the leased address alone: no `ip addr add dhcp`.
    const all = planSteps(await makePlan(front, { mode: 'apply', offline: true, project: 'p1' })).flatMap((s) => s.commands.map((c) => c.argv.join(' ')));
    expect(all.some((c) => / dhcp( |$)/.test(c) && c.includes('addr add'))).toBe(false);
  });

  it('names interfaces within 13 bytes, with a hash when the plain name is too long', () => {
    expect(serverIface('br-c', 10)).toBe('dh10-br-c');
    const long = serverIface('br-tenant-long', 4000);
    expect(long).toMatch(/^dh[0-9a-f]{8}$/);
    expect(serverIface('br-tenant-long', 4001)).not.toBe(long);
  });
});

describe('DHCP driver, reading a host', () => {
  it('reads servers from the probe: argv, addresses, bridge and tag; a dead pid has no argv', () => {
    const out = ['server dh10-br-c 4242', 'arg dnsmasq', 'arg --interface=dh10-br-c', 'addr 10.50.0.1/24', 'ovs br-c 10', 'server dh0-br-lx 99', 'master br-lx', ''].join('\n');
    const s = parseServers(out);
    expect(s.get('dh10-br-c')).toEqual({ iface: 'dh10-br-c', pid: 4242, argv: ['dnsmasq', '--interface=dh10-br-c'], addresses: ['10.50.0.1/24'], bridge: 'br-c', vid: 10 });
    expect(s.get('dh0-br-lx')).toEqual({ iface: 'dh0-br-lx', pid: 99, addresses: [], bridge: 'br-lx' });
    expect(parseServers('server dh0-x 1\novs br-x []\n').get('dh0-x')?.vid).toBe(0);
  });

  it('reads a lease, leaving link-local addresses out', () => {
    expect(parseAddresses('2: eth0    inet 10.50.0.124/24 brd 10.50.0.255 scope global eth0\\       valid_lft forever\n')).toEqual(['10.50.0.124/24']);
    expect(parseAddresses('2: eth0    inet 169.254.3.4/16 scope link eth0\n')).toEqual([]);
  });
});

describe('DHCP in the graph and the shell', () => {
  it('draws a server node on its bridge, labelled with its VLAN, and lists servers in show dhcp', async () => {
    const { topologyOf } = await import('../../../src/graph/topology.js');
    const { showTable } = await import('../../../src/repl/show.js');
    const front = check(SCRIPT);
    const t = topologyOf(front.model);
    const node = t.nodes.find((n) => n.kind === 'dhcp' && n.host === 'hostA' && n.label[0] === 'dhcp 10.50.0.1/24');
    expect(node?.label).toEqual(['dhcp 10.50.0.1/24', 'range 10.50.0.100-10.50.0.150']);
    expect(t.edges.find((e) => e.from === node!.id)).toEqual({ from: node!.id, to: 'br_hostA_br_2d_c', label: 'VLAN 10' });
    expect(showTable(front.model, 'dhcp')).toBe(
      [
        '  HOST   BRIDGE  VLAN      ADDRESS       RANGE                    GATEWAY      DNS  LEASE',
        '  hostA  br-c    10        10.50.0.1/24  10.50.0.100-10.50.0.150  10.50.0.254  -    3600',
        '  hostA  br-lx   untagged  10.60.0.1/24  10.60.0.10-10.60.0.20    -            -    43200',
        '',
      ].join('\n'),
    );
  });
});

describe('DHCP driver, a host without the programs', () => {
  it('reports VN201 naming dnsmasq-base and busybox-static where they are missing', async () => {
    const { dhcpBackend } = await import('../../../src/backends/dhcp/index.js');
    const front = check(SCRIPT);
    const view = (name: string) => ({ name, host: front.model.hosts.get(name)!, model: front.model, datapath: 'system' as const, project: 'p1' });
    const none = new Map([['dhcp.tools', { code: 0, stdout: '', stderr: '' }], ['dhcp.servers', { code: 0, stdout: '', stderr: '' }]]);
    const [a] = dhcpBackend.read(view('hostA'), none).diagnostics!;
    expect(a).toMatchObject({ code: 'VN201', message: 'hostA has no dnsmasq (vsh runs dnsmasq as the DHCP server)', hint: 'install it there: apt-get install dnsmasq-base' });
    const [b] = dhcpBackend.read(view('hostB'), none).diagnostics!;
    expect(b).toMatchObject({ code: 'VN201', hint: 'install it there: apt-get install busybox-static' });
    const both = new Map([...none, ['dhcp.tools', { code: 0, stdout: 'dnsmasq\nbusybox\n', stderr: '' }]]);
    expect(dhcpBackend.read(view('hostA'), both).diagnostics).toEqual([]);
  });
});
