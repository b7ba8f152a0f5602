/** VN106: an interface name means one thing per host (bridge, created port, network bridge, macvtap, bond, VLAN interface, tunnel port). */
import type { Statement } from '../ast.js';
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { hostKey, type Model } from '../model.js';
import type { CheckRule } from './rule.js';
import { groupInSourceOrder } from './bridge-members.js';

type Kind = 'bridge' | 'network-bridge' | 'port' | 'macvtap' | 'bond' | 'vlan' | 'tunnel';

/** An interface vsh creates (or, for a bridge-mode network, does not: those are left out). */
interface Definition {
  host: string;
  name: string;
  kind: Kind;
  /** "a tap port on bridge 'br0'" (a function: only the few that clash are ever described). */
  what: () => string;
  span: Span;
  stmt: Statement;
  /** A port or OVS bond of a bridge: two of those with one name are VN112's to report. */
  member: boolean;
}

function definitions(model: Model): Definition[] {
  const out: Definition[] = [];
  const add = (host: string, name: string, kind: Kind, what: () => string, span: Span, stmt: Statement, member = false) =>
    out.push({ host, name, kind, what, span, stmt, member });
  for (const b of model.bridges.values()) add(b.host, b.name, 'bridge', () => 'a bridge', b.stmt.name.span, b.stmt);
  // A `mode bridge` network names an existing bridge on purpose; a nat/route/isolated one makes its own.
  for (const n of model.networks.values())
    if (n.stmt.bridge && n.stmt.mode.value !== 'bridge') add(n.host, n.stmt.bridge.value, 'network-bridge', () => `the bridge of network '${n.name}'`, n.stmt.bridge.span, n.stmt);
  // A `system` port attaches an interface that exists already; the other types create one.
  for (const p of model.ports)
    if (p.type !== 'system') add(p.host, p.name, 'port', () => `${p.type === 'internal' ? 'an' : 'a'} ${p.type} port on bridge '${p.bridge}'`, p.stmt.name.span, p.stmt, true);
  for (const m of model.macvtaps) add(m.host, m.name, 'macvtap', () => 'a macvtap', m.stmt.name.span, m.stmt);
  for (const b of model.bonds) add(b.host, b.name, 'bond', () => (b.bridge ? `a bond on bridge '${b.bridge}'` : 'a bond'), b.stmt.name.span, b.stmt, !!b.bridge);
  for (const v of model.vlans) add(v.host, v.stmt.name.value, 'vlan', () => 'a VLAN interface', v.stmt.name.span, v.stmt);
  for (const t of model.tunnels)
    for (const [end, other] of [[t.ends[0], t.ends[1]], [t.ends[1], t.ends[0]]] as const)
      add(end.host, end.portName, 'tunnel', () => `the ${t.type} tunnel port to ${other.host} on bridge '${end.bridge}'`, t.stmt.portName?.span ?? end.span, t.stmt);
  return out;
}

/** Whether two uses of one name are this rule's to report (others own the rest). */
function clashes(a: Definition, b: Definition): boolean {
  if (a.kind === 'tunnel' && b.kind === 'tunnel') return a.stmt !== b.stmt; // one tunnel to its own host is VN120
  if (a.member && b.member) return false; // one interface in two bridges, or twice in one: VN112
  if (a.kind === b.kind) return false; // same-kind repeats: VN104/VN105 (resolve), VN133 (networks)
  const kinds = new Set([a.kind, b.kind]);
  return !(kinds.has('bridge') && kinds.has('network-bridge')); // VN133
}

export const interfaceNameClash: CheckRule = {
  id: 'interface-name-clash',
  codes: ['VN106'],
  check({ model, statements }) {
    const out: Diagnostic[] = [];
    const groups = groupInSourceOrder(definitions(model), statements);
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      group.forEach((d, i) => {
        const first = group.slice(0, i).find((e) => clashes(e, d));
        if (!first) return;
        const tunnel = first.kind === 'tunnel' || d.kind === 'tunnel';
        out.push(
          diag('VN106', d.span, `'${d.name}' on ${d.host} is both ${first.what()} and ${d.what()}`, {
            hint: tunnel ? "give the tunnel port another name with 'name IFNAME'" : 'interface names are unique per host: rename one of the two',
            related: [{ span: first.span, message: `'${d.name}' is first used here` }],
          }),
        );
      });
    }
    // A `system` port or an `uplink` attaches an existing interface: naming a bridge there would put a bridge inside a bridge.
    const bridgesHere = new Map<string, Definition>();
    for (const [key, group] of groups) for (const d of group) if (d.kind === 'bridge' || d.kind === 'network-bridge') bridgesHere.set(key, d);
    const attached = [
      ...model.ports.filter((p) => p.type === 'system').map((p) => ({ host: p.host, name: p.name, span: p.stmt.name.span, how: `a port of bridge '${p.bridge}'` })),
      ...[...model.bridges.values()].flatMap((b) => (b.stmt.uplink ? [{ host: b.host, name: b.stmt.uplink.value, span: b.stmt.uplink.span, how: `the uplink of bridge '${b.name}'` }] : [])),
    ];
    for (const a of attached) {
      const bridge = bridgesHere.get(hostKey(a.host, a.name));
      if (!bridge) continue;
      out.push(
        diag('VN106', a.span, `'${a.name}' on ${a.host} is ${bridge.what()} and cannot also be ${a.how}`, {
          hint: `a bridge cannot be enslaved to a bridge: join the two with 'link ${a.name} <-> BRIDGE', or name the NIC you meant`,
          related: [{ span: bridge.span, message: `'${a.name}' is declared as a bridge here` }],
        }),
      );
    }
    return out;
  },
};
