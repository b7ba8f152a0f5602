/**
 * The probe's output → OVS state, facts (interface MTUs, what this OVS supports) and what
 * the host lacks for the model (VN201: OVS not installed or not running, no userspace
 * datapath, a tunnel type this build lacks, a bridge whose kernel datapath would not open,
 * ovs-vswitchd not applying changes). Offline (no outputs) the host is empty.
 */
import type { CommandResult } from '../../exec/command.js';
import type { HostFacts } from '../../lang/checks/rule.js';
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import { replugged } from '../container/fate.js';
import type { HostView, ProbeOutputs, ReadResult } from '../backend.js';
import { needsOvs, type Want } from './desired.js';
import { effective } from './fields.js';
import { foreignNotes } from './adopt.js';
import { deadPorts, HEALTH_PROBE_ID } from './health.js';
import { atoms, isMap, pairs, parseTables, single, type Row, type Table } from './ovsdb-json.js';
import { OVS_TIMEOUT, PROBE_ID, PROBE_TABLES } from './probe.js';
import { emptyState, type OvsBridge, type OvsIface, type OvsPort, type OvsState } from './state.js';
import { ovsString, renderAtom, renderSet } from './values.js';

/** The writable columns of a row as ovs-vsctl values; maps flattened to `column:key`, empty columns left out. */
function valuesOf(row: Row, columns: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of columns) {
    const cell = row.get(column);
    if (isMap(cell)) {
      for (const [k, v] of pairs(cell)) out.set(`${column}:${ovsString(k)}`, renderAtom(v));
      continue;
    }
    // An empty string is how OVS leaves a string column unset (datapath_type "", type "").
    const value = renderSet(atoms(cell).filter((a) => a !== ''));
    if (value !== undefined) out.set(column, value);
  }
  return out;
}

const num = (v: unknown): number | undefined => {
  const a = single(v);
  return typeof a === 'number' ? a : undefined;
};
const str = (v: unknown): string | undefined => {
  const a = single(v);
  return typeof a === 'string' ? a : undefined;
};

/** The four tables of the probe → state; undefined when the output is not what the probe prints. */
export function parseState(stdout: string): OvsState | undefined {
  const tables = parseTables(stdout);
  const expected = PROBE_TABLES.map(([, columns]) => columns.join(','));
  if (tables.length !== expected.length || tables.some((t, i) => t.headings.join(',') !== expected[i])) return undefined;
  const [system, bridgeTable, portTable, ifaceTable] = tables as [Table, Table, Table, Table];

  const ifaceByUuid = new Map<string, OvsIface>();
  for (const row of ifaceTable.rows) {
    const name = str(row.get('name'));
    if (!name) continue;
    const iface: OvsIface = { name, values: valuesOf(row, ['type', 'options', 'mtu_request']) };
    const [mtu, ofport, ifindex, error] = [num(row.get('mtu')), num(row.get('ofport')), num(row.get('ifindex')), str(row.get('error'))];
    if (mtu !== undefined) iface.mtu = mtu;
    if (ofport !== undefined) iface.ofport = ofport;
    if (ifindex !== undefined) iface.ifindex = ifindex;
    if (error) iface.error = error;
    ifaceByUuid.set(String(single(row.get('_uuid'))), iface);
  }
  const portByUuid = new Map<string, Omit<OvsPort, 'bridge'>>();
  for (const row of portTable.rows) {
    const name = str(row.get('name'));
    if (!name) continue;
    const ifaces = atoms(row.get('interfaces')).flatMap((u) => ifaceByUuid.get(String(u))?.name ?? []);
    portByUuid.set(String(single(row.get('_uuid'))), { name, values: valuesOf(row, ['tag', 'trunks', 'vlan_mode', 'bond_mode', 'lacp', 'external_ids']), ifaces });
  }
  const bridges = new Map<string, OvsBridge>();
  const ports = new Map<string, OvsPort>();
  for (const row of bridgeTable.rows) {
    const name = str(row.get('name'));
    if (!name) continue;
    const mine = atoms(row.get('ports')).flatMap((u) => portByUuid.get(String(u)) ?? []);
    for (const p of mine) ports.set(p.name, { ...p, bridge: name });
    bridges.set(name, { name, values: valuesOf(row, ['datapath_type', 'stp_enable', 'external_ids']), ports: mine.map((p) => p.name) });
  }
  const top = system.rows[0];
  const cfg = (column: string) => num(top?.get(column)) ?? 0;
  return {
    read: true,
    bridges,
    ports,
    ifaces: new Map([...ifaceByUuid.values()].map((i) => [i.name, i])),
    datapathTypes: atoms(top?.get('datapath_types')).map(String),
    ifaceTypes: atoms(top?.get('iface_types')).map(String),
    cfgBehind: Math.max(0, cfg('next_cfg') - cfg('cur_cfg')),
  };
}

/** MTUs of OVS interfaces, and `ovs`, `ovs-datapath-T`, `ovs-iface-T` for what this OVS supports. */
function factsOf(state: OvsState): HostFacts {
  const mtu = new Map<string, number>();
  for (const i of state.ifaces.values()) if (i.mtu && i.mtu > 0) mtu.set(i.name, i.mtu);
  const features = new Set(['ovs', ...state.datapathTypes.map((t) => `ovs-datapath-${t}`), ...state.ifaceTypes.map((t) => `ovs-iface-${t}`)]);
  return { mtu, features };
}

