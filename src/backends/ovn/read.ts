/**
 * Reading OVN. On the central host ONE ovn-nbctl invocation lists the six northbound tables
 * vsh manages and NB_Global's nb_cfg (one `--`-separated `list` each, one JSON line each) and one ovn-sbctl the
 * chassis' tunnel addresses (to name a gateway chassis by its host); on a chassis host one
 * ovs-vsctl reads the Open_vSwitch external_ids and the interfaces on br-int.
 */
import type { CommandResult } from '../../exec/command.js';
import { atoms, pairs, parseTables, single, type Row } from '../ovs/ovsdb-json.js';
import type { Probe } from '../backend.js';
import { emptyNb, routeKey, type Actual } from './nb.js';

/** Seconds ovn-nbctl/ovn-sbctl/ovs-vsctl wait for their database while reading. */
export const READ_TIMEOUT = 5;

export const NB_PROBE = 'ovn.nb';
export const SB_PROBE = 'ovn.sb';
export const CHASSIS_PROBE = 'ovn.chassis';

const NB_TABLES = [
  ['Logical_Switch', ['_uuid', 'name', 'ports', 'other_config', 'external_ids']],
  ['Logical_Switch_Port', ['_uuid', 'name', 'type', 'addresses', 'options', 'tag', 'external_ids']],
  ['Logical_Router', ['_uuid', 'name', 'ports', 'static_routes', 'external_ids']],
  ['Logical_Router_Port', ['_uuid', 'name', 'mac', 'networks', 'gateway_chassis', 'external_ids']],
  ['Gateway_Chassis', ['_uuid', 'chassis_name', 'priority']],
  ['Logical_Router_Static_Route', ['_uuid', 'ip_prefix', 'nexthop', 'external_ids']],
  // nb_cfg as read: apply's merged transaction-and-wait tells from it whether a timed-out transaction was committed;
  // external_ids: the record of what each host was last made to match (record.ts).
  ['NB_Global', ['nb_cfg', 'external_ids']],
] as const;

const listing = (tool: string, tables: readonly (readonly [string, readonly string[]])[]): string[] => [
  tool,
  `--timeout=${READ_TIMEOUT}`,
  '--format=json',
  ...tables.flatMap(([t, cols], i) => [...(i > 0 ? ['--'] : []), `--columns=${cols.join(',')}`, 'list', t]),
];

export const nbProbe: Probe = { id: NB_PROBE, command: { argv: listing('ovn-nbctl', NB_TABLES) } };
export const sbProbe: Probe = { id: SB_PROBE, command: { argv: listing('ovn-sbctl', [['Encap', ['chassis_name', 'ip']]]) } };
export const chassisProbe: Probe = {
  id: CHASSIS_PROBE,
  command: { argv: listing('ovs-vsctl', [['Open_vSwitch', ['external_ids']], ['Interface', ['name', 'external_ids', 'ofport']]]) },
};

const str = (v: unknown): string => String(single(v) ?? '');
const owner = (row: Row): { owner?: string } => {
  const o = pairs(row.get('external_ids')).get('vsh');
  return o === undefined ? {} : { owner: String(o) };
};

