/** `link BRIDGE[@HOST] <-> BRIDGE[@HOST] [name IFNAME]`: two bridges of one host joined (patch ports, or a veth pair). */
import type { CstNode } from 'chevrotain';
import type { LinkStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey, type LinkEnd } from '../lang/model.js';
import type { Build, Kind } from './kind.js';

export const buildLink: Build = (b, base, node) => {
  const refs = node.children.ref as CstNode[];
  return { kind: 'link', ...base, left: b.ref(refs[0]!), right: b.ref(refs[1]!), portName: b.text('name') };
};

/** The two port names: `name N` gives N and N-p; by default each end is named after its bridge and the other (br-int-br-ex). */
export function linkPortNames(s: LinkStmt): [string, string] {
  const [a, b] = [s.left.name.value, s.right.name.value];
  return s.portName ? [s.portName.value, `${s.portName.value}-p`] : [`${a}-${b}`, `${b}-${a}`];
}

export const link: Kind<LinkStmt> = {
  place(s, r) {
    const [lh, rh] = [s.left.host?.value, s.right.host?.value];
    if (lh && rh && lh !== rh) {
      r.report(
        diag('VN001', s.right.span, `a link joins two bridges of one host; ${s.left.name.value} is on ${lh} and ${s.right.name.value} on ${rh}`, {
          hint: `join bridges on two hosts with 'tunnel gre|vxlan|geneve ${lh}<->${rh} on BRIDGE'`,
        }),
      );
      return;
    }
    const host = lh ?? rh ?? r.ctx.host;
    if (!host) return r.noContext(s.span, 'host', `write the bridges as BRIDGE@HOST, or 'use HOST' first`);
    if (s.left.name.value === s.right.name.value) {
      r.report(diag('VN001', s.right.span, `a link joins two different bridges; both ends are ${s.left.name.value}`, { hint: 'name two bridges of the host' }));
      return;
    }
    if (r.declare(`link ${host}/${[s.left.name.value, s.right.name.value].sort().join('<->')}`, `link ${s.left.name.value} <-> ${s.right.name.value} on ${host}`, s, s.left.name.span)) r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    if (!r.knownHost(host!, s.left.host?.span ?? s.right.host?.span ?? s.span)) return;
    const names = linkPortNames(s);
    const ends: LinkEnd[] = [];
    for (const [i, ref] of [s.left, s.right].entries()) {
      if (!r.knownBridge(host!, ref.name.value, ref.span, 'VN101', ' (link end)')) continue;
      ends.push({ bridge: ref.name.value, bridgeKind: r.model.bridges.get(hostKey(host!, ref.name.value))!.kind, portName: names[i]!, span: ref.span });
    }
    if (ends.length !== 2) return;
    const via = ends.every((e) => e.bridgeKind === 'ovs') ? 'patch' : 'veth';
    r.model.links.push({ stmt: s, host: host!, ends: [ends[0]!, ends[1]!], via });
  },
  concept(s) {
    const [a, b] = linkPortNames(s);
    return `A link joins bridges ${s.left.name.value} and ${s.right.name.value} on one host, like a cable between two switches: every VLAN crosses it. Between two Open vSwitch bridges it is a pair of patch ports (${a} on ${s.left.name.value}, ${b} on ${s.right.name.value}, each the other's options:peer): no kernel device, frames pass inside OVS — the shape of OpenStack's br-int to br-tun/br-ex. When a Linux bridge is involved it is a veth pair with one end enslaved to (or plugged into) each bridge.`;
  },
  lower: ['ovs', 'linux'],
  example: 'link br-ex <-> br-int@hostA',
  interfaceNames: (s) => (s.portName ? [[s.portName, 'link port']] : []),
};
