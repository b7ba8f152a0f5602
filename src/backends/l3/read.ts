/** Probes and their outputs → what layer 3 a host has: vsh's routes, forwarding and NAT rules per namespace. */
import type { Probe, ProbeOutputs } from '../backend.js';
import { natTable, readForward, readNat, readRoutes, type NatRule, type RouteSpec } from './commands.js';
import { namespacesOf, type L3Desired } from './desired.js';

export interface L3State {
  /** vsh's routes (proto 118) per namespace read; a namespace absent from the map does not exist yet. */
  routes: Map<string, RouteSpec[]>;
  forward: Map<string, boolean>;
  /** NAT rules of the project's table per namespace; absent: no table. */
  nat: Map<string, NatRule[]>;
  /** Whether nft answered where the model needs it (false: not installed). */
  nft: boolean;
}

const id = { routes: (ns: string) => `l3.routes.${ns}`, forward: (ns: string) => `l3.forward.${ns}`, nat: (ns: string) => `l3.nat.${ns}`, nft: 'l3.nft' };

export function l3Probes(d: L3Desired, project: string | undefined): Probe[] {
  const ns = namespacesOf(d);
  return [
    ...ns.routes.map((n) => ({ id: id.routes(n), command: readRoutes(n) })),
    ...ns.forward.map((n) => ({ id: id.forward(n), command: readForward(n) })),
    ...ns.nat.map((n) => ({ id: id.nat(n), command: readNat(n, natTable(project)) })),
    ...(d.nats.length ? [{ id: id.nft, command: { argv: ['sh', '-c', 'command -v nft'] } }] : []),
  ];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `ip -j route show proto 118` → routes. */
export function parseRoutes(ns: string, text: string): RouteSpec[] {
  const rows = parseJson(text);
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((r: { dst?: string; gateway?: string; dev?: string }) => (r.dst && r.gateway ? [{ ns, dest: r.dst, via: r.gateway, ...(r.dev ? { dev: r.dev } : {}) }] : []));
}

type NftExpr = { match?: { left?: { meta?: { key?: string }; payload?: { field?: string } }; right?: unknown }; masquerade?: unknown };

/** `nft -j list table ip T` → the masquerade rules vsh wrote there. */
export function parseNat(text: string): NatRule[] {
  const doc = parseJson(text) as { nftables?: Array<{ rule?: { expr?: NftExpr[] } }> } | undefined;
  const out: NatRule[] = [];
  for (const item of doc?.nftables ?? []) {
    const expr = item.rule?.expr;
    if (!expr || !expr.some((e) => 'masquerade' in e)) continue;
    const rule: NatRule = { out: '' };
    for (const e of expr) {
      if (e.match?.left?.meta?.key === 'oifname' && typeof e.match.right === 'string') rule.out = e.match.right;
      if (e.match?.left?.payload?.field === 'saddr') {
        const r = e.match.right as string | { prefix?: { addr: string; len: number } };
        rule.source = typeof r === 'string' ? r : r.prefix ? `${r.prefix.addr}/${r.prefix.len}` : undefined;
        if (rule.source === undefined) delete rule.source;
      }
    }
    out.push(rule);
  }
  return out;
}

export function readL3(d: L3Desired, outputs: ProbeOutputs): L3State {
  const state: L3State = { routes: new Map(), forward: new Map(), nat: new Map(), nft: true };
  if (!outputs) return state;
  const ns = namespacesOf(d);
  for (const n of ns.routes) {
    const r = outputs.get(id.routes(n));
    if (r?.code === 0) state.routes.set(n, parseRoutes(n, r.stdout));
  }
  for (const n of ns.forward) {
    const r = outputs.get(id.forward(n));
    if (r?.code === 0) state.forward.set(n, r.stdout.trim() === '1');
  }
  for (const n of ns.nat) {
    const r = outputs.get(id.nat(n));
    if (r?.code === 0) state.nat.set(n, parseNat(r.stdout));
  }
  const nft = outputs.get(id.nft);
  if (nft) state.nft = nft.code === 0;
  return state;
}
