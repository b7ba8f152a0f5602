/**
 * A tunnel end on a Linux bridge: a kernel tunnel device carrying Ethernet (gretap,
 * vxlan, geneve) to the far host's underlay address, enslaved to the bridge. On OVS
 * bridges OVS makes tunnel ports itself. A VXLAN without `dstport` gets 4789 (IANA, and
 * what OVS uses): without it the kernel would pick 8472. Without `key`/`vni` the id is 0,
 * as on OVS, so both kinds of end agree.
 */
import type { Command } from '../../exec/command.js';
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import { formatIpv4 } from '../../lang/ip.js';
import type { TunnelObj } from '../../lang/model.js';
import { tunnelLabel } from '../../lang/segments.js';
import { carrierVlans } from './bridge-vlans.js';
import { ip } from './commands.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired } from './spec.js';

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;

export interface TunnelParams {
  kind: 'gretap' | 'vxlan' | 'geneve';
  remote: string;
  local?: string;
  /** VNI (vxlan, geneve) or GRE key. */
  id?: number;
  dstport?: number;
  mtu?: number;
}

export function createTunnel(name: string, p: TunnelParams): Command {
  const head = ['link', 'add', 'name', name, ...(p.mtu ? ['mtu', String(p.mtu)] : []), 'type', p.kind];
  if (p.kind === 'gretap') return ip(undefined, ...head, 'remote', p.remote, ...(p.local ? ['local', p.local] : []), ...(p.id !== undefined ? ['key', String(p.id)] : []));
  const id = ['id', String(p.id ?? 0), 'remote', p.remote];
  if (p.kind === 'geneve') return ip(undefined, ...head, ...id, ...(p.dstport ? ['dstport', String(p.dstport)] : []));
  return ip(undefined, ...head, ...id, ...(p.local ? ['local', p.local] : []), 'dstport', String(p.dstport ?? VXLAN_PORT));
}

/** The settings `ip -details` shows for such a device (what must match to keep it). */
function fixedOf(p: TunnelParams): Record<string, string | number> {
  if (p.kind === 'gretap') return { remote: p.remote, ...(p.local ? { local: p.local } : {}), ...(p.id !== undefined ? { ikey: formatIpv4(p.id) } : {}) };
  const fixed = { id: p.id ?? 0, remote: p.remote, port: p.dstport ?? (p.kind === 'vxlan' ? VXLAN_PORT : GENEVE_PORT) };
  return p.kind === 'vxlan' && p.local ? { ...fixed, local: p.local } : fixed;
}

const KIND = { gre: 'gretap', vxlan: 'vxlan', geneve: 'geneve' } as const;

/**
 * The kernel keeps one VXLAN device per VNI and UDP port in a namespace ("A VXLAN device
 * with the specified VNI already exists"), whatever the remote: two Linux-bridge ends on
 * one host need different `vni` or `dstport` (OVS tunnel ports do not have this limit).
 */
function vxlanClash(hm: HostModel, t: TunnelObj, p: TunnelParams, seen: Map<string, TunnelObj>): Diagnostic | undefined {
  if (p.kind !== 'vxlan') return undefined;
  const key = `${p.id ?? 0}/${p.dstport ?? VXLAN_PORT}`;
  const first = seen.get(key);
  if (!first) {
    seen.set(key, t);
    return undefined;
  }
  return diag('VN123', t.stmt.span, `tunnel ${tunnelLabel(t)} and tunnel ${tunnelLabel(first)} both need a VXLAN device on ${hm.host} with VNI ${p.id ?? 0} and UDP port ${p.dstport ?? VXLAN_PORT}, and the kernel allows only one`, {
    hint: `give one of them another 'vni' (or 'dstport'), or make the bridge 'kind ovs' (OVS tunnel ports may share a VNI)`,
    related: [{ span: first.stmt.span, message: 'the other tunnel' }],
  });
}

export function tunnels(hm: HostModel, out: Desired): void {
  const vnis = new Map<string, TunnelObj>();
  for (const { tunnel: t, end, far } of hm.ends) {
    if (!hm.isLinuxBridge(end.bridge)) continue;
    const [local, remote] = [hm.underlay(end.host), hm.underlay(far.host)];
    if (!local || !remote) continue; // VN126 already says which host has no underlay address
    const s = t.stmt;
    const bridge = hm.bridges.find((b) => b.name === end.bridge)!;
    const p: TunnelParams = { kind: KIND[t.type], remote, local };
    if (t.key !== undefined) p.id = t.key;
    if (s.dstport) p.dstport = s.dstport.value;
    if (bridge.stmt.mtu) p.mtu = bridge.stmt.mtu.value;
    const clash = vxlanClash(hm, t, p, vnis);
    if (clash) out.problems.push(clash);
    const what = p.kind === 'gretap' ? `GRE${p.id !== undefined ? ` key ${p.id}` : ''}` : `${p.kind === 'vxlan' ? 'VXLAN' : 'GENEVE'} VNI ${p.id ?? 0}`;
    out.devices.push({
      name: end.portName,
      kind: p.kind,
      label: `${p.kind} ${end.portName} (${what} to ${remote})`,
      span: s.span,
      feature: t.type,
      create: [createTunnel(end.portName, p)],
      fixed: fixedOf(p),
      explain: `Creates ${end.portName}, a ${p.kind} device that wraps every Ethernet frame it is given in ${what} and sends it from ${local} to ${far.host} at ${remote}${p.mtu ? `; its MTU matches ${end.bridge}'s ${p.mtu}` : ''}.`,
    });
    const vlans = hm.filters(end.bridge) ? carrierVlans(s.trunk?.value, hm.usedVlans(end.bridge)) : undefined;
    out.wiring.push({
      label: `tunnel ${end.portName} on ${end.bridge}`,
      span: s.span,
      device: end.portName,
      explain: `Enslaves ${end.portName} to ${end.bridge} and brings it up: ${end.bridge} here and ${far.bridge} on ${far.host} become one layer-2 segment.`,
      links: [
        {
          name: end.portName,
          origin: 'device',
          fresh: freshLink(end.portName, { kind: p.kind, ...(p.mtu ? { mtu: p.mtu } : {}) }),
          ...(p.mtu ? { mtu: p.mtu } : {}),
          master: end.bridge,
          ...(vlans ? { vlans } : {}),
          up: true,
        },
      ],
    });
  }
}
