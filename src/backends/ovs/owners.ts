/**
 * Shared ownership of OVS bridges. The project that makes a bridge marks it
 * `external_ids:vsh=PROJECT`; every other project that declares it too adds
 * `external_ids:vsh-owner.PROJECT=1` (a key per project: adding or dropping one owner never
 * rewrites the others'). A bridge is removed only when its last owner drops it; before
 * that, a project that drops it (destroy, or a script that no longer declares it) only
 * takes its own mark off — and if that was the `vsh` mark, hands it to another owner.
 * The host locks (exec/host-lock.ts) make each read-and-mark one at a time.
 */
import { ovsMark } from '../ownership.js';
import { OWNED_KEY, type OvsBridge } from './state.js';

const OWNER_KEY = 'external_ids:vsh-owner.';

/** The marks of every project that owns the bridge, the maker first (none: vsh did not make it). */
export function ownersOf(b: OvsBridge | undefined): string[] {
  const maker = b?.values.get(OWNED_KEY);
  if (maker === undefined) return [];
  const others = [...b!.values.keys()].filter((k) => k.startsWith(OWNER_KEY)).map((k) => k.slice(OWNER_KEY.length));
  return [maker, ...others.filter((o) => o !== maker)];
}

/** Segments that add `project` as an owner of a bridge vsh made for another project, and their undo; undefined when it owns it already (or nobody does). */
export function share(b: OvsBridge, project: string | undefined): { add: string[][]; undo: string[][]; line: string } | undefined {
  const owners = ownersOf(b);
  const me = ovsMark(project);
  if (owners.length === 0 || owners.includes(me)) return undefined;
  return {
    add: [['set', 'Bridge', b.name, `${OWNER_KEY}${me}=1`]],
    undo: [['remove', 'Bridge', b.name, 'external_ids', `${OWNER_KEY.slice('external_ids:'.length)}${me}`]],
    line: `owners: ${owners.join(',')} -> ${[...owners, me].join(',')}`,
  };
}

/** When other projects own the bridge too: the segments that take `project`'s mark off instead of deleting it, their undo, and who stays. */
export function release(b: OvsBridge, project: string | undefined): { drop: string[][]; undo: string[][]; line: string; others: string[] } | undefined {
  const owners = ownersOf(b);
  const me = ovsMark(project);
  const others = owners.filter((o) => o !== me);
  if (!owners.includes(me) || others.length === 0) return undefined;
  const key = (o: string) => `${OWNER_KEY.slice('external_ids:'.length)}${o}`;
  const line = `owners: ${owners.join(',')} -> ${others.join(',')}`;
  if (owners[0] !== me) return { drop: [['remove', 'Bridge', b.name, 'external_ids', key(me)]], undo: [['set', 'Bridge', b.name, `${OWNER_KEY}${me}=1`]], line, others };
  // The maker's mark goes to the next owner.
  const next = others[0]!;
  return {
    drop: [['set', 'Bridge', b.name, `${OWNED_KEY}=${next}`], ['remove', 'Bridge', b.name, 'external_ids', key(next)]],
    undo: [['set', 'Bridge', b.name, `${OWNED_KEY}=${me}`, `${OWNER_KEY}${next}=1`]],
    line,
    others,
  };
}
