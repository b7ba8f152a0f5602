/**
 * `vsh lab status`: what the record says and what is actually alive — each host's
 * namespace, each daemon (pidfile → pid → still running, and in that host's namespace),
 * whether its sshd accepts connections. Reads only; changes nothing.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { containersOn, type ContainerInfo } from './containers.js';
import { daemonsOf, pidfileOf, type DaemonName } from './daemons.js';
import { findProgram, labPath } from './prerequisites.js';
import { inNetns, isAlive, namespaceInode, readPidfile } from './processes.js';
import { readState, type LabState, type OvnCentral } from './state.js';
import { planLab, UNDERLAY_SUBNET, type LabPlan } from './topology.js';
import { tcpOpen } from './wait.js';

export interface DaemonStatus {
  name: DaemonName;
  pid?: number;
  alive: boolean;
}

export interface HostStatus {
  name: string;
  netns: string;
  netnsPresent: boolean;
  management: string;
  underlay: string;
  /** sshd accepts TCP connections on the management address. */
  ssh: boolean;
  daemons: DaemonStatus[];
  /** With --containers: the host's containers (`podman ps --all`, and `docker ps --all` with --docker); absent when podman could not be asked (not root). */
  containers?: ContainerInfo[];
}

export interface LabStatus {
  dir: string;
  /** Is there a lab record in the directory at all? */
  present: boolean;
  state?: LabState['status'];
  /** Up, and every host has its namespace, live daemons and an answering sshd. */
  healthy: boolean;
  id?: string;
  labNo?: number;
  managementSubnet?: string;
  controller?: string;
  managementBridge?: string;
  underlaySubnet?: string;
  /** The vsh process working on the lab, when one is recorded. */
  owner?: { pid: number; alive: boolean };
  inventory?: string;
  key?: string;
  knownHosts?: string;
  sshConfig?: string;
  hosts: HostStatus[];
  /** With --ovn: how the central is reached, and the chassis its SB database lists (when it could be asked). */
  ovn?: OvnCentral & { chassis?: string[] };
  /** Why it is not healthy, in words. */
  problems: string[];
}

/** The plan a recorded lab was built from (undefined before its management network was claimed). */
export function planOf(state: LabState): LabPlan | undefined {
  return state.labNo === undefined ? undefined : planLab(state.dir, state.id, state.labNo, state.options.hosts, state.options.libvirt, state.options);
}

async function hostStatus(state: LabState, plan: LabPlan, index: number): Promise<HostStatus> {
  const host = plan.hosts[index]!;
  const netnsInode = namespaceInode(`/run/netns/${host.netns}`);
  const asRoot = process.getuid?.() === 0;
  const daemons = daemonsOf(plan, index).map((name): DaemonStatus => {
    const ref = readPidfile(pidfileOf(host, name)) ?? state.daemons[host.name]?.[name];
    if (!ref) return { name, alive: false };
    // Without root, /proc/PID/ns cannot be read: trust the pid and its start time alone.
    const alive = isAlive(ref) && (!asRoot || inNetns(ref.pid, netnsInode));
    return { name, pid: ref.pid, alive };
  });
  const netnsPresent = existsSync(`/run/netns/${host.netns}`);
  return {
    name: host.name,
    netns: host.netns,
    netnsPresent,
    management: host.mgmtAddress,
    underlay: host.underlayAddress,
    ssh: netnsPresent && (await tcpOpen(host.mgmtAddress, 22, 1000)),
    daemons,
    ...(plan.containers && asRoot && netnsPresent ? { containers: await containersOn(host, plan.docker) } : {}),
  };
}

