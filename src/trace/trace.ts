/**
 * `vsh trace`: where a packet from a namespace to an IPv4 address goes, hop by hop across
 * hosts, and why. The packet is built from the live host (the namespace's MAC, and the
 * destination's MAC from its neighbour table when known), traced through the endpoint's
 * OVS bridge with `ovs-appctl ofproto/trace`, and when it leaves by a tunnel the trace
 * carries on at the far host's bridge with the tunnel metadata (tun_id, tun_src, tun_dst)
 * and in_port = that host's tunnel port. Rules with the project's cookie are mapped back
 * to their `flow` line. Linux bridges are explained from the model, not traced.
 * Each host costs one or two round trips (readHost runs several commands in one).
 */
import type { Executor } from '../exec/executor.js';
import type { HostStmt } from '../lang/ast.js';
import { underlayAddress } from '../lang/checks/tunnel-underlay.js';
import { hostKey, type FlowObj, type Model, type PortObj } from '../lang/model.js';
import { flowCookie, PROJECT_MASK, projectCookie } from '../backends/ovs/flow-cookie.js';
import { readHost } from '../backends/read-host.js';
import { parseDpifShow, parseOfprotoTrace, type DpPort, type RuleHit } from './ofproto-trace.js';

export type TraceProto = 'icmp' | 'tcp' | 'udp';

export interface TraceRequest {
  ns: string;
  host?: string;
  to: string;
  proto: TraceProto;
  port?: number;
}

/** Whose rule a hit is. */
export type RuleOwner =
  | { kind: 'model'; file: string; line: number; text: string }
  | { kind: 'bridge-default' } // priority 0, match-all, NORMAL: the bridge's own flow
  | { kind: 'other-project' }
  | { kind: 'foreign' }
  | { kind: 'miss' };

export interface TracedRule extends RuleHit {
  owner: RuleOwner;
}

export type Outcome =
  | { kind: 'delivered'; ports: { name: string; ns?: string; host: string }[] }
  | { kind: 'tunnel'; port?: string; type?: string; remote: string; key?: number; nextHost?: string }
  | { kind: 'dropped'; rule?: TracedRule; why: string }
  | { kind: 'not-traced'; why: string };

export interface TraceHop {
  host: string;
  bridge: string;
  bridgeKind: 'ovs' | 'linux';
  inPort: string;
  /** The VLAN inside the bridge, said in words. */
  vlan: string;
  rules: TracedRule[];
  outcomes: Outcome[];
  /** The command that traced this hop (for people to re-run). */
  command?: string[];
}

export interface TraceResult {
  packet: { proto: TraceProto; srcIp: string; dstIp: string; srcMac?: string; dstMac?: string; port?: number; from: string };
  notes: string[];
  hops: TraceHop[];
  /** How long the hosts took, connections included (the CLI's --json sets it). */
  ms?: number;
}

/** What the trace needs from the CLI or the shell. */
export interface TraceContext {
  model: Model;
  project?: string;
  sources: ReadonlyMap<string, string>;
  executorFor(name: string, host: HostStmt): Executor | undefined;
}

export class TraceError extends Error {}

const ip = (cidr: string | undefined) => cidr?.split('/')[0];

/** The port that gives namespace `ns` on `host` its NIC (a veth whose peer is in it). */
function endpointPort(model: Model, ns: string, host: string): PortObj | undefined {
  return model.ports.find((p) => p.host === host && p.stmt.peer?.ns.value === ns);
}

function ownerOf(ctx: TraceContext, host: string, bridge: string, r: RuleHit, byCookie: Map<bigint, FlowObj>): RuleOwner {
  if (r.priority === undefined) return { kind: 'miss' };
  const cookie = r.cookie ?? 0n;
  const f = byCookie.get(cookie);
  if (f) {
    const line = f.stmt.span.line;
    const text = ctx.sources.get(f.stmt.span.file)?.split('\n')[line - 1]?.trim() ?? '';
    return { kind: 'model', file: f.stmt.span.file, line, text };
  }
  if (cookie === 0n && r.priority === 0 && (r.match ?? '') === '') return { kind: 'bridge-default' };
  if (cookie !== 0n && (cookie & PROJECT_MASK) !== projectCookie(ctx.project) && (cookie & 0xffffffffn) !== 0n) return { kind: 'other-project' };
  return { kind: 'foreign' };
}

/** The flow string ofproto/trace reads for the packet entering `inPort`. */
export function flowString(p: TraceResult['packet'], inPort: string, extra: string[] = []): string {
  const l4 = p.proto === 'icmp' ? ['icmp_type=8', 'icmp_code=0'] : p.port !== undefined ? [`tp_src=40000`, `tp_dst=${p.port}`] : [];
  return [
    `in_port=${inPort}`,
    ...extra,
    p.proto,
    `dl_src=${p.srcMac ?? '02:00:00:00:00:01'}`,
    `dl_dst=${p.dstMac ?? 'ff:ff:ff:ff:ff:ff'}`,
    `nw_src=${p.srcIp}`,
    `nw_dst=${p.dstIp}`,
    'nw_ttl=64',
    ...l4,
  ].join(',');
}

