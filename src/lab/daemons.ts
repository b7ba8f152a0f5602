/**
 * The daemons of one lab host — ovsdb-server, ovs-vswitchd, sshd and optionally libvirtd
 * (and dockerd, started by containers.ts) —
 * started inside the host (its network, mount and UTS namespaces, see Runner.inHost) so
 * that everything they start, ssh sessions included, sees that host's /run, OVS database
 * and namespaces. Each writes a pidfile under the host's /run, which the root namespace
 * reads at DIR/hosts/HOST/run/…; every start waits for readiness with a deadline.
 */
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './errors.js';
import { OVS_SCHEMA } from './prerequisites.js';
import { readPidfile } from './processes.js';
import { hostKeyPath } from './keys.js';
import type { Runner } from './run.js';
import type { ProcessRef } from './state.js';
import type { HostPlan, LabPlan } from './topology.js';
import { tcpOpen, waitFor } from './wait.js';

export type DaemonName = 'ovsdb-server' | 'ovs-vswitchd' | 'sshd' | 'libvirtd' | 'dockerd' | OvnDaemonName;
/** OVN's daemons (ovn.ts): NB, SB and northd on the central host, ovn-controller on every chassis. */
export type OvnDaemonName = 'ovn-nb' | 'ovn-sb' | 'ovn-northd' | 'ovn-controller';

/** Each daemon's pidfile as the host sees it (its /run is DIR/hosts/HOST/run). */
const PIDFILES: Record<DaemonName, string> = {
  'ovsdb-server': 'openvswitch/ovsdb-server.pid',
  'ovs-vswitchd': 'openvswitch/ovs-vswitchd.pid',
  sshd: 'sshd.pid',
  libvirtd: 'libvirtd.pid',
  dockerd: 'docker.pid',
  'ovn-nb': 'ovn/ovnnb_db.pid',
  'ovn-sb': 'ovn/ovnsb_db.pid',
  'ovn-northd': 'ovn/ovn-northd.pid',
  'ovn-controller': 'ovn/ovn-controller.pid',
};

/** The daemons host number `index` of a lab runs, in start order (the OVN central is the first host). */
export function daemonsOf(plan: Pick<LabPlan, 'libvirt' | 'ovn'> & { docker?: boolean }, index = 0): DaemonName[] {
  return [
    'ovsdb-server',
    'ovs-vswitchd',
    'sshd',
    ...(plan.libvirt ? (['libvirtd'] as const) : []),
    ...(plan.docker ? (['dockerd'] as const) : []),
    ...(plan.ovn && index === 0 ? (['ovn-nb', 'ovn-sb', 'ovn-northd'] as const) : []),
    ...(plan.ovn ? (['ovn-controller'] as const) : []),
  ];
}

/** The daemon's pidfile, as a path in the root mount namespace. */
export function pidfileOf(host: HostPlan, daemon: DaemonName): string {
  return join(host.dir, 'run', PIDFILES[daemon]);
}

/** The host's /run, seen from the root namespace. */
export function hostRunDir(host: HostPlan): string {
  return join(host.dir, 'run');
}

/** How long a daemon may take to be ready. */
export const READY_MS = 15_000;

/** Wait (bounded) for the daemon's pidfile to name a live process. */
export async function pidOf(host: HostPlan, daemon: DaemonName): Promise<ProcessRef> {
  return waitFor(`${daemon} on ${host.name} to write ${pidfileOf(host, daemon)}`, () => readPidfile(pidfileOf(host, daemon)), READY_MS);
}

/**
 * OVS as LAB.md describes it without systemd: a fresh database, ovsdb-server on the usual
 * socket, ovs-vswitchd (userspace datapath only: the kernel module is absent here). Both
 * `--detach` return once the daemon is ready. Then the underlay bridge `br-phy`
 * (datapath netdev) with eth1 in it: userspace tunnels leave through such a bridge.
 */
