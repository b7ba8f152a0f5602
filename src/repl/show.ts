/**
 * `show hosts|bridges|ports|tunnels|networks|containers|dhcp|links|routes|flows|logical|ir`: the session's model as aligned tables
 * (what is declared, where, with the settings that matter), or as plain JSON per host.
 */
import type { Model } from '../lang/model.js';
import { expandVlans, formatVlans } from '../lang/vlans.js';
import { commandLine } from '../exec/command.js';
import { DEFAULT_LEASE } from '../kinds/dhcp.js';

export const SHOW_TOPICS = ['hosts', 'bridges', 'ports', 'tunnels', 'networks', 'staged', 'ir', 'containers', 'dhcp', 'links', 'routes', 'flows', 'logical'] as const;
export type ShowTopic = (typeof SHOW_TOPICS)[number];

/** `show live TOPIC`: read from the hosts now (src/commands/show-live.ts), not from the model. */
export const LIVE_TOPICS = ['bridges', 'ports', 'namespaces', 'routes'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

/** Rows as columns padded to the widest cell; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => rows.reduce((m, r) => Math.max(m, (r[i] ?? '').length), 0));
  return rows.map((r) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

const dash = (v: unknown): string => (v === undefined || v === '' ? '-' : String(v));

function hosts(m: Model): string[][] {
  return [...m.hosts.values()].map((h) => [
    h.name.value,
    h.local ? 'local' : `ssh ${h.user ? `${h.user.value}@` : ''}${h.address?.value ?? h.name.value}${h.port ? `:${h.port.value}` : ''}${h.jump ? ` via ${h.jump.value}` : ''}`,
    dash(h.underlay?.value ?? h.address?.value),
    h.datapath?.value ?? 'system',
  ]);
}

function bridges(m: Model): string[][] {
  return [...m.bridges.values()].map((b) => [b.host, b.name, b.kind, dash(b.stmt.mtu?.value), dash(b.stmt.address?.value), dash(b.stmt.uplink?.value), dash(b.stmt.stp?.value)]);
}

function ports(m: Model): string[][] {
  return m.ports.map((p) => {
    const s = p.stmt;
    const trunk = s.trunk && formatVlans(expandVlans(s.trunk.value));
    const vlan = s.tag && trunk ? `native ${s.tag.value}, trunk ${trunk}` : trunk ? `trunk ${trunk}` : s.tag ? `access ${s.tag.value}` : '-';
    return [p.host, p.bridge, p.name, p.type, vlan, dash(s.peer && `${s.peer.ns.value}:${s.peer.iface.value}`), dash(s.address?.value)];
  });
}

function tunnels(m: Model): string[][] {
  return m.tunnels.map((t) => [
    t.type,
    `${t.ends[0].bridge}@${t.ends[0].host}`,
    `${t.ends[1].bridge}@${t.ends[1].host}`,
    `${t.ends[0].portName}, ${t.ends[1].portName}`,
    dash(t.key),
    t.stmt.trunk ? formatVlans(expandVlans(t.stmt.trunk.value)) : 'all',
  ]);
}

function links(m: Model): string[][] {
  return m.links.map((l) => [l.host, l.ends[0].bridge, l.ends[1].bridge, l.via, `${l.ends[0].portName}, ${l.ends[1].portName}`]);
}

/** Routes, then NAT rules: where each lives (a namespace or the host itself) and what it does. */
function routes(m: Model): string[][] {
  return [
    ...m.routes.map((r) => [r.host, r.ns ?? '(host)', 'route', `${r.dest} via ${r.stmt.via.value}${r.stmt.dev ? ` dev ${r.stmt.dev.value}` : ''}`]),
    ...m.nats.map((n) => [n.host, n.ns, 'nat', `masquerade out ${n.stmt.out.value}${n.stmt.source ? ` from ${n.stmt.source.value}` : ''}`]),
  ];
}

/** OpenFlow rules in the order OVS matches them: per bridge, by table, then highest priority first. */
function flows(m: Model): string[][] {
  return [...m.flows]
    .sort((a, b) => a.host.localeCompare(b.host) || a.bridge.localeCompare(b.bridge) || a.table - b.table || b.priority - a.priority)
    .map((f) => [f.host, f.bridge, String(f.table), String(f.priority), f.match || '(any)', f.actions]);
}

function networks(m: Model): string[][] {
  return [...m.networks.values()].map((n) => {
    const s = n.stmt;
    const groups = m.portgroups
      .filter((g) => g.host === n.host && g.network === n.name)
      .map((g) => `${g.name}${g.stmt.tag ? `(${g.stmt.tag.value})` : g.stmt.trunk ? `(${formatVlans(expandVlans(g.stmt.trunk.value))})` : ''}${g.stmt.default ? '*' : ''}`);
    return [n.host, n.name, s.mode.value, dash(s.bridge?.value ?? s.dev?.value), dash(s.subnet?.value), dash(s.dhcp?.value), dash(groups.join(' '))];
  });
}

function containers(m: Model): string[][] {
  return [...m.containers.values()].map((c) => {
    const plugs = m.ports.filter((p) => p.host === c.host && p.stmt.peer?.ns.value === c.name).map((p) => `${p.stmt.peer!.iface.value}${p.stmt.address ? ` ${p.stmt.address.value}` : ''} (${p.name} on ${p.bridge})`);
    return [c.host, c.name, c.runtime, c.image, c.argv.length ? commandLine(c.argv) : '-', plugs.join(', ') || '-'];
  });
}

function dhcpServers(m: Model): string[][] {
  return m.dhcps.map((d) => {
    const s = d.stmt;
    return [d.host, d.bridge, d.vid ? String(d.vid) : 'untagged', s.address.value, s.range.value, dash(s.gateway?.value), dash(s.dns?.value), String(s.lease?.value ?? DEFAULT_LEASE)];
  });
}

/** The OVN logical topology, one row per statement: what it is, where it hangs, where it runs, its addresses. */
function logical(m: Model): string[][] {
  const o = m.ovn;
  return [
    ...(o.central ? [['central', '-', '-', o.central.host, '-']] : []),
    ...[...o.chassis.values()].map((c) => ['chassis', '-', '-', c.host.value, dash(c.mappings.map((x) => `${x.key.value}:${x.value.value}`).join(','))]),
    ...[...o.switches.values()].map((s) => ['switch', s.name.value, '-', '-', dash(s.subnet?.value)]),
    ...[...o.routers.values()].map((r) => ['router', r.name.value, '-', '-', '-']),
    ...o.ports.map((p) => ['port', p.name.value, p.switch.value, p.host.value, p.mac ? `${p.mac.value} ${p.ip!.value}` : p.dynamic ? 'dynamic' : '-']),
    ...o.links.map((l) => ['link', `${l.router.value}-${l.switch.value}`, `${l.router.value} to ${l.switch.value}`, '-', l.address.value]),
    ...o.uplinks.map((u) => ['uplink', `${u.router.value}-ext${u.vlan.value}`, `${u.network.value} VLAN ${u.vlan.value}`, u.chassis.value, `${u.address.value}${u.gateway ? ` gw ${u.gateway.value}` : ''}`]),
    ...o.routes.map((r) => ['route', r.dest.value, r.router.value, '-', `via ${r.via.value}`]),
  ];
}

const TABLES = {
  hosts: { header: ['HOST', 'REACHED', 'UNDERLAY', 'DATAPATH'], rows: hosts },
  bridges: { header: ['HOST', 'BRIDGE', 'KIND', 'MTU', 'ADDRESS', 'UPLINK', 'STP'], rows: bridges },
  ports: { header: ['HOST', 'BRIDGE', 'PORT', 'TYPE', 'VLAN', 'PEER', 'ADDRESS'], rows: ports },
  tunnels: { header: ['TYPE', 'END A', 'END B', 'PORTS', 'KEY', 'VLANS'], rows: tunnels },
  networks: { header: ['HOST', 'NETWORK', 'MODE', 'BRIDGE/DEV', 'SUBNET', 'DHCP', 'PORTGROUPS'], rows: networks },
  containers: { header: ['HOST', 'CONTAINER', 'RUNTIME', 'IMAGE', 'COMMAND', 'NICS'], rows: containers },
  dhcp: { header: ['HOST', 'BRIDGE', 'VLAN', 'ADDRESS', 'RANGE', 'GATEWAY', 'DNS', 'LEASE'], rows: dhcpServers },
  links: { header: ['HOST', 'BRIDGE A', 'BRIDGE B', 'VIA', 'PORTS'], rows: links },
  routes: { header: ['HOST', 'IN', 'KIND', 'WHAT'], rows: routes },
  flows: { header: ['HOST', 'BRIDGE', 'TABLE', 'PRIORITY', 'MATCH', 'ACTIONS'], rows: flows },
  logical: { header: ['LOGICAL', 'NAME', 'ON', 'HOST/CHASSIS', 'ADDRESS'], rows: logical },
} as const;

/** One table of the model, or a line saying there is nothing of that kind. */
export function showTable(model: Model, what: keyof typeof TABLES): string {
  const t = TABLES[what];
  const rows = t.rows(model);
  return rows.length === 0 ? `no ${what} declared\n` : table([[...t.header], ...rows]);
}

/** A value without source positions, `{value, span}` unwrapped. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return [...v.values()].map(plain);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('value' in o && 'span' in o) return plain(o.value);
    return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'span' && k !== 'optionSpans').map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** The model per host as JSON: each object's resolved place plus its options, without spans. */
export function showIr(model: Model): string {
  const perHost: Record<string, Record<string, unknown[]>> = {};
  for (const [name, h] of model.hosts) perHost[name] = { host: [plain(h)] };
  for (const [key, coll] of Object.entries(model)) {
    if (key === 'hosts' || key === 'context' || key === 'tunnels' || key === 'ovn') continue;
    for (const obj of coll instanceof Map ? coll.values() : (coll as unknown[])) {
      const { stmt, host, ...place } = obj as { stmt: object; host: string };
      const { kind: _kind, ...options } = plain(stmt) as Record<string, unknown>;
      ((perHost[host] ??= {})[key] ??= []).push({ ...(plain(place) as object), ...options });
    }
  }
  const tunnels = model.tunnels.map((t) => ({ type: t.type, ends: t.ends.map((e) => ({ host: e.host, bridge: e.bridge, port: e.portName })), key: t.key, trunk: plain(t.stmt.trunk) }));
  // The logical topology lives on no one host (the central holds it).
  return JSON.stringify({ hosts: perHost, tunnels, ovn: plain(model.ovn), context: model.context }, null, 2) + '\n';
}
