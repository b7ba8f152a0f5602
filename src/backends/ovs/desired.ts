/**
 * The model → what OVS should hold on one host: the host's `kind ovs` bridges, each with
 * its uplink, ports, bonds and tunnel ends, as the columns vsh decides (`fields.ts`).
 * Columns the model says nothing about (a port's mtu without `mtu`, a bond's mode without
 * `mode`) are not listed, so vsh leaves them as they are. A port's VLAN columns are always
 * listed: no `tag`/`trunk` means "every VLAN", which is a setting too.
 */
import type { BondStmt } from '../../lang/ast.js';
import { underlayAddress } from '../../lang/checks/tunnel-underlay.js';
import type { Span } from '../../lang/diagnostics.js';
import type { BridgeObj } from '../../lang/model.js';
import type { HostView } from '../backend.js';
import * as say from './explain.js';
import type { Field } from './fields.js';
import { trunkList } from './values.js';

export type Role = 'port' | 'uplink' | 'tunnel' | 'bond' | 'patch';

export interface WantPort {
  role: Role;
  bridge: string;
  name: string;
  /** Interface type: system, internal, patch, gre, vxlan, geneve (a bond's slaves are system). */
  type: string;
  /** A bond's slaves, in the order written. */
  slaves?: readonly string[];
  /** Port and Interface columns the model decides. */
  fields: Field[];
  span: Span;
  explain: say.Texts;
}

export interface WantBridge {
  name: string;
  fields: Field[];
  ports: WantPort[];
  span: Span;
  explain: say.Texts;
}

export interface Want {
  bridges: WantBridge[];
}

const field = (table: Field['table'], record: string, column: string, value: string | number | undefined): Field => ({
  table,
  record,
  column,
  value: value === undefined ? undefined : String(value),
});

/** tag, trunks and vlan_mode: access (tag), trunk (trunks), native-untagged (all three), or none (every VLAN). */
function vlanFields(port: string, tag: number | undefined, trunks: string | undefined, native: boolean): Field[] {
  return [
    field('Port', port, 'tag', tag),
    field('Port', port, 'trunks', trunks),
    field('Port', port, 'vlan_mode', native ? 'native-untagged' : undefined),
  ];
}

/**
 * OVS bond columns for a bond's mode and lacp (`802.3ad` is LACP aggregation: OVS's
 * balance-tcp with lacp). What OVS cannot do (round-robin, one slave) is VN146, found by
 * `vsh check` before any plan is made.
 */
function bondFields(b: BondStmt): Field[] {
  const mode = b.mode?.value;
  let lacp = b.lacp?.value;
  let bondMode = mode;
  if (mode === '802.3ad') {
    bondMode = 'balance-tcp';
    lacp ??= 'active';
  }
  return [field('Port', b.name.value, 'bond_mode', bondMode), field('Port', b.name.value, 'lacp', lacp)].filter((f) => f.value !== undefined);
}

function bridgeWant(view: HostView, b: BridgeObj): WantBridge {
  const s = b.stmt;
  const fields: Field[] = [];
  // A host that names its datapath gets it; one that does not keeps what its bridges have
  // (changing the datapath of a live bridge rebuilds it, not something to do unasked).
  if (view.host.datapath) fields.push(field('Bridge', b.name, 'datapath_type', view.datapath));
  if (s.stp) fields.push(field('Bridge', b.name, 'stp_enable', s.stp.value === 'on' ? 'true' : 'false'));
  // The bridge's own interface carries the bridge's MTU.
  if (s.mtu) fields.push(field('Interface', b.name, 'mtu_request', s.mtu.value));
  return { name: b.name, fields, ports: [], span: s.span, explain: say.bridge(view, b) };
}

/**
 * The OVS objects of the model on this host, bridge by bridge in the order declared; on each
 * bridge the way a person builds it: uplink, bonds, ports, then tunnels.
 */