export async function startOvs(run: Runner, host: HostPlan, plan: LabPlan): Promise<void> {
  const t = run.tools;
  const on = (argv: string[]) => run.run(run.inHost(host, argv));
  // A fresh database is the same file on every host: copy the lab's (ovsDbTemplate) instead of a process per host.
  copyFileSync(ovsDbTemplate(plan), join(host.dir, 'etc-openvswitch', 'conf.db'));
  await on([
    t.ovsdbServer,
    '/etc/openvswitch/conf.db',
    '--remote=punix:/var/run/openvswitch/db.sock',
    '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
    '--pidfile',
    '--detach',
    '--log-file',
  ]);
  // system-id and hostname: what ovn-controller and people expect to find on a host.
  await on([t.ovsVsctl, '--no-wait', '--', 'init', '--', 'set', 'Open_vSwitch', '.', `external-ids:system-id=${host.name}`, `external-ids:hostname=${host.name}`]);
  await on([t.ovsVswitchd, '--pidfile', '--detach', '--log-file']);
  await on([t.ovsVsctl, '--timeout=10', '--', 'add-br', 'br-phy', '--', 'set', 'bridge', 'br-phy', 'datapath_type=netdev', '--', 'add-port', 'br-phy', 'eth1']);
  await run.ipIn(host.netns, ['-batch', '-'], `addr add ${host.underlayAddress}/24 dev br-phy\nlink set dev br-phy up\n`);
}

/** The empty OVS database `up` creates once (in the hosts directory, removed with it) and every host starts from. */
export function ovsDbTemplate(plan: LabPlan): string {
  return join(plan.hostsDir, 'conf.db.empty');
}

/** Create the lab's empty OVS database (before any host starts). */
export async function createOvsDbTemplate(run: Runner, plan: LabPlan): Promise<void> {
  await run.run([run.tools.ovsdbTool, 'create', ovsDbTemplate(plan), OVS_SCHEMA]);
}

/** sshd_config of one host: its management address only, key-only root login, its own host key and pidfile. */
export function sshdConfigText(plan: LabPlan, host: HostPlan): string {
  return [
    `# sshd of lab host ${host.name} (vsh lab ${plan.id}); written by vsh lab up.`,
    `ListenAddress ${host.mgmtAddress}`,
    `HostKey ${hostKeyPath(host)}`,
    'PidFile /run/sshd.pid',
    `AuthorizedKeysFile ${plan.files.publicKey}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // No PAM: nothing here to authenticate against, and PAM sessions want systemd-logind.
    'UsePAM no',
    'UseDNS no',
    // The lab directory may sit under /tmp, which StrictModes rejects (world-writable parent).
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    // Lab hosts share the controller's /root. Debian's bash sources ~/.bashrc for an sshd exec
    // when SHLVL is unset (SSH_SOURCE_BASHRC); a heavy one (pyenv init: 0.4 s) would then be
    // paid by every command vsh runs. SHLVL=1 makes bash see a nested shell and skip it.
    'SetEnv SHLVL=1',
    // vsh multiplexes many channels over one connection per host, and tests open many at once.
    'MaxSessions 64',
    'MaxStartups 64:30:128',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** sshd inside the host; ready when its pidfile names a live process and the port accepts. */
export async function startSshd(run: Runner, plan: LabPlan, host: HostPlan): Promise<void> {
  const config = join(host.dir, 'sshd_config');
  writeFileSync(config, sshdConfigText(plan, host), { mode: 0o600 });
  await run.run(run.inHost(host, [run.tools.sshd, '-f', config, '-E', join(host.dir, 'sshd.log')]));
  await pidOf(host, 'sshd');
  await waitFor(`sshd on ${host.name} to accept on ${host.mgmtAddress}:22`, () => tcpOpen(host.mgmtAddress, 22, 500), READY_MS);
}

/** libvirtd inside the host (its own /run/libvirt, /etc/libvirt, /var/lib/libvirt); ready when its socket exists. */
export async function startLibvirtd(run: Runner, host: HostPlan): Promise<void> {
  if (!run.tools.libvirtd) throw new LabError('libvirtd was not found (install libvirt-daemon-system)', undefined, 2);
  await run.run(run.inHost(host, [run.tools.libvirtd, '-d']));
  await pidOf(host, 'libvirtd');
  const socket = join(hostRunDir(host), 'libvirt', 'libvirt-sock');
  await waitFor(`libvirtd on ${host.name} to open ${socket}`, () => existsSync(socket) && statSync(socket).isSocket(), READY_MS);
}

/** The live pids of these daemons of a host, read from their pidfiles (absent: not running). */
export function daemonPids(host: HostPlan, daemons: readonly DaemonName[]): Partial<Record<DaemonName, ProcessRef>> {
  const out: Partial<Record<DaemonName, ProcessRef>> = {};
  for (const d of daemons) {
    const ref = readPidfile(pidfileOf(host, d));
    if (ref) out[d] = ref;
  }
  return out;
}
