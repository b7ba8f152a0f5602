/**
 * `show live bridges|ports|namespaces|routes`: what the hosts have NOW (like `virsh
 * net-list` or `nmstatectl show`), not what the model declares. Each host is read once,
 * with the planner's own probes and drivers' read functions (Linux links, OVSDB), plus
 * the namespace list and routing tables; hosts in parallel.
 */
import type { HostView } from '../backends/backend.js';
import { linuxBackend, type LinuxState } from '../backends/linux/index.js';
import type { LinkState } from '../backends/linux/state.js';
import { isVshLink } from '../backends/ownership.js';
import { ovsBackend, type OvsState } from '../backends/ovs/index.js';
import { readHost } from '../backends/read-host.js';
import type { CommandResult } from '../exec/command.js';
import type { Model } from '../lang/model.js';
import { table, type LiveTopic } from '../repl/show.js';
import type { ExecutorOf } from './probe.js';

export type { LiveTopic } from '../repl/show.js';

const NETNS = 'live.netns';
const ROUTES = 'live.routes';

interface LiveHost {
  host: string;
  linux: LinuxState;
  ovs: OvsState;
  netns: string[];
  routes: string[];
}

/** One host read with the drivers' probes; its namespaces' links are read too (the model's, and every other listed). */
async function readLive(model: Model, host: string, executorOf: ExecutorOf): Promise<LiveHost> {
  const view: HostView = { name: host, host: model.hosts.get(host)!, model, datapath: model.hosts.get(host)!.datapath?.value ?? 'system' };
  const probes = [
    ...linuxBackend.probes(view),
    ...ovsBackend.probes(view),
    { id: NETNS, command: { argv: ['ip', '-json', 'netns', 'list'] } },
    { id: ROUTES, command: { argv: ['ip', 'route', 'show'] } },
  ];
  const out = await readHost(executorOf(host), probes);
  const lines = (r: CommandResult | undefined) => (r?.code === 0 ? r.stdout.split('\n').filter((l) => l.trim()) : []);
  let netns: string[] = [];
  try {
    netns = (JSON.parse(out.get(NETNS)?.stdout || '[]') as { name: string }[]).map((n) => n.name);
  } catch {
    netns = [];
  }
  return { host, linux: linuxBackend.read(view, out).state, ovs: ovsBackend.read(view, out).state, netns, routes: lines(out.get(ROUTES)) };
}

const dash = (v: string | number | undefined) => (v === undefined || v === '' ? '-' : String(v));
/** The project a link's `vsh:PROJECT` alias names (`vsh` alone: made before projects). */
const mark = (alias: string | undefined) => (isVshLink(alias) ? alias!.replace(/^vsh:?/, '') || 'vsh' : '-');

function bridgeRows(h: LiveHost): string[][] {
  const rows: string[][] = [];
  for (const b of h.ovs.bridges.values()) {
    const own = h.ovs.ifaces.get(b.name);
    rows.push([h.host, b.name, 'ovs', String(b.ports.filter((p) => p !== b.name).length), dash(h.linux.links.get(b.name)?.addresses.join(',')), dash(b.values.get('datapath_type') ?? 'system'), dash(b.values.get('external_ids:vsh')), own?.error ? `error: ${own.error}` : '']);
  }
  for (const l of h.linux.links.values()) {
    if (l.kind !== 'bridge') continue;
    const ports = [...h.linux.links.values()].filter((p) => p.master === l.name).length;
    rows.push([h.host, l.name, 'linux', String(ports), dash(l.addresses.join(',')), l.up ? 'up' : 'down', mark(l.alias), '']);
  }
  return rows;
}

function portRows(h: LiveHost): string[][] {
  const rows: string[][] = [];
  for (const p of h.ovs.ports.values()) {
    if (p.name === p.bridge) continue; // a bridge's own internal port
    const tag = p.values.get('tag');
    const trunks = p.values.get('trunks');
    const vlan = [tag && `tag ${tag}`, trunks && `trunks ${trunks}`].filter(Boolean).join(', ');
    const iface = h.ovs.ifaces.get(p.ifaces[0] ?? p.name);
    const type = p.ifaces.length > 1 ? `bond(${p.ifaces.join(',')})` : (iface?.values.get('type') ?? 'system');
    const state = iface?.error ? `error: ${iface.error}` : iface?.ofport === -1 ? 'not opened' : (h.linux.links.get(p.name)?.up ?? true) ? 'up' : 'down';
    rows.push([h.host, p.bridge, p.name, type, dash(vlan), dash(h.linux.links.get(p.name)?.peer), state]);
  }
  const bridges = new Set([...h.linux.links.values()].filter((l) => l.kind === 'bridge').map((l) => l.name));
  for (const l of h.linux.links.values()) {
    if (!l.master || !bridges.has(l.master)) continue;
    rows.push([h.host, l.master, l.name, dash(l.kind ?? 'nic'), '-', dash(l.peer), l.up ? 'up' : 'down']);
  }
  return rows;
}

function namespaceRows(h: LiveHost): string[][] {
  return h.netns.map((ns) => {
    const links = h.linux.namespaces.get(ns);
    const shown = links ? [...links.values()].filter((l: LinkState) => l.name !== 'lo') : undefined;
    return [h.host, ns, shown ? dash(shown.map((l) => l.name).join(',')) : '(not in the model)', shown ? dash(shown.flatMap((l) => l.addresses).join(',')) : '-'];
  });
}

const routeRows = (h: LiveHost): string[][] => h.routes.map((r) => [h.host, r]);

const TABLES = {
  bridges: { header: ['HOST', 'BRIDGE', 'KIND', 'PORTS', 'ADDRESS', 'DATAPATH/STATE', 'VSH', 'NOTE'], rows: bridgeRows },
  ports: { header: ['HOST', 'BRIDGE', 'PORT', 'TYPE', 'VLAN', 'PEER', 'STATE'], rows: portRows },
  namespaces: { header: ['HOST', 'NAMESPACE', 'LINKS', 'ADDRESSES'], rows: namespaceRows },
  routes: { header: ['HOST', 'ROUTE (root namespace)'], rows: routeRows },
} as const;

/** The live table of `topic` over every declared host (a host that cannot be read is named under the table). */
export async function showLive(model: Model, executorOf: ExecutorOf, topic: LiveTopic): Promise<string> {
  if (model.hosts.size === 0) return 'no hosts declared: load the inventory first (load lab/hosts.vnet)\n';
  const reads = await Promise.all([...model.hosts.keys()].map((h) => readLive(model, h, executorOf).catch((err: unknown) => `${h}: could not read: ${(err as Error).message}`)));
  const t = TABLES[topic];
  const rows = reads.flatMap((r) => (typeof r === 'string' ? [] : t.rows(r)));
  const failed = reads.filter((r): r is string => typeof r === 'string');
  const body = rows.length ? table([[...t.header], ...rows]) : `no ${topic} on ${failed.length ? 'the hosts read' : 'the hosts'}\n`;
  return body + failed.map((f) => `  ${f}\n`).join('');
}
