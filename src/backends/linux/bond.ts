/**
 * A Linux bond (`bond NAME on HOST`): `ip link add name NAME type bond mode M …`, each
 * slave brought down (the kernel refuses to enslave an up NIC) and enslaved — the bond
 * brings it back up — and the bond up. A bond `on` a Linux bridge is the same bond, made a
 * port of that bridge (as a bond on an OVS bridge is an OVS bond port of it).
 *
 * Modes: active-backup, balance-rr and 802.3ad are the kernel's own. The two OVS-only
 * modes map to their closest Linux equivalents, said so in the step's explanation:
 *   balance-tcp (LACP, hashing on L3/L4) → `mode 802.3ad xmit_hash_policy layer3+4`, the same thing;
 *   balance-slb (by source MAC, no switch support) → `mode balance-tlb`, which also needs
 *     nothing from the switch and spreads transmit load, rebalancing as traffic shifts.
 * Without `mode`: 802.3ad when `lacp active|passive` is given, else active-backup (what
 * works with any switch; the kernel's own default, balance-rr, needs a static LAG).
 * `lacp active|passive` on an 802.3ad bond → `lacp_active on|off`.
 */
import type { Command } from '../../exec/command.js';
import type { BondStmt } from '../../lang/ast.js';
import { ip } from './commands.js';
import { hostKey } from '../../lang/model.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired } from './spec.js';

export interface BondParams {
  mode: string;
  xmitHashPolicy?: string;
  lacpActive?: 'on' | 'off';
}

/** The Linux bond a statement asks for, and a note when an OVS mode was translated. */
export function bondParams(s: BondStmt): { params: BondParams; note?: string } {
  const lacp = s.lacp?.value;
  const mode = s.mode?.value ?? (lacp === 'active' || lacp === 'passive' ? '802.3ad' : 'active-backup');
  const lacpActive = lacp === 'active' ? 'on' : lacp === 'passive' ? 'off' : undefined;
  const with802 = (extra: Partial<BondParams> = {}): BondParams => ({ mode: '802.3ad', ...extra, ...(lacpActive ? { lacpActive } : {}) });
  if (mode === 'balance-tcp') return { params: with802({ xmitHashPolicy: 'layer3+4' }), note: "OVS's balance-tcp is the kernel's 802.3ad (LACP) hashing on layer 3+4" };
  if (mode === 'balance-slb') return { params: { mode: 'balance-tlb' }, note: "OVS's balance-slb has no Linux twin; balance-tlb is the closest: no switch support needed, transmit load spread and rebalanced" };
  return { params: mode === '802.3ad' ? with802() : { mode } };
}

export function createBond(name: string, p: BondParams): Command {
  return ip(
    undefined,
    'link', 'add', 'name', name, 'type', 'bond', 'mode', p.mode,
    ...(p.xmitHashPolicy ? ['xmit_hash_policy', p.xmitHashPolicy] : []),
    ...(p.lacpActive ? ['lacp_active', p.lacpActive] : []),
  );
}

export function bonds(hm: HostModel, out: Desired): void {
  for (const b of hm.model.bonds) {
    if (b.host !== hm.host) continue;
    const bridge = b.bridge ? hm.model.bridges.get(hostKey(hm.host, b.bridge)) : undefined;
    if (b.bridge && bridge?.kind !== 'linux') continue; // a bond on an OVS bridge is an OVS bond
    const { params, note } = bondParams(b.stmt);
    const slaves = b.stmt.slaves.map((s) => s.value);
    out.devices.push({
      name: b.name,
      kind: 'bond',
      label: `bond ${b.name} (${params.mode}: ${slaves.join(', ')})`,
      span: b.stmt.span,
      feature: 'bonding',
      create: [createBond(b.name, params)],
      fixed: { mode: params.mode, ...(params.xmitHashPolicy ? { xmit_hash_policy: params.xmitHashPolicy } : {}), ...(params.lacpActive ? { ad_lacp_active: params.lacpActive } : {}) },
      explain: `Creates the Linux bond ${b.name} in ${params.mode} mode${note ? ` (${note})` : ''}: several NICs act as one link, for redundancy and, except in active-backup, more bandwidth.`,
    });
    for (const s of slaves) out.needs.push({ name: s, why: `it is a slave of bond ${b.name}`, span: b.stmt.span });
    out.wiring.push({
      label: `bond ${b.name} slaves ${slaves.join(',')}`,
      span: b.stmt.span,
      device: b.name,
      explain: `Enslaves ${slaves.join(' and ')} to ${b.name} (each brought down first, as the kernel requires; the bond brings them back up)${b.bridge ? `, makes ${b.name} a port of the Linux bridge ${b.bridge}` : ''} and brings the bond up.`,
      links: [
        ...slaves.map((name) => ({ name, origin: 'existing' as const, master: b.name, downFirst: true })),
        { name: b.name, origin: 'device', fresh: freshLink(b.name, { kind: 'bond' }), ...(b.bridge ? { master: b.bridge } : {}), up: true },
      ],
    });
  }
}
