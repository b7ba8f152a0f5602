/**
 * The model on one host → the DHCP servers and clients vsh runs there: for a server its
 * interface on the bridge and the exact dnsmasq argv (the argv is what plan compares with
 * /proc/PID/cmdline, so any changed option restarts the server); for a client the
 * endpoint, its interface, its segment and the servers that should answer it.
 */
import type { DhcpStmt } from '../../lang/ast.js';
import { dhcpClients, portVid, segmentLabel, serversBySegment } from '../../lang/checks/dhcp-segments.js';
import type { Span } from '../../lang/diagnostics.js';
import { formatIpv4, netmask, parseCidr, parseRange } from '../../lang/ip.js';
import { hostKey, type Model } from '../../lang/model.js';
import { Segments, tunnelEdges } from '../../lang/segments.js';
import { DEFAULT_LEASE } from '../../kinds/dhcp.js';
import type { HostView } from '../backend.js';
import { endpointOf, type Endpoint } from './endpoint.js';
import { dhcpDir, serverFile, serverIface } from './paths.js';

export interface WantServer {
  iface: string;
  bridge: string;
  /** How the bridge is made: an OVS internal port, or a veth on a Linux bridge. */
  bridgeKind: 'ovs' | 'linux';
  vid: number;
  address: string;
  argv: string[];
  label: string;
  span: Span;
  stmt: DhcpStmt;
  /** The Linux bridge's MTU, given to the server's veth. */
  mtu?: number;
}

export interface WantClient {
  endpoint: Endpoint;
  iface: string;
  port: string;
  /** `br-c@hostB VLAN 10`. */
  segment: string;
  /** The servers on that segment, for the message when no lease comes: `br-c@hostA VLAN 10 (10.50.0.1)`. */
  servers: string[];
  span: Span;
}

export interface Want {
  dir: string;
  servers: WantServer[];
  clients: WantClient[];
}

/** The dnsmasq argv of a server: DHCP only (`--port=0`), on its one interface, its files in `dir`. */
export function dnsmasqArgv(s: DhcpStmt, iface: string, dir: string): string[] {
  const c = parseCidr(s.address.value);
  const r = parseRange(s.range.value);
  const mask = netmask(c?.prefix ?? 24);
  const range = r ? `${formatIpv4(r[0])},${formatIpv4(r[1])}` : s.range.value.replace('-', ',');
  return [
    'dnsmasq',
    // Not /etc/dnsmasq.conf: the server is exactly what the script says.
    '--conf-file=/dev/null',
    `--interface=${iface}`,
    '--bind-interfaces',
    '--except-interface=lo',
    '--port=0',
    `--dhcp-range=${range},${mask},${s.lease?.value ?? DEFAULT_LEASE}`,
    // Without gateway/dns dnsmasq would offer itself as router and DNS server: an empty option offers none.
    `--dhcp-option=3${s.gateway ? `,${s.gateway.value}` : ''}`,
    `--dhcp-option=6${s.dns ? `,${s.dns.value}` : ''}`,
    // The one server of its segment (VN163): answer a client's REQUEST for a lease it does not know (after a restart) at once.
    '--dhcp-authoritative',
    `--pid-file=${serverFile(dir, iface, 'pid')}`,
    `--dhcp-leasefile=${serverFile(dir, iface, 'leases')}`,
    `--log-facility=${serverFile(dir, iface, 'log')}`,
    '--log-dhcp',
  ];
}

function clientsOn(view: HostView, model: Model): WantClient[] {
  const mine = dhcpClients(model.ports).filter((p) => p.host === view.name);
  if (mine.length === 0) return [];
  const segments = new Segments(tunnelEdges(model.tunnels));
  const servers = serversBySegment(segments, model.dhcps);
  return mine.map((p) => {
    const vid = portVid(p);
    const peer = p.stmt.peer!;
    const on = servers.get(segments.id(hostKey(p.host, p.bridge), vid)) ?? [];
    return {
      endpoint: endpointOf(peer.ns.value),
      iface: peer.iface.value,
      port: p.name,
      segment: segmentLabel(p.host, p.bridge, vid),
      servers: on.map((s) => `${segmentLabel(s.host, s.bridge, s.vid)} (${s.stmt.address.value.split('/')[0]})`),
      span: p.stmt.span,
    };
  });
}

/** What the DHCP driver wants on this host. */
export function desiredFor(view: HostView): Want {
  const { model } = view;
  const dir = dhcpDir(view.project);
  const servers = model.dhcps
    .filter((d) => d.host === view.name)
    .map((d): WantServer => {
      const iface = serverIface(d.bridge, d.vid);
      const bridge = model.bridges.get(hostKey(d.host, d.bridge));
      const bridgeKind = bridge?.kind === 'linux' ? 'linux' : 'ovs';
      const mtu = bridgeKind === 'linux' ? bridge?.stmt.mtu?.value : undefined;
      return {
        iface,
        bridge: d.bridge,
        bridgeKind,
        vid: d.vid,
        address: d.stmt.address.value,
        argv: dnsmasqArgv(d.stmt, iface, dir),
        label: `dhcp server on ${segmentLabel(d.host, d.bridge, d.vid)}`,
        span: d.stmt.span,
        stmt: d.stmt,
        ...(mtu ? { mtu } : {}),
      };
    });
  return { dir, servers, clients: clientsOn(view, model) };
}
