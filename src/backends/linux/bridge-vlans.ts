/**
 * VLANs on Linux bridge ports (`bridge vlan`), used only where the kernel has VLAN
 * filtering (elsewhere VN115 reports the tagged port). A filtering bridge gives every
 * port VLAN 1 as PVID, untagged; an access port (`tag 10`) becomes `vid 10 pvid untagged`
 * and leaves VLAN 1, a trunk carries its list tagged, a native trunk both.
 */
import type { PortStmt, VlanItem } from '../../lang/ast.js';
import { expandVlans, formatVlans, isValidVid } from '../../lang/vlans.js';
import type { Command } from '../../exec/command.js';
import { bridgeCmd } from './commands.js';
import type { PortVlans } from './state.js';

type Flags = { pvid: boolean; untagged: boolean };
const TAGGED: Flags = { pvid: false, untagged: false };
const NATIVE: Flags = { pvid: true, untagged: true };

/** What the kernel gives a port when it joins a filtering bridge. */
export const defaultVlans = (): PortVlans => new Map([[1, NATIVE]]);

function tagged(vids: Iterable<number>, into: PortVlans = new Map()): PortVlans {
  for (const v of vids) if (isValidVid(v) && !into.has(v)) into.set(v, TAGGED);
  return into;
}

/** Membership a port statement asks for (undefined: neither `tag` nor `trunk`). */
export function portVlans(s: PortStmt): PortVlans | undefined {
  if (!s.tag && !s.trunk) return undefined;
  const out: PortVlans = new Map();
  if (s.tag) out.set(s.tag.value, NATIVE);
  return tagged(expandVlans(s.trunk?.value ?? []), out);
}

/**
 * Membership of a port that carries "every VLAN" (a tunnel without `trunk`): a filtering
 * bridge has no "all", so it is untagged VLAN 1 plus every VLAN the bridge uses, tagged.
 */
export function carrierVlans(trunk: readonly VlanItem[] | undefined, used: readonly number[]): PortVlans {
  return trunk ? tagged(expandVlans(trunk)) : tagged(used, defaultVlans());
}

const same = (a: Flags | undefined, b: Flags | undefined) => a?.pvid === b?.pvid && a?.untagged === b?.untagged;

/** `10 pvid untagged, 20,30-39` for change lines. */
export function describeVlans(v: PortVlans): string {
  if (v.size === 0) return 'none';
  const groups = new Map<string, number[]>();
  for (const [vid, f] of [...v].sort((a, b) => a[0] - b[0])) {
    const key = [f.pvid ? ' pvid' : '', f.untagged ? ' untagged' : ''].join('');
    groups.set(key, [...(groups.get(key) ?? []), vid]);
  }
  return [...groups].map(([flags, vids]) => formatVlans(vids) + flags).join(', ');
}

/** `bridge vlan add|del` commands for `vids` with `flags` (consecutive ids as one range; a PVID is one id). */
function vlanCommands(verb: 'add' | 'del', dev: string, entries: [number, Flags][]): Command[] {
  const out: Command[] = [];
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < sorted.length; ) {
    const [from, f] = sorted[i]!;
    let j = i;
    while (!f.pvid && j + 1 < sorted.length && sorted[j + 1]![0] === sorted[j]![0] + 1 && same(sorted[j + 1]![1], f)) j++;
    const vid = j > i ? `${from}-${sorted[j]![0]}` : `${from}`;
    const flags = verb === 'add' ? [...(f.pvid ? ['pvid'] : []), ...(f.untagged ? ['untagged'] : [])] : [];
    out.push(bridgeCmd('vlan', verb, 'dev', dev, 'vid', vid, ...flags));
    i = j + 1;
  }
  return out;
}

/** Commands that turn `have` into `want` on port `dev` (adds first, so a new PVID is in place before VLAN 1 goes), and back. */
export function vlanDiff(dev: string, want: PortVlans, have: PortVlans): { commands: Command[]; undo: Command[] } | undefined {
  const add = [...want].filter(([v, f]) => !same(have.get(v), f));
  const del = [...have].filter(([v]) => !want.has(v));
  if (add.length === 0 && del.length === 0) return undefined;
  const restore = [...have].filter(([v, f]) => !same(want.get(v), f));
  const drop = [...want].filter(([v]) => !have.has(v));
  return {
    commands: [...vlanCommands('add', dev, add), ...vlanCommands('del', dev, del)],
    undo: [...vlanCommands('add', dev, restore), ...vlanCommands('del', dev, drop)],
  };
}
