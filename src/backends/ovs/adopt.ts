/**
 * Declaring an OVS bridge or port that vsh did not make adopts nothing. The plan says the
 * object exists and is not vsh's (a note); apply changes only the columns the script
 * names and never marks it as vsh's; before it first changes a column it keeps the value
 * that was there in the object's own external_ids (`vsh-was.TABLE.COLUMN`, the value as
 * ovs-vsctl writes it, '' for an empty column), so that destroy puts back exactly what it
 * changed — and removes nothing. A port moved onto another bridge keeps `vsh-was.bridge`
 * and goes back there.
 */
import type { HostView } from '../backend.js';
import type { Want } from './desired.js';
import { type Field, type FieldChange, type Table, writeSegments } from './fields.js';
import { isOwned, type OvsState, type Values } from './state.js';
import { ovsString } from './values.js';

const PREFIX = 'vsh-was.';

/** The Bridge or Port row that carries a field's kept value: an Interface's is its port's (or its bridge's own). */
function holder(state: OvsState, f: Field): { table: 'Bridge' | 'Port'; record: string } {
  if (f.table === 'Bridge' || f.table === 'Port') return { table: f.table, record: f.record };
  return state.bridges.has(f.record) ? { table: 'Bridge', record: f.record } : { table: 'Port', record: f.record };
}

const valuesOf = (state: OvsState, h: { table: 'Bridge' | 'Port'; record: string }): Values | undefined =>
  (h.table === 'Bridge' ? state.bridges : state.ports).get(h.record)?.values;

/** Whether a row exists and vsh did not make it. */
export function isForeign(state: OvsState, table: 'Bridge' | 'Port', record: string): boolean {
  const row = (table === 'Bridge' ? state.bridges : state.ports).get(record);
  return row !== undefined && !isOwned(row);
}

/** `vsh-was.Interface.mtu_request` (a map column's ':' as '.'). */
const keyOf = (table: Table | 'Port', column: string) => `${PREFIX}${table}.${column.replace(/:/g, '.')}`;

/** A kept value as read back (ovs-vsctl's rendering of a string) → the value to write, undefined for "was empty". */
function keptValue(read: string): string | undefined {
  const raw = read.startsWith('"') ? (JSON.parse(read) as string) : read;
  return raw === '' ? undefined : raw;
}

/**
 * For changes to rows vsh did not make: segments that keep each old value first (only the
 * first time: a second apply must not keep vsh's own value), and the undo of that.
 */
export function keepBefore(state: OvsState, changes: readonly FieldChange[]): { keep: string[][]; unkeep: string[][] } {
  const keep: Field[] = [];
  const unkeep: Field[] = [];
  for (const c of changes) {
    const h = holder(state, c.want);
    if (!isForeign(state, h.table, h.record)) continue;
    const column = `external_ids:${keyOf(c.want.table, c.want.column)}`;
    if (valuesOf(state, h)?.has(column)) continue;
    keep.push({ ...h, column, value: ovsString(c.was.value ?? '') });
    unkeep.push({ ...h, column, value: undefined });
    // An empty mtu_request leaves the MTU as it is: keep the MTU too, for destroy to ask for it before clearing.
    const mtu = state.ifaces.get(c.want.record)?.mtu;
    if (c.want.table === 'Interface' && c.want.column === 'mtu_request' && c.was.value === undefined && mtu) {
      keep.push({ ...h, column: `external_ids:${keyOf('Interface', 'mtu')}`, value: String(mtu) });
      unkeep.push({ ...h, column: `external_ids:${keyOf('Interface', 'mtu')}`, value: undefined });
    }
  }
  return { keep: writeSegments(keep), unkeep: writeSegments(unkeep) };
}

/** The segment that keeps a foreign port's bridge before it is moved. */
export const keepBridge = (port: string, bridge: string): string[] => ['set', 'Port', port, `external_ids:${keyOf('Port', 'bridge')}=${ovsString(bridge)}`];

/** The kept values of a row: the fields to write back, and the kept bridge of a moved port. */
export function keptFields(state: OvsState, table: 'Bridge' | 'Port', record: string): { fields: Field[]; keys: Field[]; bridge?: string; mtu?: string } {
  const fields: Field[] = [];
  const keys: Field[] = [];
  let bridge: string | undefined;
  let mtu: string | undefined;
  for (const [column, value] of valuesOf(state, { table, record }) ?? []) {
    if (!column.startsWith(`external_ids:${PREFIX}`)) continue;
    keys.push({ table, record, column, value: undefined });
    const [t, ...rest] = column.slice(`external_ids:${PREFIX}`.length).split('.');
    if (t === 'Port' && rest.join('.') === 'bridge') bridge = keptValue(value);
    else if (t === 'Interface' && rest.join('.') === 'mtu') mtu = keptValue(value);
    else if (t === 'Bridge' || t === 'Port' || t === 'Interface') fields.push({ table: t, record, column: rest.join(':'), value: keptValue(value) });
  }
  return { fields, keys, ...(bridge ? { bridge } : {}), ...(mtu ? { mtu } : {}) };
}

/** Plan notes: each declared bridge and port that exists and is not vsh's. */
export function foreignNotes(view: HostView, want: Want, state: OvsState): string[] {
  const notes: string[] = [];
  const say = (what: string) => `${what} on ${view.name} exists, not ours: vsh changes only what the script says, never removes it, and destroy puts back what it changed`;
  for (const b of want.bridges) {
    if (isForeign(state, 'Bridge', b.name)) notes.push(say(`bridge ${b.name}`));
    for (const p of b.ports) if (isForeign(state, 'Port', p.name)) notes.push(say(`${p.role} ${p.name}`));
  }
  return notes;
}
