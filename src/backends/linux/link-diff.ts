/**
 * One link, wanted against read: the commands that change only what differs (MTU, STP,
 * VLAN filtering, master, VLANs, addresses, up), their undo, and a `field: old -> new`
 * line per difference. Used by the wiring steps and, with a fresh link, for new devices.
 */
import type { Command } from '../../exec/command.js';
import { ip, linkSet } from './commands.js';
import { describeVlans, vlanDiff } from './bridge-vlans.js';
import type { LinkWant } from './spec.js';
import type { LinkState, PortVlans } from './state.js';

export interface LinkDiff {
  changes: string[];
  commands: Command[];
  undo: Command[];
}

const onOff = (v: boolean) => (v ? 'on' : 'off');
const list = (a: readonly string[]) => (a.length ? a.join(', ') : 'none');

/** `have` is the link as read (or as created); `vlans` its current bridge VLAN membership. */
export function diffLink(want: LinkWant, have: LinkState, vlans: PortVlans): LinkDiff {
  const { name, ns } = want;
  const changes: string[] = [];
  const commands: Command[] = [];
  const undos: Command[][] = [];
  const field = (text: string, cmds: Command[], undo: Command[]) => {
    changes.push(text);
    for (const x of cmds) commands.push(x);
    undos.push(undo);
  };

  if (want.mtu !== undefined && have.mtu !== want.mtu) {
    field(`mtu: ${have.mtu ?? '?'} -> ${want.mtu}`, [linkSet(ns, name, 'mtu', String(want.mtu))], have.mtu ? [linkSet(ns, name, 'mtu', String(have.mtu))] : []);
  }
  for (const [key, setting, wanted] of [
    ['stp', 'stp_state', want.stp],
    ['vlan_filtering', 'vlan_filtering', want.vlanFiltering],
  ] as const) {
    const now = (have.settings[setting] ?? 0) !== 0; // stp_state 2 is STP in user space (mstpd): on too
    if (wanted === undefined || now === wanted) continue;
    field(`${key}: ${onOff(now)} -> ${onOff(wanted)}`, [linkSet(ns, name, 'type', 'bridge', setting, wanted ? '1' : '0')], [linkSet(ns, name, 'type', 'bridge', setting, now ? '1' : '0')]);
  }
  if (want.master !== undefined && have.master !== want.master) {
    const enslave = [...(want.downFirst && have.up ? [linkSet(ns, name, 'down')] : []), linkSet(ns, name, 'master', want.master)];
    // Released from a bond, a slave stays down: bring it back up if it was up before.
    const back = [linkSet(ns, name, ...(have.master ? ['master', have.master] : ['nomaster'])), ...(want.downFirst && have.up ? [linkSet(ns, name, 'up')] : [])];
    field(`master: ${have.master ?? 'none'} -> ${want.master}`, enslave, back);
  }
  if (want.vlans) {
    const d = vlanDiff(name, want.vlans, vlans);
    if (d) field(`vlans: ${describeVlans(vlans)} -> ${describeVlans(want.vlans)}`, d.commands, d.undo);
  }
  if (want.addresses) {
    const add = want.addresses.filter((a) => !have.addresses.includes(a));
    const del = have.addresses.filter((a) => !want.addresses!.includes(a));
    const addr = (verb: 'add' | 'del', a: string) => ip(ns, 'addr', verb, a, 'dev', name);
    if (add.length || del.length) {
      field(
        `address: ${list(have.addresses)} -> ${list(want.addresses)}`,
        [...del.map((a) => addr('del', a)), ...add.map((a) => addr('add', a))],
        [...add.map((a) => addr('del', a)), ...del.map((a) => addr('add', a))],
      );
    }
  }
  if (want.up && !have.up) field('state: down -> up', [linkSet(ns, name, 'up')], [linkSet(ns, name, 'down')]);
  return { changes, commands, undo: undos.reverse().flat() };
}
