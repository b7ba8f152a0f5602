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

/** Every bridge member in the model, in source order (computed once per model: three rules ask). */
export function bridgeMembers(model: Model, statements: readonly Statement[]): BridgeMember[] {
  let members = cache.get(model);
  if (!members) cache.set(model, (members = collectMembers(model, statements)));
  return members;
}

const cache = new WeakMap<Model, BridgeMember[]>();

function collectMembers(model: Model, statements: readonly Statement[]): BridgeMember[] {
  const out: BridgeMember[] = [];
  for (const b of model.bridges.values())
    if (b.stmt.uplink) out.push({ host: b.host, bridge: b.name, name: b.stmt.uplink.value, role: 'uplink', span: b.stmt.uplink.span, stmt: b.stmt });
  for (const p of model.ports) out.push({ host: p.host, bridge: p.bridge, name: p.name, role: 'port', span: p.stmt.name.span, stmt: p.stmt });
  for (const b of model.bonds)
    if (b.bridge) out.push({ host: b.host, bridge: b.bridge, name: b.name, role: 'bond', span: b.stmt.name.span, stmt: b.stmt });
  return sortBySource(out, statements);
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
