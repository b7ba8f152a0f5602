/**
 * The model as a picture-neutral graph: hosts are clusters; bridges, ports, namespaces,
 * libvirt networks, macvtaps, bonds, VLAN sub-interfaces and SR-IOV NICs are nodes; tunnels join bridges across hosts. DOT
 * and Mermaid renderers read this, so both show the same thing. Deterministic: nodes and
 * edges follow source order.
 */
import { hostKey, type ContainerObj, type Model } from '../lang/model.js';
import { underlayAddress } from '../lang/checks/tunnel-underlay.js';
import { expandVlans, formatVlans } from '../lang/vlans.js';

export type NodeKind = 'bridge' | 'port' | 'namespace' | 'network' | 'macvtap' | 'bond' | 'nic' | 'guest' | 'vlan' | 'host' | 'container' | 'dhcp' | 'lswitch' | 'lrouter';

export interface GraphNode {
  id: string;
  host: string;
  kind: NodeKind;
  /** First line: the name; further lines: VLANs, mode, subnet … */
  label: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Lines separated by `\n`. */
  label?: string;
  /** A tunnel between hosts (drawn dashed). */
  tunnel?: boolean;
}

export interface Topology {
  hosts: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A stable id made only of [A-Za-z0-9_] (safe in DOT and Mermaid without quoting rules). */
export function nodeId(host: string, kind: string, name: string): string {
  return `${kind}_${host}_${name}`.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

function vlanLabel(tag?: number, trunk?: Set<number>, native?: boolean): string | undefined {
  if (trunk && trunk.size) return `trunk ${formatVlans(trunk)}${tag !== undefined ? `${native ? ' native ' : ' tag '}${tag}` : ''}`;
  return tag !== undefined ? `VLAN ${tag}` : undefined;
}

/** A container is drawn where a namespace would be (same id: it is the endpoint ports plug into), with its image. */
function containerNode(c: ContainerObj): GraphNode {
  return { id: nodeId(c.host, 'ns', c.name), host: c.host, kind: 'container', label: [c.name, `${c.runtime} ${c.image}`] };
}

export function topologyOf(model: Model): Topology {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (n: GraphNode) => (nodes.has(n.id) ? nodes.get(n.id)! : (nodes.set(n.id, n), n));

  for (const b of model.bridges.values()) {
    const s = b.stmt;
    add({ id: nodeId(b.host, 'br', b.name), host: b.host, kind: 'bridge', label: [b.name, [b.kind, s.address?.value, s.stp?.value === 'on' ? 'stp' : undefined].filter(Boolean).join(' ')] });
    if (s.uplink) {
      add({ id: nodeId(b.host, 'nic', s.uplink.value), host: b.host, kind: 'nic', label: [s.uplink.value, 'uplink'] });
      edges.push({ from: nodeId(b.host, 'nic', s.uplink.value), to: nodeId(b.host, 'br', b.name) });
    }
  }
  for (const p of model.ports) {
    const s = p.stmt;
    const vlan = vlanLabel(s.tag?.value, s.trunk && expandVlans(s.trunk.value), s.native !== undefined);
    const id = nodeId(p.host, 'port', p.name);
    // A port with no peer (an internal port) holds its address itself: show it on the port; a peer's goes on the cable.
    add({ id, host: p.host, kind: 'port', label: [p.name, [p.type, vlan].filter(Boolean).join(', '), ...(!s.peer && s.address ? [s.address.value] : [])] });
    edges.push({ from: id, to: nodeId(p.host, 'br', p.bridge) });
    if (s.peer) {
      const ns = nodeId(p.host, 'ns', s.peer.ns.value);
      const ctr = model.containers.get(hostKey(p.host, s.peer.ns.value));
      add(ctr ? containerNode(ctr) : { id: ns, host: p.host, kind: 'namespace', label: [s.peer.ns.value, 'namespace'] });
      // namespace — port — bridge reads left to right like the cable it is.
      edges.push({ from: ns, to: id, label: [s.peer.iface.value, s.address?.value].filter(Boolean).join(' ') });
    }
  }
  for (const c of model.containers.values()) add(containerNode(c));
  for (const n of model.namespaces.values()) add({ id: nodeId(n.host, 'ns', n.name), host: n.host, kind: 'namespace', label: [n.name, 'namespace'] });
  for (const b of model.bonds) {
    const id = nodeId(b.host, 'bond', b.name);
    add({ id, host: b.host, kind: 'bond', label: [b.name, `bond ${b.stmt.mode?.value ?? ''} ${b.stmt.slaves.map((x) => x.value).join('+')}`.trim()] });
    if (b.bridge) edges.push({ from: id, to: nodeId(b.host, 'br', b.bridge) });
  }
  for (const v of model.vlans) {
    const s = v.stmt;
    const id = nodeId(v.host, 'vlan', s.name.value);
    add({ id, host: v.host, kind: 'vlan', label: [s.name.value, `VLAN ${s.vid.value}`, ...(s.address ? [s.address.value] : [])] });
    // On what the script declares by that name (a bond, `vlan bond-st.300`), else on a NIC.
    const parent = [nodeId(v.host, 'bond', s.parent.value), nodeId(v.host, 'br', s.parent.value), nodeId(v.host, 'port', s.parent.value)].find((p) => nodes.has(p));
    edges.push({ from: id, to: parent ?? add({ id: nodeId(v.host, 'nic', s.parent.value), host: v.host, kind: 'nic', label: [s.parent.value, 'NIC'] }).id });
  }
  for (const m of model.macvtaps) {
    const id = nodeId(m.host, 'macvtap', m.name);
    add({ id, host: m.host, kind: 'macvtap', label: [m.name, `macvtap ${m.stmt.mode.value}`] });
    const nic = nodeId(m.host, 'nic', m.stmt.link.value);
    add({ id: nic, host: m.host, kind: 'nic', label: [m.stmt.link.value, 'NIC'] });
    edges.push({ from: id, to: nic });
  }
  for (const n of model.networks.values()) {
    const s = n.stmt;
    const id = nodeId(n.host, 'net', n.name);
    add({ id, host: n.host, kind: 'network', label: [n.name, [`libvirt ${s.mode.value}`, s.subnet?.value].filter(Boolean).join(' ')] });
    if (s.mode.value === 'bridge' && s.bridge) edges.push({ from: id, to: nodeId(n.host, 'br', s.bridge.value), label: s.virtualport ? 'openvswitch' : undefined });
  }
  for (const pg of model.portgroups) {
    const net = model.networks.get(`${pg.host}/${pg.network}`);
    const node = net && nodes.get(nodeId(pg.host, 'net', pg.network));
    const vlan = vlanLabel(pg.stmt.tag?.value, pg.stmt.trunk && expandVlans(pg.stmt.trunk.value), pg.stmt.trunk !== undefined);
    node?.label.push(`portgroup ${pg.name}${vlan ? `: ${vlan}` : ''}${pg.stmt.default ? ' (default)' : ''}`);
  }
  for (const a of model.attachments) {
    const guest = add({ id: nodeId(a.host, 'vm', a.stmt.domain.value), host: a.host, kind: 'guest', label: [a.stmt.domain.value, 'guest'] });
    edges.push({ from: guest.id, to: nodeId(a.host, 'net', a.stmt.network.value), label: a.stmt.portgroup ? `portgroup ${a.stmt.portgroup.value}` : undefined });
  }
  for (const a of model.vfAttachments) {
    const guest = add({ id: nodeId(a.host, 'vm', a.stmt.domain.value), host: a.host, kind: 'guest', label: [a.stmt.domain.value, 'guest'] });
    const pf = add({ id: nodeId(a.host, 'nic', a.stmt.pf.value), host: a.host, kind: 'nic', label: [a.stmt.pf.value, 'SR-IOV PF'] });
    edges.push({ from: guest.id, to: pf.id, label: `VF ${a.stmt.vf.value}${a.stmt.vlan ? ` VLAN ${a.stmt.vlan.value}` : ''}` });
  }
  for (const v of model.sriovs) {
    // After the VF attachments, which already drew most PFs: their place in the picture stays.
    add({ id: nodeId(v.host, 'nic', v.stmt.pf.value), host: v.host, kind: 'nic', label: [v.stmt.pf.value, 'SR-IOV PF'] }).label.push(`${v.stmt.vfs.value} VFs`);
  }
  for (const d of model.dhcps) {
    // A DHCP server hangs off its bridge like a port, on its VLAN.
    const id = nodeId(d.host, 'dhcp', `${d.bridge}_${d.vid}`);
    add({ id, host: d.host, kind: 'dhcp', label: [`dhcp ${d.stmt.address.value}`, `range ${d.stmt.range.value}`] });
    edges.push({ from: id, to: nodeId(d.host, 'br', d.bridge), label: d.vid ? `VLAN ${d.vid}` : undefined });
  }
  for (const t of model.tunnels) {
    const [a, b] = t.ends;
    const trunk = t.stmt.trunk ? ` trunk ${formatVlans(expandVlans(t.stmt.trunk.value))}` : '';
    // Two tunnels between the same hosts (one per tenant) must read apart: name both ends, and the underlay addresses they join.
    const under = t.ends.map((e) => { const h = model.hosts.get(e.host); return h && underlayAddress(h)?.value; });
    const label = [
      `${t.type}${t.key !== undefined ? ` ${t.type === 'gre' ? 'key' : 'vni'} ${t.key}` : ''}${trunk}`,
      `${a.portName}@${a.host} <-> ${b.portName}@${b.host}`,
      ...(under[0] && under[1] ? [`${under[0]} <-> ${under[1]}`] : []),
    ];
    edges.push({ from: nodeId(a.host, 'br', a.bridge), to: nodeId(b.host, 'br', b.bridge), label: label.join('\n'), tunnel: true });
  }
  for (const l of model.links) {
    const [a, b] = l.ends;
    edges.push({ from: nodeId(l.host, 'br', a.bridge), to: nodeId(l.host, 'br', b.bridge), label: `${l.via} ${a.portName} <-> ${b.portName}` });
  }
  // Layer 3 reads as notes on the endpoint that does it: a router namespace, its routes and NAT; the host's own routes on a host node.
  const l3 = (host: string, ns: string | undefined) =>
    ns === undefined
      ? add({ id: nodeId(host, 'host', host), host, kind: 'host', label: [host, 'host'] })
      : add({ id: nodeId(host, 'ns', ns), host, kind: 'namespace', label: [ns, 'namespace'] });
  for (const n of model.namespaces.values()) if (n.stmt.forward?.value === 'on') l3(n.host, n.name).label.push('router (forward on)');
  for (const r of model.routes) l3(r.host, r.ns).label.push(`route ${r.dest} via ${r.stmt.via.value}`);
  for (const n of model.nats) l3(n.host, n.ns).label.push(`nat masquerade out ${n.stmt.out.value}${n.stmt.source ? ` from ${n.stmt.source.value}` : ''}`);
  // OpenFlow rules: a note on their bridge, the count per table.
  const perTable = new Map<string, Map<number, number>>();
  for (const f of model.flows) {
    const id = nodeId(f.host, 'br', f.bridge);
    const tables = perTable.get(id) ?? new Map<number, number>();
    tables.set(f.table, (tables.get(f.table) ?? 0) + 1);
    perTable.set(id, tables);
  }
  for (const [id, tables] of perTable) {
    const counts = [...tables].sort(([a], [b]) => a - b).map(([t, n]) => `table ${t}: ${n}`);
    nodes.get(id)?.label.push(`flows ${counts.join(', ')}`);
  }
  const hosts = [...model.hosts.keys()];
  const logical = logicalTopology(model, add, edges);
  if (logical) hosts.push(logical);
  return { hosts, nodes: [...nodes.values()], edges };
}

/**
 * The OVN logical topology: switches and routers in a cluster of their own (they live on no
 * one host), each VIF on the chassis that hosts it, each uplink as its localnet switch with
 * the VLAN, joined to the mapped bridge on its gateway chassis. Returns that cluster's name.
 */
function logicalTopology(model: Model, add: (n: GraphNode) => GraphNode, edges: GraphEdge[]): string | undefined {
  const ovn = model.ovn;
  // The control plane is a note on the hosts that run it: where the databases are, which hosts are chassis and with which bridge mappings.
  const hostNode = (host: string) => add({ id: nodeId(host, 'host', host), host, kind: 'host', label: [host, 'host'] });
  if (ovn.central) hostNode(ovn.central.host).label.push('OVN central (northbound, southbound, ovn-northd)');
  for (const c of ovn.chassis.values()) {
    const mappings = c.mappings.map((m) => `${m.key.value}:${m.value.value}`).join(',');
    hostNode(c.host.value).label.push(`OVN chassis ${c.encap?.value ?? 'geneve'}${mappings ? ` mapping ${mappings}` : ''}`);
  }
  if (ovn.switches.size + ovn.routers.size + ovn.ports.length === 0) return undefined;
  const cluster = `OVN logical${ovn.central ? ` (central ${ovn.central.host})` : ''}`;
  const sw = (name: string) => nodeId('ovn', 'ls', name);
  const lr = (name: string) => nodeId('ovn', 'lr', name);
  for (const s of ovn.switches.values()) add({ id: sw(s.name.value), host: cluster, kind: 'lswitch', label: [s.name.value, ['logical switch', s.subnet?.value].filter(Boolean).join(' ')] });
  for (const r of ovn.routers.values()) add({ id: lr(r.name.value), host: cluster, kind: 'lrouter', label: [r.name.value, 'logical router'] });
  for (const r of ovn.routes) add({ id: lr(r.router.value), host: cluster, kind: 'lrouter', label: [r.router.value, 'logical router'] }).label.push(`route ${r.dest.value} via ${r.via.value}`);
  for (const l of ovn.links) edges.push({ from: lr(l.router.value), to: sw(l.switch.value), label: l.address.value });
  for (const u of ovn.uplinks) {
    const ext = add({ id: sw(`${u.router.value}-ext${u.vlan.value}`), host: cluster, kind: 'lswitch', label: [`${u.router.value}-ext${u.vlan.value}`, `uplink: localnet ${u.network.value} VLAN ${u.vlan.value}`] });
    edges.push({ from: lr(u.router.value), to: ext.id, label: `${u.address.value}${u.gateway ? ` gw ${u.gateway.value}` : ''}` });
    const bridge = model.ovn.chassis.get(u.chassis.value)?.mappings.find((m) => m.key.value === u.network.value)?.value.value;
    if (bridge) {
      const br = add({ id: nodeId(u.chassis.value, 'br', bridge), host: u.chassis.value, kind: 'bridge', label: [bridge, `${u.network.value} (ovn-bridge-mappings)`] });
      edges.push({ from: ext.id, to: br.id, label: `VLAN ${u.vlan.value} on gateway chassis ${u.chassis.value}` });
    }
  }
  for (const p of ovn.ports) {
    const vif = add({ id: nodeId(p.host.value, 'port', p.name.value), host: p.host.value, kind: 'port', label: [p.name.value, `VIF on br-int${p.ip ? `, ${p.ip.value}` : p.dynamic ? ', dynamic' : ''}`] });
    edges.push({ from: vif.id, to: sw(p.switch.value), label: 'iface-id', tunnel: true });
    if (p.peer) {
      const ns = add({ id: nodeId(p.host.value, 'ns', p.peer.ns.value), host: p.host.value, kind: 'namespace', label: [p.peer.ns.value, 'namespace'] });
      edges.push({ from: ns.id, to: vif.id, label: p.peer.iface.value });
    }
  }
  return cluster;
}