/** The northbound rows, or undefined when the output is not the seven tables (the caller says why). */
export function parseNb(r: CommandResult | undefined): Actual | undefined {
  if (!r || r.code !== 0) return undefined;
  const tables = parseTables(r.stdout);
  if (tables.length !== NB_TABLES.length) return undefined;
  const [ls, lsp, lr, lrp, gw, routes, global] = tables.map((t) => t.rows) as [Row[], Row[], Row[], Row[], Row[], Row[], Row[]];
  const nb: Actual = emptyNb();
  const cfg = single(global[0]?.get('nb_cfg'));
  if (typeof cfg === 'number') nb.nbCfg = cfg;
  nb.globalIds = new Map([...pairs(global[0]?.get('external_ids'))].map(([k, v]) => [String(k), String(v)]));
  const byUuid = (rows: readonly Row[]) => new Map(rows.map((row) => [str(row.get('_uuid')), row]));
  const lspRows = byUuid(lsp);
  const lrpRows = byUuid(lrp);
  const gwRows = byUuid(gw);
  const routeRows = byUuid(routes);
  for (const row of ls) {
    const name = str(row.get('name'));
    const subnet = pairs(row.get('other_config')).get('subnet');
    nb.switches.set(name, { name, ...(subnet !== undefined ? { subnet: String(subnet) } : {}), ...owner(row) });
    for (const id of atoms(row.get('ports'))) {
      const p = lspRows.get(String(id));
      if (!p) continue;
      const tag = single(p.get('tag'));
      nb.ports.set(str(p.get('name')), {
        name: str(p.get('name')), switch: name, type: str(p.get('type')),
        addresses: atoms(p.get('addresses')).map(String),
        options: Object.fromEntries([...pairs(p.get('options'))].map(([k, v]) => [k, String(v)])),
        ...(typeof tag === 'number' ? { tag } : {}),
        ...owner(p),
      });
    }
  }
  for (const row of lr) {
    const name = str(row.get('name'));
    nb.routers.set(name, { name, ...owner(row) });
    for (const id of atoms(row.get('ports'))) {
      const p = lrpRows.get(String(id));
      if (!p) continue;
      // The highest-priority gateway chassis is the one vsh writes (it writes one).
      const gws = atoms(p.get('gateway_chassis')).map((g) => gwRows.get(String(g))).filter((g): g is Row => g !== undefined);
      gws.sort((a, b) => Number(single(b.get('priority')) ?? 0) - Number(single(a.get('priority')) ?? 0));
      const gateway = gws[0] ? str(gws[0].get('chassis_name')) : undefined;
      nb.routerPorts.set(str(p.get('name')), {
        name: str(p.get('name')), router: name, mac: str(p.get('mac')), networks: atoms(p.get('networks')).map(String),
        ...(gateway ? { gatewayChassis: gateway } : {}),
        ...owner(p),
      });
    }
    for (const id of atoms(row.get('static_routes'))) {
      const rt = routeRows.get(String(id));
      if (!rt) continue;
      const route = { router: name, prefix: str(rt.get('ip_prefix')), nexthop: str(rt.get('nexthop')) };
      nb.routes.set(routeKey(route), { ...route, ...owner(rt) });
    }
  }
  return nb;
}

/** Chassis name by tunnel (encap) address, from the southbound Encap table. */
export function parseEncaps(r: CommandResult | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!r || r.code !== 0) return out;
  for (const row of parseTables(r.stdout)[0]?.rows ?? []) out.set(str(row.get('ip')), str(row.get('chassis_name')));
  return out;
}

/** One interface on the host, as vsh reads it for a VIF. */
export interface VifState {
  ifaceId?: string;
  /** external_ids:vsh-ovn: the project that made this VIF. */
  owner?: string;
  /** OVS has the device open (ofport > 0): the veth is there. */
  open: boolean;
}

export interface ChassisState {
  /** Open_vSwitch external_ids. */
  externalIds: Map<string, string>;
  ifaces: Map<string, VifState>;
}

/** A chassis host's OVS external_ids and interfaces; undefined when ovs-vsctl did not answer. */
export function parseChassis(r: CommandResult | undefined): ChassisState | undefined {
  if (!r || r.code !== 0) return undefined;
  const [ovs, ifaces] = parseTables(r.stdout);
  if (!ovs || !ifaces) return undefined;
  const externalIds = new Map([...pairs(ovs.rows[0]?.get('external_ids'))].map(([k, v]) => [k, String(v)]));
  const out = new Map<string, VifState>();
  for (const row of ifaces.rows) {
    const ids = pairs(row.get('external_ids'));
    const ifaceId = ids.get('iface-id');
    const own = ids.get(VIF_MARK);
    out.set(str(row.get('name')), {
      ...(ifaceId !== undefined ? { ifaceId: String(ifaceId) } : {}),
      ...(own !== undefined ? { owner: String(own) } : {}),
      open: Number(single(row.get('ofport')) ?? -1) > 0,
    });
  }
  return { externalIds, ifaces: out };
}

/**
 * The external_ids key marking a VIF vsh made for a logical port: not `vsh`, which the OVS
 * driver owns (it would remove a `vsh`-marked port on a bridge the model does not declare).
 */
export const VIF_MARK = 'vsh-ovn';