export function desiredFor(view: HostView): Want {
  const { model, name: host } = view;
  const ovsBridges = [...model.bridges.values()].filter((b) => b.host === host && b.kind === 'ovs');
  const bridges = new Map(ovsBridges.map((b) => [b.name, bridgeWant(view, b)]));
  // One port per name on a host (OVS's rule); a name declared twice is the checks' VN112/VN106, first one wins here.
  const seen = new Set<string>([...bridges.keys()]);
  const add = (p: WantPort) => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    bridges.get(p.bridge)!.ports.push(p);
  };

  for (const b of ovsBridges) {
    const uplink = b.stmt.uplink?.value;
    if (!uplink) continue;
    add({
      role: 'uplink',
      bridge: b.name,
      name: uplink,
      type: 'system',
      fields: [...vlanFields(uplink, undefined, undefined, false), field('Interface', uplink, 'type', 'system')],
      span: b.stmt.span,
      explain: say.uplink(b.name, uplink),
    });
  }
  for (const b of model.bonds) {
    if (b.host !== host || !b.bridge || !bridges.has(b.bridge)) continue;
    const name = b.name;
    add({
      role: 'bond',
      bridge: b.bridge,
      name,
      type: 'system',
      slaves: b.stmt.slaves.map((s) => s.value),
      fields: [...vlanFields(name, undefined, undefined, false), ...bondFields(b.stmt)],
      span: b.stmt.span,
      explain: say.bond(b),
    });
  }
  for (const p of model.ports) {
    if (p.host !== host || !bridges.has(p.bridge)) continue;
    const s = p.stmt;
    const type = p.type === 'internal' ? 'internal' : 'system';
    add({
      role: 'port',
      bridge: p.bridge,
      name: p.name,
      type,
      fields: [
        ...vlanFields(p.name, s.tag?.value, trunkList(s.trunk?.value), s.native !== undefined),
        field('Interface', p.name, 'type', type),
        ...(s.mtu ? [field('Interface', p.name, 'mtu_request', s.mtu.value)] : []),
      ],
      span: s.span,
      explain: say.port(p),
    });
  }
  for (const t of model.tunnels) {
    t.ends.forEach((end, i) => {
      if (end.host !== host || !bridges.has(end.bridge)) return;
      const peer = t.ends[1 - i]!;
      const peerHost = model.hosts.get(peer.host);
      const remote = peerHost && underlayAddress(peerHost)?.value;
      const trunks = trunkList(t.stmt.trunk?.value);
      const n = end.portName;
      add({
        role: 'tunnel',
        bridge: end.bridge,
        name: n,
        type: t.type,
        fields: [
          ...vlanFields(n, undefined, trunks, false),
          field('Interface', n, 'type', t.type),
          field('Interface', n, 'options:remote_ip', remote),
          field('Interface', n, 'options:key', t.key),
          field('Interface', n, 'options:dst_port', t.stmt.dstport?.value),
        ],
        span: t.stmt.span,
        explain: say.tunnel(view, t, peer.host, remote),
      });
    });
  }
  // Links: two OVS bridges by patch ports, each the other's peer; an OVS bridge's end of a veth link is a system port.
  for (const l of model.links) {
    if (l.host !== host) continue;
    l.ends.forEach((end, i) => {
      if (end.bridgeKind !== 'ovs' || !bridges.has(end.bridge)) return;
      const other = l.ends[1 - i]!;
      const n = end.portName;
      const type = l.via === 'patch' ? 'patch' : 'system';
      add({
        role: l.via === 'patch' ? 'patch' : 'port',
        bridge: end.bridge,
        name: n,
        type,
        fields: [
          ...vlanFields(n, undefined, undefined, false),
          field('Interface', n, 'type', type),
          ...(l.via === 'patch' ? [field('Interface', n, 'options:peer', other.portName)] : []),
        ],
        span: l.stmt.span,
        explain: say.link(end.bridge, n, other.bridge, other.portName, l.via),
      });
    });
  }
  return { bridges: [...bridges.values()] };
}

/** Whether the model puts anything in OVS on this host. */
export function needsOvs(want: Want): boolean {
  return want.bridges.length > 0;
}
