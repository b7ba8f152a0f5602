/** Bridge membership and per-host grouping of interfaces, shared by VN106, VN112 and VN144. */
import type { Statement } from '../ast.js';
import type { Span } from '../diagnostics.js';
import { hostKey, type Model } from '../model.js';
import { statementOrder } from './network-util.js';

/** One interface made a member of a bridge: a `port`, a bridge's `uplink`, or an OVS bond (itself a port). */
export interface BridgeMember {
  host: string;
  bridge: string;
  name: string;
  role: 'port' | 'uplink' | 'bond';
  span: Span;
  stmt: Statement;
}

/** Every bridge member in the model, by `host/name`, each group in source order (computed once per model: two rules ask). */
export function membersByHostName(model: Model, statements: readonly Statement[]): Map<string, BridgeMember[]> {
  let groups = cache.get(model);
  if (!groups) cache.set(model, (groups = groupInSourceOrder(collectMembers(model), statements)));
  return groups;
}

const cache = new WeakMap<Model, Map<string, BridgeMember[]>>();

function collectMembers(model: Model): BridgeMember[] {
  const out: BridgeMember[] = [];
  for (const b of model.bridges.values())
    if (b.stmt.uplink) out.push({ host: b.host, bridge: b.name, name: b.stmt.uplink.value, role: 'uplink', span: b.stmt.uplink.span, stmt: b.stmt });
  for (const p of model.ports) out.push({ host: p.host, bridge: p.bridge, name: p.name, role: 'port', span: p.stmt.name.span, stmt: p.stmt });
  for (const b of model.bonds)
    if (b.bridge) out.push({ host: b.host, bridge: b.bridge, name: b.name, role: 'bond', span: b.stmt.name.span, stmt: b.stmt });
  return out;
}

/**
 * Group items by `host/name`, each group in source order. Only groups of two or more are
 * sorted: almost every name is used once, and sorting all of a big script's items was
 * most of what these rules cost.
 */
export function groupInSourceOrder<T extends { host: string; name: string; stmt: Statement; span: Span }>(items: readonly T[], statements: readonly Statement[]): Map<string, T[]> {
  const groups = byHostName(items);
  for (const [k, group] of groups) if (group.length > 1) groups.set(k, sortBySource(group, statements));
  return groups;
}

/** Sort items by where their statement stands in the script (order looked up once per item, not per comparison). */
export function sortBySource<T extends { stmt: Statement; span: Span }>(items: T[], statements: readonly Statement[]): T[] {
  const order = statementOrder(statements);
  const keyed = items.map((item) => ({ item, at: order(item.stmt), offset: item.span.offset }));
  keyed.sort((x, y) => x.at - y.at || x.offset - y.offset);
  return keyed.map((k) => k.item);
}

/** "the uplink of bridge 'br0'", "a port of bridge 'br0'", "an OVS bond on bridge 'br0'". */
export function describeMember(m: BridgeMember): string {
  if (m.role === 'uplink') return `the uplink of bridge '${m.bridge}'`;
  if (m.role === 'bond') return `a bond on bridge '${m.bridge}'`;
  return `a port of bridge '${m.bridge}'`;
}

/** Group items by `host/name` (an interface name is unique per host), keeping their order. */
export function byHostName<T extends { host: string; name: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = hostKey(it.host, it.name);
    const group = groups.get(k);
    if (group) group.push(it);
    else groups.set(k, [it]);
  }
  return groups;
}