/** The status of the lab recorded in `dir` (an absolute path). */
export async function labStatus(dir: string): Promise<LabStatus> {
  const state = readState(dir);
  if (!state) return { dir, present: false, healthy: false, hosts: [], problems: [`no lab in ${dir}`] };
  const plan = planOf(state);
  const hosts = plan ? await Promise.all(plan.hosts.map((_, i) => hostStatus(state, plan, i))) : [];
  const problems: string[] = [];
  const ovn = state.ovn ? { ...state.ovn, chassis: await chassisOf(state.ovn) } : undefined;
  if (state.status !== 'up') problems.push(`the lab is ${state.status}${state.owner && !isAlive(state.owner) ? ' (the vsh that was working on it is gone: run vsh lab down)' : ''}`);
  for (const h of hosts) {
    if (!h.netnsPresent) problems.push(`${h.name}: network namespace ${h.netns} is missing`);
    for (const d of h.daemons) if (!d.alive) problems.push(`${h.name}: ${d.name} is not running`);
    if (h.netnsPresent && !h.ssh) problems.push(`${h.name}: sshd does not accept connections on ${h.management}:22`);
    if (ovn?.chassis && state.status === 'up' && !ovn.chassis.includes(h.name)) problems.push(`${h.name}: not registered as an OVN chassis`);
  }
  return {
    dir: state.dir,
    present: true,
    state: state.status,
    healthy: problems.length === 0,
    id: state.id,
    labNo: state.labNo,
    managementSubnet: plan?.mgmtSubnet,
    controller: plan?.controller,
    managementBridge: plan?.mgmtBridge,
    underlaySubnet: UNDERLAY_SUBNET,
    owner: state.owner ? { pid: state.owner.pid, alive: isAlive(state.owner) } : undefined,
    inventory: plan?.files.inventory,
    key: plan?.files.key,
    knownHosts: plan?.files.knownHosts,
    sshConfig: plan?.files.sshConfig,
    hosts,
    ovn,
    problems,
  };
}

/** The chassis in the SB database, read through its socket; undefined when it cannot be asked. */
async function chassisOf(central: OvnCentral): Promise<string[] | undefined> {
  const sbctl = findProgram('ovn-sbctl', labPath());
  if (!sbctl || process.getuid?.() !== 0) return undefined;
  const r = await execa(sbctl, [`--db=unix:${central.sbSocket}`, '--timeout=5', '--format=csv', '--no-headings', '--columns=name', 'list', 'Chassis'], { reject: false, timeout: 10_000 });
  if (r.exitCode !== 0) return undefined;
  return String(r.stdout).split('\n').map((l) => l.trim().replace(/^"|"$/g, '')).filter(Boolean).sort();
}

/** The status as a table for people. */
export function formatStatus(s: LabStatus): string {
  if (!s.present) return `no lab in ${s.dir}\n`;
  const lines = [
    `lab ${s.id} in ${s.dir}: ${s.state}${s.healthy ? ', healthy' : ''}`,
    `  management ${s.managementSubnet ?? '-'} (controller ${s.controller ?? '-'} on ${s.managementBridge ?? '-'}), underlay ${s.underlaySubnet}`,
  ];
  if (s.hosts.length) {
    // Hosts may run different daemons (the OVN central): one column per daemon any host runs.
    const names = [...new Set(s.hosts.flatMap((h) => h.daemons.map((d) => d.name)))];
    const withContainers = s.hosts.some((h) => h.containers);
    const rows = [
      ['host', 'namespace', 'management', 'underlay', 'ssh', ...names, ...(withContainers ? ['containers'] : [])],
      ...s.hosts.map((h) => [
        h.name,
        h.netnsPresent ? h.netns : `${h.netns} (missing)`,
        h.management,
        h.underlay,
        h.ssh ? 'open' : 'closed',
        ...names.map((n) => h.daemons.find((d) => d.name === n)).map((d) => (!d ? '-' : d.alive ? String(d.pid) : d.pid ? `dead (${d.pid})` : 'not running')),
        ...(withContainers ? [h.containers?.length ? h.containers.map((c) => `${c.name} (${c.runtime === 'docker' ? 'docker, ' : ''}${c.state})`).join(', ') : '-'] : []),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => rows.reduce((m, r) => Math.max(m, r[c]!.length), 0));
    for (const r of rows) lines.push(`  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}`);
  }
  if (s.ovn) {
    lines.push(`  OVN central on ${s.ovn.host}: NB ${s.ovn.nbRemote} (${s.ovn.nbSocket}), SB ${s.ovn.sbRemote}`);
    if (s.ovn.chassis) lines.push(`  OVN chassis: ${s.ovn.chassis.join(' ') || 'none'}`);
  }
  if (s.inventory && s.state === 'up') lines.push(`  inventory ${s.inventory}; ssh -F ${s.sshConfig} hostA`);
  for (const p of s.problems) lines.push(`  problem: ${p}`);
  return lines.join('\n') + '\n';
}
