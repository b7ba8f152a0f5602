/**
 * `vsh lab up --ovn`: OVN as LAB.md checked it. The first host (hostA) is the central: NB
 * and SB ovsdb-servers and ovn-northd, with their databases in its private /var/lib/ovn and
 * sockets in its /run/ovn — so `ovn-nbctl show` in an SSH session on hostA just works — and
 * both databases also listening on hostA's management address, where every host's
 * ovn-controller (SB) and the controller (NB, SB) reach them. Every host is a chassis:
 * ovn-controller beside its userspace OVS, system-id = the host's name (OVN names tunnel
 * ports from its first 6 characters: lab names are short and distinct there), GENEVE from
 * the host's underlay address on br-phy, and `physnet:br-phy` as bridge mapping.
 * `down` stops every daemon with the host's processes and removes the databases (and with
 * them every Chassis row) with the host's directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pidOf, READY_MS } from './daemons.js';
import { LabError } from './errors.js';
import { OVN_NB_SCHEMA, OVN_SB_SCHEMA } from './prerequisites.js';
import type { Runner } from './run.js';
import { readState, type Journal, type OvnCentral } from './state.js';
import type { HostPlan, LabPlan } from './topology.js';
import { waitFor } from './wait.js';

export const NB_PORT = 6641;
export const SB_PORT = 6642;
/** The provider network every chassis maps to its underlay bridge. */
export const PHYSNET = 'physnet';
export const PROVIDER_BRIDGE = 'br-phy';

/** How the central on `host` is reached (root-namespace socket paths and management-network remotes). */
export function ovnCentralFor(host: HostPlan): OvnCentral {
  const run = join(host.dir, 'run', 'ovn');
  return {
    host: host.name,
    nbSocket: join(run, 'ovnnb_db.sock'),
    sbSocket: join(run, 'ovnsb_db.sock'),
    nbRemote: `tcp:${host.mgmtAddress}:${NB_PORT}`,
    sbRemote: `tcp:${host.mgmtAddress}:${SB_PORT}`,
  };
}

/** How to reach the OVN central of the lab in `dir` (an absolute real path), or undefined when it runs without `--ovn`. */
export function labOvnCentral(dir: string): OvnCentral | undefined {
  return readState(dir)?.ovn;
}

/** NB, SB and ovn-northd on `host`; returns once northd runs and both databases answer. */
export async function startOvnCentral(run: Runner, journal: Journal, host: HostPlan): Promise<OvnCentral> {
  const t = run.tools;
  const on = (argv: string[]) => run.run(run.inHost(host, argv));
  mkdirSync(join(host.dir, 'run', 'ovn'), { recursive: true });
  const db = (name: 'nb' | 'sb', schema: string, port: number) => {
    const base = `ovn${name}_db`;
    return (async () => {
      await on([t.ovsdbTool, 'create', `/var/lib/ovn/${base}.db`, schema]);
      await on([
        t.ovsdbServer,
        `/var/lib/ovn/${base}.db`,
        `--remote=punix:/run/ovn/${base}.sock`,
        `--remote=ptcp:${port}:${host.mgmtAddress}`,
        `--pidfile=/run/ovn/${base}.pid`,
        `--unixctl=/run/ovn/${base}.ctl`,
        `--log-file=/var/log/ovn/ovsdb-server-${name}.log`,
        '--detach',
      ]);
    })();
  };
  await Promise.all([db('nb', OVN_NB_SCHEMA, NB_PORT), db('sb', OVN_SB_SCHEMA, SB_PORT)]);
  await on([
    t.ovnNorthd!,
    '--ovnnb-db=unix:/run/ovn/ovnnb_db.sock',
    '--ovnsb-db=unix:/run/ovn/ovnsb_db.sock',
    '--pidfile=/run/ovn/ovn-northd.pid',
    '--log-file=/var/log/ovn/ovn-northd.log',
    '--detach',
  ]);
  await Promise.all([pidOf(host, 'ovn-nb'), pidOf(host, 'ovn-sb'), pidOf(host, 'ovn-northd')]);
  const central = ovnCentralFor(host);
  journal.update((s) => (s.ovn = central));
  return central;
}

/** The OVS external_ids that make `host` a chassis of `central`. */
export function chassisSettings(host: HostPlan, central: OvnCentral): string[] {
  return [
    `external_ids:ovn-remote=${central.sbRemote}`,
    'external_ids:ovn-encap-type=geneve',
    `external_ids:ovn-encap-ip=${host.underlayAddress}`,
    'external_ids:ovn-bridge-datapath-type=netdev',
    `external_ids:ovn-bridge-mappings=${PHYSNET}:${PROVIDER_BRIDGE}`,
  ];
}

/** ovn-controller on `host`, pointed at the central. */
export async function startOvnController(run: Runner, host: HostPlan, central: OvnCentral): Promise<void> {
  const t = run.tools;
  const on = (argv: string[]) => run.run(run.inHost(host, argv));
  mkdirSync(join(host.dir, 'run', 'ovn'), { recursive: true });
  await on([t.ovsVsctl, '--timeout=10', 'set', 'Open_vSwitch', '.', ...chassisSettings(host, central)]);
  await on([
    t.ovnController!,
    'unix:/run/openvswitch/db.sock',
    '--pidfile=/run/ovn/ovn-controller.pid',
    '--log-file=/var/log/ovn/ovn-controller.log',
    '--detach',
  ]);
  await pidOf(host, 'ovn-controller');
}

/** The chassis names the SB database lists. */
export async function sbChassis(run: Runner, central: OvnCentral): Promise<string[]> {
  const r = await run.run([run.tools.ovnSbctl!, `--db=unix:${central.sbSocket}`, '--timeout=5', '--format=csv', '--no-headings', '--columns=name', 'list', 'Chassis']);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/** Wait (bounded) until every host has registered as a chassis with the SB database; name the missing ones if not. */
export async function waitForChassis(run: Runner, plan: LabPlan, central: OvnCentral, timeoutMs = READY_MS * 2): Promise<void> {
  let missing: string[] = [];
  try {
    await waitFor(
      `every host to register as an OVN chassis`,
      async () => {
        const have = new Set(await sbChassis(run, central));
        missing = plan.hosts.map((h) => h.name).filter((n) => !have.has(n));
        return missing.length === 0;
      },
      timeoutMs,
      100,
    );
  } catch (err) {
    if (!(err instanceof LabError)) throw err;
    throw new LabError(`${err.message}; not registered: ${missing.join(', ')}`, `see DIR/hosts/HOST/var-log-ovn/ovn-controller.log`);
  }
}
