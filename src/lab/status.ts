/**
 * `vsh lab status`: what the record says and what is actually alive — each host's
 * namespace, each daemon (pidfile → pid → still running, and in that host's namespace),
 * whether its sshd accepts connections. Reads only; changes nothing.
 */
import { existsSync } from 'node:fs';
import { daemonsOf, pidfileOf, type DaemonName } from './daemons.js';
import { inNetns, isAlive, namespaceInode, readPidfile } from './processes.js';
import { readState, type LabState } from './state.js';
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
  /** Why it is not healthy, in words. */
  problems: string[];
}

/** The plan a recorded lab was built from (undefined before its management network was claimed). */
export function planOf(state: LabState): LabPlan | undefined {
  return state.labNo === undefined ? undefined : planLab(state.dir, state.id, state.labNo, state.options.hosts, state.options.libvirt);
}

async function hostStatus(state: LabState, plan: LabPlan, index: number): Promise<HostStatus> {
  const host = plan.hosts[index]!;
  const netnsInode = namespaceInode(`/run/netns/${host.netns}`);
  const asRoot = process.getuid?.() === 0;
  const daemons = daemonsOf(plan.libvirt).map((name): DaemonStatus => {
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
  };
}

/** The status of the lab recorded in `dir` (an absolute path). */
export async function labStatus(dir: string): Promise<LabStatus> {
  const state = readState(dir);
  if (!state) return { dir, present: false, healthy: false, hosts: [], problems: [`no lab in ${dir}`] };
  const plan = planOf(state);
  const hosts = plan ? await Promise.all(plan.hosts.map((_, i) => hostStatus(state, plan, i))) : [];
  const problems: string[] = [];
  if (state.status !== 'up') problems.push(`the lab is ${state.status}${state.owner && !isAlive(state.owner) ? ' (the vsh that was working on it is gone: run vsh lab down)' : ''}`);
  for (const h of hosts) {
    if (!h.netnsPresent) problems.push(`${h.name}: network namespace ${h.netns} is missing`);
    for (const d of h.daemons) if (!d.alive) problems.push(`${h.name}: ${d.name} is not running`);
    if (h.netnsPresent && !h.ssh) problems.push(`${h.name}: sshd does not accept connections on ${h.management}:22`);
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
    problems,
  };
}

/** The status as a table for people. */
export function formatStatus(s: LabStatus): string {
  if (!s.present) return `no lab in ${s.dir}\n`;
  const lines = [
    `lab ${s.id} in ${s.dir}: ${s.state}${s.healthy ? ', healthy' : ''}`,
    `  management ${s.managementSubnet ?? '-'} (controller ${s.controller ?? '-'} on ${s.managementBridge ?? '-'}), underlay ${s.underlaySubnet}`,
  ];
  if (s.hosts.length) {
    const names = s.hosts[0]!.daemons.map((d) => d.name);
    const rows = [
      ['host', 'namespace', 'management', 'underlay', 'ssh', ...names],
      ...s.hosts.map((h) => [
        h.name,
        h.netnsPresent ? h.netns : `${h.netns} (missing)`,
        h.management,
        h.underlay,
        h.ssh ? 'open' : 'closed',
        ...h.daemons.map((d) => (d.alive ? String(d.pid) : d.pid ? `dead (${d.pid})` : 'not running')),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => rows.reduce((m, r) => Math.max(m, r[c]!.length), 0));
    for (const r of rows) lines.push(`  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}`);
  }
  if (s.inventory && s.state === 'up') lines.push(`  inventory ${s.inventory}; ssh -F ${s.sshConfig} hostA`);
  for (const p of s.problems) lines.push(`  problem: ${p}`);
  return lines.join('\n') + '\n';
}