/** VN201/VN200 for a host where ovs-vsctl did not answer (only when the model needs OVS there). */
function unreachable(view: HostView, want: Want, r: CommandResult | undefined): Diagnostic {
  const span = want.bridges[0]!.span;
  const related = [{ span: view.host.span, message: `host ${view.name} declared here` }];
  const said = r?.stderr.trim().split('\n').filter((l) => !/\|(WARN|INFO|DBG)\|/.test(l)).pop()?.replace(/^ovs-vsctl: /, '');
  if (!r || r.code === 0) {
    return diag('VN200', span, `could not read Open vSwitch on ${view.name}: ${r ? 'ovs-vsctl printed something vsh does not understand' : 'no answer from ovs-vsctl'}`, { related });
  }
  if (r.code === 127 || /not found/.test(r.stderr)) {
    return diag('VN201', span, `Open vSwitch is not installed on ${view.name} (no ovs-vsctl), and the model has OVS bridges there`, {
      hint: `install it ('apt-get install openvswitch-switch' on Debian/Ubuntu, 'dnf install openvswitch' on Fedora/RHEL) and start it`,
      related,
    });
  }
  const why = r.code === 142 || /Alarm clock/.test(r.stderr) ? `ovsdb-server did not answer within ${OVS_TIMEOUT} s` : said || `ovs-vsctl exited ${r.code}`;
  return diag('VN201', span, `Open vSwitch is not running on ${view.name}: ${why}`, {
    hint: `start it ('systemctl start openvswitch-switch', or without systemd '/usr/share/openvswitch/scripts/ovs-ctl start')`,
    related,
  });
}

/** VN201 for what a running OVS lacks for this model. */
function lacks(view: HostView, want: Want, state: OvsState): Diagnostic[] {
  const out: Diagnostic[] = [];
  const host = view.name;
  const dp = view.host.datapath;
  if (dp && state.datapathTypes.length > 0 && !state.datapathTypes.includes(dp.value)) {
    out.push(diag('VN201', dp.span, `Open vSwitch on ${host} has no '${dp.value}' datapath (it offers: ${state.datapathTypes.join(', ')})`, { hint: `use 'datapath ${state.datapathTypes[0]}'` }));
  }
  const ports = want.bridges.flatMap((b) => b.ports);
  for (const p of ports) {
    if (p.role !== 'tunnel' || state.ifaceTypes.length === 0 || state.ifaceTypes.includes(p.type)) continue;
    out.push(diag('VN201', p.span, `Open vSwitch on ${host} has no ${p.type} tunnel ports (interface types: ${state.ifaceTypes.join(', ')})`, { hint: 'use a tunnel type listed there' }));
  }
  if (state.cfgBehind > 0) {
    out.push(
      diag('VN201', want.bridges[0]!.span, `ovs-vswitchd on ${host} has not applied the last ${state.cfgBehind} change(s) in its database: it is probably not running`, {
        severity: 'warning',
        hint: `start it ('systemctl start openvswitch-switch', or 'ovs-ctl start'); until then every ovs-vsctl change waits for it`,
      }),
    );
    return out;
  }
  // A bridge whose own interface has no OpenFlow port never came up: with the system datapath, the kernel module is missing.
  for (const b of want.bridges) {
    const actual = state.bridges.get(b.name);
    const own = state.ifaces.get(b.name);
    if (!actual || !own || (own.ofport !== undefined && own.ofport >= 0)) continue;
    if (effective('Bridge', 'datapath_type', actual.values.get('datapath_type')) !== 'system') continue;
    out.push(
      diag('VN201', b.span, `Open vSwitch on ${host} could not open the kernel datapath of bridge ${b.name} (no openvswitch kernel module?)`, {
        hint: `add 'datapath netdev' to host ${host}: the userspace datapath needs no kernel module`,
      }),
    );
  }
  return out;
}

/** The state without some ports (and their interfaces). */
function withoutPorts(state: OvsState, gone: ReadonlySet<string>): OvsState {
  const ports = new Map([...state.ports].filter(([name]) => !gone.has(name)));
  const ifaces = new Map([...state.ifaces].filter(([name]) => !gone.has(name)));
  const bridges = new Map([...state.bridges].map(([name, b]) => [name, { ...b, ports: b.ports.filter((p) => !gone.has(p)) }]));
  return { ...state, bridges, ports, ifaces };
}

/** Probe outputs → state, facts and diagnostics, for the model's wants on this host. */
export function readOvs(view: HostView, outputs: ProbeOutputs, want: Want): ReadResult<OvsState> {
  const diagnostics: Diagnostic[] = [];
  if (!outputs) return { state: emptyState(), diagnostics };
  const r = outputs.get(PROBE_ID);
  const state = r?.code === 0 ? parseState(r.stdout) : undefined;
  if (!state) {
    if (needsOvs(want)) diagnostics.push(unreachable(view, want, r));
    return { state: emptyState(), diagnostics };
  }
  if (needsOvs(want)) for (const x of lacks(view, want, state)) diagnostics.push(x);
  // Ports into a container that gets a new network namespace are plugged again: OVS keeps a
  // dead handle for a veth re-made under the same name, so they read as absent (re-added).
  const gone = replugged(view, outputs).ports;
  const kept = gone.size ? withoutPorts(state, gone) : state;
  const notes = foreignNotes(view, want, kept);
  return { state: { ...kept, dead: deadPorts(kept, outputs.get(HEALTH_PROBE_ID)) }, facts: factsOf(state), diagnostics, ...(notes.length ? { notes } : {}) };
}
