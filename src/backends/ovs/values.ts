/**
 * OVSDB values as `ovs-vsctl` reads them in `COLUMN[:KEY]=VALUE`. Read state and the
 * model are both rendered here, so that comparing two values is comparing two strings,
 * and a value read from a host can be written back as it is (undo of a removal).
 */
import type { VlanItem } from '../../lang/ast.js';
import { expandVlans, formatVlans } from '../../lang/vlans.js';
import type { Atom } from './ovsdb-json.js';

/** A string ovs-vsctl takes without quotes (names, numbers, IPv4 addresses, `native-untagged`). */
const BARE = /^[A-Za-z0-9_.-]+$/;

/** A string value: bare where ovs-vsctl reads it so, else a JSON string (its quoting). */
export function ovsString(s: string): string {
  return BARE.test(s) ? s : JSON.stringify(s);
}

export function renderAtom(a: Atom): string {
  return typeof a === 'string' ? ovsString(a) : String(a);
}

/** A set: integers collapsed to ranges (`10,20,30-39`, which ovs-vsctl expands), else comma-joined; empty = undefined. */
export function renderSet(set: readonly Atom[]): string | undefined {
  if (set.length === 0) return undefined;
  if (set.every((a) => typeof a === 'number' && Number.isInteger(a))) return formatVlans(set as number[]);
  return set.map(renderAtom).join(',');
}

/** A `trunk` list as the `trunks` value (`10,20,30-39`), or undefined for no list. */
export function trunkList(items: readonly VlanItem[] | undefined): string | undefined {
  return items ? formatVlans(expandVlans(items)) || undefined : undefined;
}
