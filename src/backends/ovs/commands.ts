/**
 * ovs-vsctl argv, as a person would type it. Each step is ONE ovs-vsctl command whose
 * `--`-separated parts make one object whole (`add-br X -- set Bridge X …`), marked
 * `batch: 'ovs-vsctl'` so that the applier joins consecutive steps into one ovsdb
 * transaction per host. Creation uses `--may-exist` and removal `--if-exists`, so every
 * command can run twice. Names only ever travel as argv elements.
 */
import type { Command } from '../../exec/command.js';
import { assignments, isFresh, waitSegments, writeSegments, type Field, type Table } from './fields.js';
import { OVS_TIMEOUT } from './probe.js';
import { ovsMark } from '../ownership.js';
import { OWNED_KEY, type OvsBridge, type OvsPort, type OvsState, type Values } from './state.js';

/** One ovs-vsctl command of `--`-joined parts. */
export function vsctl(...segments: readonly (readonly string[])[]): Command {
  return { argv: ['ovs-vsctl', ...segments.flatMap((s, i) => (i === 0 ? s : ['--', ...s]))], batch: 'ovs-vsctl' };
}

/** A read-only check that holds once the fields have these values (waits at most OVS_TIMEOUT). */
export function waitUntil(fields: readonly Field[], exists: { table: Table; record: string }): Command {
  const parts = fields.length > 0 ? waitSegments(fields) : [['wait-until', exists.table, exists.record]];
  return { argv: ['ovs-vsctl', `--timeout=${OVS_TIMEOUT}`, ...parts.flatMap((s, i) => (i === 0 ? s : ['--', ...s]))] };
}

/** The mark of what vsh made, for `project` (ownership.ts). */
export const owned = (table: 'Bridge' | 'Port', record: string, project: string | undefined): Field => ({ table, record, column: OWNED_KEY, value: ovsMark(project) });

/** A record's values as fields (to write back what was read). */
export function fieldsOf(table: Table, record: string, values: Values | undefined): Field[] {
  return [...(values ?? [])].map(([column, value]) => ({ table, record, column, value }));
}

/** What a port is made of, for add-port/add-bond. */
export interface PortShape {
  bridge: string;
  name: string;
  /** A bond's slaves; absent for a one-interface port. */
  slaves?: readonly string[] | undefined;
}

/** `--may-exist add-br B -- set Bridge B … [-- set Interface B …]`, leaving out what a new bridge has anyway. */
export function addBridge(name: string, fields: readonly Field[]): string[][] {
  const needed = fields.filter((f) => !isFresh(f));
  const sets = assignments(needed.filter((f) => f.table === 'Bridge'));
  return [
    ['--may-exist', 'add-br', name],
    ...(sets.length > 0 ? [['set', 'Bridge', name, ...sets]] : []),
    ...writeSegments(needed.filter((f) => f.table === 'Interface')),
  ];
}

/** `--may-exist add-port B P col=v… [-- set Interface P …]` (or add-bond with its slaves). */
export function addPort(p: PortShape, fields: readonly Field[]): string[][] {
  const needed = fields.filter((f) => !isFresh(f));
  const head = p.slaves ? ['--may-exist', 'add-bond', p.bridge, p.name, ...p.slaves] : ['--may-exist', 'add-port', p.bridge, p.name];
  return [[...head, ...assignments(needed.filter((f) => f.table === 'Port'))], ...writeSegments(needed.filter((f) => f.table === 'Interface'))];
}

export const delPort = (bridge: string, name: string): string[] => ['--if-exists', 'del-port', bridge, name];
export const delBridge = (name: string): string[] => ['--if-exists', 'del-br', name];

/** A port as read, to put back as it was: its columns, its interface's columns (a bond's slaves keep defaults). */
export function portAsRead(state: OvsState, p: OvsPort): { shape: PortShape; fields: Field[] } {
  const bond = p.ifaces.length > 1;
  return {
    shape: { bridge: p.bridge, name: p.name, ...(bond ? { slaves: p.ifaces } : {}) },
    fields: [...fieldsOf('Port', p.name, p.values), ...(bond ? [] : fieldsOf('Interface', p.name, state.ifaces.get(p.name)?.values))],
  };
}

/** A bridge as read with all its ports: what undoes its del-br. */
export function bridgeAsRead(state: OvsState, b: OvsBridge): string[][] {
  const own = [...fieldsOf('Bridge', b.name, b.values), ...fieldsOf('Interface', b.name, state.ifaces.get(b.name)?.values).filter((f) => f.column === 'mtu_request')];
  const ports = b.ports.filter((n) => n !== b.name).flatMap((n) => {
    const p = state.ports.get(n);
    if (!p) return [];
    const { shape, fields } = portAsRead(state, p);
    return addPort(shape, fields);
  });
  return [...addBridge(b.name, own), ...ports];
}
