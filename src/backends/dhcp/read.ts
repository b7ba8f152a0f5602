/**
 * Reading a host's DHCP servers and leases. A project's servers are the pid files in its
 * directory: for each, whether that pid is a live dnsmasq and with which argv
 * (/proc/PID/cmdline), and how its interface is (address; OVS bridge and tag, or the
 * Linux bridge its veth end is enslaved to). A client's lease is the IPv4 address its
 * interface has inside the endpoint. All in the one read round trip of the host.
 */
import type { Probe, ProbeOutputs } from '../backend.js';
import { endpointLabel, inEndpoint } from './endpoint.js';
import type { Want, WantClient } from './desired.js';

/** A server as read back. */
export interface HaveServer {
  iface: string;
  pid?: number;
  /** The argv of the live dnsmasq with that pid; undefined when it is not running. */
  argv?: string[];
  addresses: string[];
  /** The OVS bridge of its port, or the Linux bridge of its veth end. */
  bridge?: string;
  /** The port's OVS tag (0: none). */
  vid?: number;
}

export interface DhcpState {
  /** False when planning offline: nothing was read. */
  read: boolean;
  servers: Map<string, HaveServer>;
  /** Leased IPv4 addresses per client (`NS:IF`). */
  leases: Map<string, string[]>;
  /** Programs present on the host, from `command -v`. */
  tools: Set<string>;
}

export const PROBE = {
  servers: 'dhcp.servers',
  tools: 'dhcp.tools',
  client: (c: WantClient) => `dhcp.client.${endpointLabel(c.endpoint, c.iface)}`,
};

/**
 * Lists the servers of the directory given as $1. Constant text: the directory is an
 * argument, never part of the script. A pid is believed only if /proc says it is dnsmasq.
 */
const SERVERS_SCRIPT = [
  'cd "$1" 2>/dev/null || exit 0',
  'for f in dh*.pid; do',
  '  [ -e "$f" ] || continue',
  '  n=${f%.pid}; p=$(cat "$f" 2>/dev/null)',
  '  echo "server $n $p"',
  '  if [ -n "$p" ] && [ "$(cat /proc/$p/comm 2>/dev/null)" = dnsmasq ]; then tr "\\0" "\\n" < /proc/$p/cmdline | sed "s/^/arg /"; fi',
  '  ip -4 -o addr show dev "$n" 2>/dev/null | while read -r _ _ _ a _; do echo "addr $a"; done',
  '  if [ -e "/sys/class/net/$n-b/master" ]; then m=$(readlink "/sys/class/net/$n-b/master"); echo "master ${m##*/}"; fi',
  '  if command -v ovs-vsctl >/dev/null 2>&1 && b=$(ovs-vsctl --timeout=5 port-to-br "$n" 2>/dev/null); then echo "ovs $b $(ovs-vsctl --timeout=5 get Port "$n" tag)"; fi',
  'done',
].join('\n');

/** The probes of a host: its servers (always: a project's servers no longer declared are removed), tools, each client's address. */
export function dhcpProbes(want: Want): Probe[] {
  const probes: Probe[] = [{ id: PROBE.servers, command: { argv: ['sh', '-c', SERVERS_SCRIPT, 'sh', want.dir] } }];
  if (want.servers.length > 0 || want.clients.length > 0) {
    probes.push({ id: PROBE.tools, command: { argv: ['sh', '-c', 'for t in dnsmasq busybox; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; true'] } });
  }
  for (const c of want.clients) probes.push({ id: PROBE.client(c), command: { argv: [...inEndpoint(c.endpoint), 'ip', '-4', '-o', 'addr', 'show', 'dev', c.iface] } });
  return probes;
}

/** The servers script's output → servers by interface. */
export function parseServers(text: string): Map<string, HaveServer> {
  const out = new Map<string, HaveServer>();
  let cur: HaveServer | undefined;
  for (const line of text.split('\n')) {
    const [word, ...rest] = line.split(' ');
    if (word === 'server' && rest[0]) {
      const pid = Number(rest[1]);
      cur = { iface: rest[0], addresses: [], ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}) };
      out.set(cur.iface, cur);
    } else if (!cur) continue;
    else if (word === 'arg') (cur.argv ??= []).push(line.slice(4));
    else if (word === 'addr' && rest[0]) cur.addresses.push(rest[0]);
    else if (word === 'master' && rest[0]) cur.bridge = rest[0];
    else if (word === 'ovs' && rest[0]) {
      cur.bridge = rest[0];
      const tag = Number(rest[1]);
      cur.vid = Number.isInteger(tag) ? tag : 0; // `[]`: no tag
    }
  }
  return out;
}

/** `ip -4 -o addr show dev IF` → its addresses (A.B.C.D/LEN), link-local ones left out. */
export function parseAddresses(text: string): string[] {
  return [...text.matchAll(/\binet (\d+\.\d+\.\d+\.\d+\/\d+)/g)].map((m) => m[1]!).filter((a) => !a.startsWith('169.254.'));
}

export function readDhcp(want: Want, outputs: ProbeOutputs): DhcpState {
  const state: DhcpState = { read: outputs !== undefined, servers: new Map(), leases: new Map(), tools: new Set() };
  if (!outputs) return state;
  const servers = outputs.get(PROBE.servers);
  if (servers?.code === 0) state.servers = parseServers(servers.stdout);
  const tools = outputs.get(PROBE.tools);
  if (tools?.code === 0) for (const t of tools.stdout.split('\n').filter(Boolean)) state.tools.add(t);
  for (const c of want.clients) {
    const r = outputs.get(PROBE.client(c));
    if (r?.code === 0) state.leases.set(endpointLabel(c.endpoint, c.iface), parseAddresses(r.stdout));
  }
  return state;
}