/** Trace one packet; throws TraceError for what a person must fix (unknown namespace, unreachable host). */
export async function trace(ctx: TraceContext, req: TraceRequest): Promise<TraceResult> {
  const { model } = ctx;
  const host = req.host ?? [...model.namespaces.values()].find((n) => n.name === req.ns)?.host;
  if (!host || !model.namespaces.has(hostKey(host, req.ns))) throw new TraceError(`no namespace '${req.ns}'${req.host ? ` on ${req.host}` : ''} in the model`);
  const port = endpointPort(model, req.ns, host);
  if (!port) throw new TraceError(`namespace ${req.ns}@${host} has no port on a bridge (a 'port … peer ${req.ns}:IF') to trace from`);
  const srcIp = ip(port.stmt.address?.value);
  if (!srcIp) throw new TraceError(`port ${port.name} gives ${req.ns} no address: write 'address CIDR' on it`);
  const iface = port.stmt.peer!.iface.value;
  const packet: TraceResult['packet'] = { proto: req.proto, srcIp, dstIp: req.to, from: `${req.ns}@${host}`, ...(req.port !== undefined ? { port: req.port } : {}) };
  const notes: string[] = [];
  const hops: TraceHop[] = [];
  const bridgeKind = model.bridges.get(hostKey(host, port.bridge))?.kind ?? 'ovs';
  const exec0 = execOf(ctx, host);

  // Hosts a tunnel from this bridge may lead to: connect to them now, while the first hop
  // is traced (an SSH handshake is most of a hop's time), so a tunnel hop does not wait for it.
  for (const t of model.tunnels) {
    if (!t.ends.some((e) => e.host === host && e.bridge === port.bridge)) continue;
    for (const e of t.ends) if (e.host !== host) void preconnect(ctx, e.host);
  }

  // The endpoint as the host has it: its MAC, and what it knows of the destination's.
  const facts = await readHost(exec0, [
    { id: 'link', command: { argv: ['ip', '-n', req.ns, '-j', 'link', 'show', 'dev', iface] } },
    { id: 'neigh', command: { argv: ['ip', '-n', req.ns, '-j', 'neigh', 'show', 'to', req.to] } },
  ]);
  const link = jsonOf(facts.get('link')?.stdout)?.[0] as { address?: string } | undefined;
  if (link?.address) packet.srcMac = link.address;
  else notes.push(`could not read the MAC of ${iface} in ${req.ns}@${host}: traced with a made-up source MAC`);
  const neigh = (jsonOf(facts.get('neigh')?.stdout) ?? []) as { dst?: string; lladdr?: string }[];
  const known = neigh.find((n) => n.dst === req.to && n.lladdr);
  if (known?.lladdr) {
    packet.dstMac = known.lladdr;
    notes.push(`destination MAC ${known.lladdr}: from ${req.ns}'s neighbour (ARP) table`);
  } else {
    notes.push(`${req.ns} has no ARP entry for ${req.to}: traced with the broadcast MAC ff:ff:ff:ff:ff:ff, as the first ARP request would go (ping it once to trace the real unicast path)`);
  }

  if (bridgeKind === 'linux') {
    hops.push({ host, bridge: port.bridge, bridgeKind, inPort: port.name, vlan: vlanWords(port), rules: [], outcomes: [{ kind: 'not-traced', why: `${port.bridge} is a Linux bridge: it has no OpenFlow tables to trace. From the model: it forwards by learned MAC address${port.stmt.tag ? `, VLAN ${port.stmt.tag.value} on this port` : ''}` }] });
    return { packet, notes, hops };
  }

  // Hop by hop: trace on this bridge; follow a tunnel to the host whose underlay it reaches.
  let at = { host, bridge: port.bridge, inPort: port.name, extra: [] as string[], vlan: port.stmt.tag?.value };
  const seen = new Set<string>();
  for (let n = 0; n < 8; n++) {
    const key = `${at.host}/${at.bridge}/${at.inPort}`;
    if (seen.has(key)) break;
    seen.add(key);
    const exec = n === 0 ? exec0 : execOf(ctx, at.host);
    const flow = flowString(packet, at.inPort, [...at.extra, ...(n > 0 && at.vlan !== undefined ? [`dl_vlan=${at.vlan}`] : [])]);
    const argv = ['ovs-appctl', 'ofproto/trace', at.bridge, flow];
    const out = await readHost(exec, [
      { id: 'dpif', command: { argv: ['ovs-appctl', 'dpif/show'] } },
      { id: 'trace', command: { argv } },
    ]);
    const tr = out.get('trace');
    if (!tr || tr.code !== 0) throw new TraceError(`ofproto/trace failed on ${at.host}: ${(tr?.stderr ?? 'no answer').trim().split('\n').pop()}`);
    const parsed = parseOfprotoTrace(tr.stdout);
    const ports = parseDpifShow(out.get('dpif')?.stdout ?? '').filter((p) => p.bridge === at.bridge);
    const byCookie = new Map(model.flows.filter((f) => f.host === at.host && f.bridge === at.bridge).map((f) => [flowCookie(ctx.project, f), f]));
    const rules = parsed.rules.map((r) => ({ ...r, owner: ownerOf(ctx, at.host, at.bridge, r, byCookie) }));
    const inModel = model.ports.find((p) => p.host === at.host && p.name === at.inPort);
    const hop: TraceHop = { host: at.host, bridge: at.bridge, bridgeKind: 'ovs', inPort: at.inPort, vlan: n === 0 ? vlanWords(inModel) : at.vlan !== undefined ? `VLAN ${at.vlan} (tagged inside the tunnel)` : 'untagged', rules, outcomes: [], command: argv };
    hops.push(hop);
    if (parsed.dropped) {
      const last = [...rules].reverse().find((r) => r.actions.some((a) => /^drop$/i.test(a)) || r.priority === undefined) ?? rules.at(-1);
      const why = last?.priority === undefined ? `no rule matched in table ${last?.table ?? 0} (a table miss drops)` : last.actions.some((a) => /^drop$/i.test(a)) ? 'the rule says drop' : (last.actions.filter((a) => a.startsWith('->')).join('; ') || 'its actions output the packet nowhere');
      hop.outcomes.push({ kind: 'dropped', ...(last ? { rule: last } : {}), why });
      break;
    }
    const delivered = parsed.outputs.map((odp) => ports.find((p) => p.odp === odp)).filter((p): p is DpPort => p !== undefined);
    if (delivered.length > 0) hop.outcomes.push({ kind: 'delivered', ports: delivered.map((p) => ({ name: p.name, host: at.host, ...nsOf(model, at.host, p.name) })) });
    let next: typeof at | undefined;
    for (const t of parsed.tunnels) {
      const nextHost = [...model.hosts].find(([, h]) => underlayAddress(h)?.value === t.remote)?.[0];
      const tunnel = model.tunnels.find((x) => x.ends.some((e) => e.host === at.host && e.bridge === at.bridge) && x.ends.some((e) => e.host === nextHost));
      const mine = tunnel?.ends.find((e) => e.host === at.host);
      const far = tunnel?.ends.find((e) => e.host === nextHost);
      hop.outcomes.push({ kind: 'tunnel', remote: t.remote, ...(mine ? { port: mine.portName } : {}), ...(t.type ? { type: t.type } : {}), ...(t.key !== undefined ? { key: t.key } : {}), ...(nextHost ? { nextHost } : {}) });
      if (nextHost && far && !next) {
        const tun = [`tun_id=${t.key ?? tunnel?.key ?? 0}`, `tun_src=${t.local ?? ''}`, `tun_dst=${t.remote}`].filter((x) => !x.endsWith('='));
        next = { host: nextHost, bridge: far.bridge, inPort: far.portName, extra: tun, vlan: at.vlan };
      } else if (!nextHost) notes.push(`the tunnel to ${t.remote} leads to a host the model does not declare: not followed`);
    }
    if (!next) break;
    at = next;
  }
  return { packet, notes, hops };
}

