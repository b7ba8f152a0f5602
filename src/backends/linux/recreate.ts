/**
 * Commands that bring back a link vsh is about to delete, as it was read (the undo of a
 * removal): the device with its settings, the mark, its master, addresses and state.
 * Undefined for what cannot be rebuilt from what was read (a veth whose peer sits in a
 * namespace the model does not name, a kind vsh does not make).
 */
import type { Command } from '../../exec/command.js';
import { createBond } from './bond.js';
import { createBridge } from './bridge.js';
import { isVshLink } from '../ownership.js';
import { ip, linkSet, mark } from './commands.js';
import { createMacvtap } from './macvtap.js';
import { createTap, createVeth } from './port.js';
import type { LinkState } from './state.js';
import { createTunnel } from './tunnel.js';
import { createVlan } from './vlan.js';

const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** `0.0.0.42` (how iproute2 prints a GRE key) → 42. */
const greKey = (v: unknown): number | undefined => (s(v)?.split('.').reduce((acc, x) => acc * 256 + Number(x), 0));

function createOf(l: LinkState): Command | undefined {
  const d = l.settings;
  const mtu = l.mtu && l.mtu !== 1500 ? l.mtu : undefined;
  switch (l.kind) {
    case 'bridge':
      return createBridge(l.name, { ...(mtu ? { mtu } : {}), stp: d.stp_state === 1, vlanFiltering: d.vlan_filtering === 1 });
    case 'tun':
      return d.type === 'tap' ? createTap(l.name) : undefined;
    case 'veth': {
      const [ns, peer] = l.peer?.split(':') ?? [];
      return peer ? createVeth(l.name, { peer, ...(ns ? { ns } : {}), ...(mtu ? { mtu } : {}) }) : undefined;
    }
    case 'vxlan':
    case 'geneve':
    case 'gretap': {
      const remote = s(d.remote);
      if (!remote) return undefined;
      const id = l.kind === 'gretap' ? greKey(d.ikey) : n(d.id);
      return createTunnel(l.name, { kind: l.kind, remote, ...(s(d.local) ? { local: s(d.local)! } : {}), ...(id !== undefined ? { id } : {}), ...(n(d.port) ? { dstport: n(d.port)! } : {}), ...(mtu ? { mtu } : {}) });
    }
    case 'macvtap':
      return l.parent && s(d.mode) ? createMacvtap(l.name, l.parent, s(d.mode)!) : undefined;
    case 'vlan':
      return l.parent && n(d.id) !== undefined ? createVlan(l.name, l.parent, n(d.id)!) : undefined;
    case 'bond':
      return s(d.mode)
        ? createBond(l.name, { mode: s(d.mode)!, ...(s(d.xmit_hash_policy) && d.mode === '802.3ad' ? { xmitHashPolicy: s(d.xmit_hash_policy)! } : {}) })
        : undefined;
    default:
      return undefined;
  }
}

export function recreate(l: LinkState): Command[] | undefined {
  const create = createOf(l);
  if (!create) return undefined;
  return [
    create,
    ...(l.alias && isVshLink(l.alias) ? [mark(l.name, l.alias)] : []),
    ...(l.master ? [linkSet(undefined, l.name, 'master', l.master)] : []),
    ...l.addresses.map((a) => ip(undefined, 'addr', 'add', a, 'dev', l.name)),
    ...(l.up ? [linkSet(undefined, l.name, 'up')] : []),
  ];
}
