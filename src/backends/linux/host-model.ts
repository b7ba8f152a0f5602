/**
 * The model as seen from one host by the Linux driver: its objects, which bridges are
 * Linux bridges, which VLANs each Linux bridge uses, and whether VLAN filtering may be
 * lowered (the host has it, or was not read).
 */
import type { PortStmt } from '../../lang/ast.js';
import { underlayAddress } from '../../lang/checks/tunnel-underlay.js';
import { hostKey, type BridgeObj, type Model, type PortObj, type TunnelEnd, type TunnelObj } from '../../lang/model.js';
import { expandVlans, isValidVid } from '../../lang/vlans.js';
import type { HostView } from '../backend.js';
import type { Feature } from './features.js';

/** A tunnel end on this host, with the tunnel and the far end. */
export interface LocalEnd {
  tunnel: TunnelObj;
  end: TunnelEnd;
  far: TunnelEnd;
}

export class HostModel {
  readonly host: string;
  readonly model: Model;
  readonly bridges: BridgeObj[];
  readonly ports: PortObj[];
  readonly ends: LocalEnd[];

  constructor(
    view: HostView,
    private readonly features: ReadonlySet<Feature> | undefined,
  ) {
    this.host = view.name;
    this.model = view.model;
    this.bridges = [...view.model.bridges.values()].filter((b) => b.host === view.name);
    this.ports = view.model.ports.filter((p) => p.host === view.name);
    this.ends = view.model.tunnels.flatMap((tunnel) =>
      tunnel.ends.flatMap((end, i) => (end.host === view.name ? [{ tunnel, end, far: tunnel.ends[1 - i]! }] : [])),
    );
  }

  /** Whether the host has a feature (offline: assumed). */
  has(feature: Feature): boolean {
    return this.features?.has(feature) ?? true;
  }

  isLinuxBridge(bridge: string): boolean {
    return this.model.bridges.get(hostKey(this.host, bridge))?.kind === 'linux';
  }

  /** The tunnel endpoint address of a host (VN126 reports when there is none). */
  underlay(host: string): string | undefined {
    const h = this.model.hosts.get(host);
    return h ? underlayAddress(h)?.value : undefined;
  }

  /** VLAN ids that ports and tunnels of a Linux bridge use (tags and trunks), sorted. */
  usedVlans(bridge: string): number[] {
    const ids = new Set<number>();
    for (const p of this.ports.filter((p) => p.bridge === bridge)) {
      if (p.stmt.tag) ids.add(p.stmt.tag.value);
      if (p.stmt.trunk) for (const v of expandVlans(p.stmt.trunk.value)) ids.add(v);
    }
    for (const e of this.ends.filter((e) => e.end.bridge === bridge && e.tunnel.stmt.trunk)) for (const v of expandVlans(e.tunnel.stmt.trunk!.value)) ids.add(v);
    return [...ids].filter(isValidVid).sort((a, b) => a - b);
  }

  /** Whether a Linux bridge gets VLAN filtering: some member uses VLANs and the host can do it (else VN115). */
  filters(bridge: string): boolean {
    return this.isLinuxBridge(bridge) && this.has('vlan-filtering') && this.usedVlans(bridge).length > 0;
  }
}

/** Whether a port statement asks for VLANs. */
export const hasVlans = (s: PortStmt): boolean => s.tag !== undefined || s.trunk !== undefined;

/** Every interface name the model makes on a host, by any driver (so a statement that stacks on one is not "missing"). */
export function madeNames(hm: HostModel): Set<string> {
  const m = hm.model;
  const on = <T extends { host: string }>(xs: Iterable<T>) => [...xs].filter((x) => x.host === hm.host);
  return new Set([
    ...hm.bridges.map((b) => b.name),
    ...hm.ports.filter((p) => p.type !== 'system').map((p) => p.name),
    ...hm.ends.map((e) => e.end.portName),
    ...on(m.bonds).map((b) => b.name),
    ...on(m.vlans).map((v) => v.stmt.name.value),
    ...on(m.macvtaps).map((v) => v.name),
    ...on(m.networks.values()).flatMap((n) => n.stmt.bridge?.value ?? []),
    ...on(m.links).flatMap((l) => l.ends.map((e) => e.portName)),
  ]);
}