/** Open a host's connection early; failures surface when the hop runs. */
async function preconnect(ctx: TraceContext, host: string): Promise<void> {
  try {
    await execOf(ctx, host).run({ argv: ['true'] });
  } catch {
    // The hop that needs the host reports it.
  }
}

function execOf(ctx: TraceContext, host: string): Executor {
  const h = ctx.model.hosts.get(host);
  const e = h ? ctx.executorFor(host, h) : undefined;
  if (!e) throw new TraceError(`cannot reach host '${host}'`);
  return e;
}

function jsonOf(text: string | undefined): unknown[] | undefined {
  try {
    const v = JSON.parse(text ?? '') as unknown;
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function nsOf(model: Model, host: string, port: string): { ns?: string } {
  const p = model.ports.find((x) => x.host === host && x.name === port);
  return p?.stmt.peer ? { ns: p.stmt.peer.ns.value } : {};
}

function vlanWords(p: PortObj | undefined): string {
  if (!p) return 'untagged';
  if (p.stmt.tag && !p.stmt.trunk) return `VLAN ${p.stmt.tag.value} (access port: frames enter untagged and are tagged ${p.stmt.tag.value} inside the bridge)`;
  if (p.stmt.trunk) return 'a trunk port (the frame keeps its own tag)';
  return 'untagged (the port has no VLAN settings)';
}
