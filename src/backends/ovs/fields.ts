/**
 * The columns vsh manages, as data: the model wants record R of table T to have value V
 * in column C (`V` undefined: the column must be empty). Diffing, the `set`/`clear`
 * segments of a change, its undo and its verify condition all come from this one shape,
 * so they cannot disagree.
 */
import type { OvsState, Values } from './state.js';

export type Table = 'Bridge' | 'Port' | 'Interface';

export interface Field {
  table: Table;
  record: string;
  /** A column, or `column:key` of a map column (the key as ovs-vsctl reads it). */
  column: string;
  /** As ovs-vsctl writes it (`values.ts`); undefined = empty. */
  value: string | undefined;
}

/** Columns that OVS reads as a value when empty: '' is the system datapath and a system interface. */
const WHEN_EMPTY: Readonly<Record<string, string>> = {
  'Bridge.datapath_type': 'system',
  'Bridge.stp_enable': 'false',
  'Interface.type': 'system',
};

/** What a column means: its value, or what OVS takes an empty column to be. */
export function effective(table: Table, column: string, value: string | undefined): string | undefined {
  return value ?? WHEN_EMPTY[`${table}.${column}`];
}

/** Whether a new record has this value anyway (nothing to write when creating it). */
export function isFresh(f: Field): boolean {
  return effective(f.table, f.column, f.value) === effective(f.table, f.column, undefined);
}

/** The values of a record, if the host has it. */
export type Lookup = (table: Table, record: string) => Values | undefined;

export function lookupIn(state: OvsState): Lookup {
  return (table, record) => (table === 'Bridge' ? state.bridges : table === 'Port' ? state.ports : state.ifaces).get(record)?.values;
}

/** A wanted field whose record has something else: what to write, and what was there (for the undo). */
export interface FieldChange {
  want: Field;
  was: Field;
}

export function changedFields(want: readonly Field[], lookup: Lookup): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of want) {
    const old = lookup(f.table, f.record)?.get(f.column);
    if (effective(f.table, f.column, old) !== effective(f.table, f.column, f.value)) out.push({ want: f, was: { ...f, value: old } });
  }
  return out;
}

const show = (f: Field) => effective(f.table, f.column, f.value) ?? '(none)';

/** `tag: 10 -> 20`, for the plan. */
export function describeChange(c: FieldChange): string {
  return `${c.want.column}: ${show(c.was)} -> ${show(c.want)}`;
}

/** Split `column:key` (column names have no ':'). */
function splitKey(column: string): [string, string | undefined] {
  const i = column.indexOf(':');
  return i === -1 ? [column, undefined] : [column.slice(0, i), column.slice(i + 1)];
}

/** In order, grouped by record: Map of `Table record` → fields. */
function byRecord(fields: readonly Field[]): Field[][] {
  const groups = new Map<string, Field[]>();
  for (const f of fields) {
    const k = `${f.table} ${f.record}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.values()];
}

/** `COLUMN[:KEY]=VALUE` for the fields that have a value. */
export function assignments(fields: readonly Field[]): string[] {
  return fields.filter((f) => f.value !== undefined).map((f) => `${f.column}=${f.value}`);
}

/**
 * ovs-vsctl commands (`--`-separated segments) that give records these values: one `set`
 * per record for the values, `clear` for an emptied column, `remove` for a map key.
 */
export function writeSegments(fields: readonly Field[]): string[][] {
  const out: string[][] = [];
  for (const group of byRecord(fields)) {
    const { table, record } = group[0]!;
    const sets = assignments(group);
    if (sets.length > 0) out.push(['set', table, record, ...sets]);
    for (const f of group.filter((g) => g.value === undefined)) {
      const [column, key] = splitKey(f.column);
      out.push(key === undefined ? ['clear', table, record, column] : ['remove', table, record, column, key]);
    }
  }
  return out;
}

/**
 * `wait-until` segments that hold once records have these values (`tag=[]` for an empty
 * column; an absent map key cannot be waited for, so it is left out).
 */
export function waitSegments(fields: readonly Field[]): string[][] {
  return byRecord(fields).map((group) => {
    const { table, record } = group[0]!;
    const conditions = group.filter((f) => f.value !== undefined || !f.column.includes(':')).map((f) => `${f.column}=${f.value ?? '[]'}`);
    return ['wait-until', table, record, ...conditions];
  });
}
