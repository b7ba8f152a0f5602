/**
 * Helpers for the lab tests: real labs in unique temp directories, ssh into them with the
 * lab's own key and known_hosts, and a census of what a lab left behind. Every command has
 * a time limit; every lab is taken down in `afterAll`/finally by the test that made it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown } from '../../src/lab/lab.js';
import { isAlive, namespaceInode, processesIn, startTimeOf } from '../../src/lab/processes.js';
import { readState, type LabState, type ProcessRef } from '../../src/lab/state.js';
import { mountPoints } from '../../src/lab/teardown.js';
import { LINK_ALIAS_PREFIX, planLab, type LabPlan } from '../../src/lab/topology.js';

export const isRoot = process.getuid?.() === 0 && process.platform === 'linux';
export const NOT_ROOT = 'the lab tests need root on Linux (namespaces, links, mounts); CI runs them as root';

/** A fresh, unique directory for one lab (its parent is removed by `removeTemp`). */
export function tempLabDir(tag: string): string {
  return join(mkdtempSync(join(tmpdir(), `vsh-lab-${tag}-`)), 'lab');
}

export function removeTemp(labDir: string): void {
  rmSync(join(labDir, '..'), { recursive: true, force: true });
}

/** Take the lab in `dir` down if anything of it is left; never throws (for afterAll/finally). */
export async function ensureDown(dir: string): Promise<void> {
  try {
    await labDown({ dir });
  } catch (err) {
    process.stderr.write(`lab test cleanup of ${dir}: ${(err as Error).message}\n`);
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a program with a time limit. */
export function run(argv: string[], timeoutMs = 20_000, input?: string): Run {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The built CLI. */
export function vsh(args: string[], timeoutMs = 60_000): Run {
  return run(['bin/vsh', ...args], timeoutMs);
}

/** `ssh` to a lab host exactly as a user would: the lab's key and known_hosts, host key checked, nothing else from ~/.ssh. */
export function ssh(plan: LabPlan, address: string, command: string, timeoutMs = 20_000, input?: string): Run {
  return run(
    [
      'ssh',
      '-F',
      '/dev/null',
      '-i',
      plan.files.key,
      '-o',
      `UserKnownHostsFile=${plan.files.knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'ConnectTimeout=5',
      `root@${address}`,
      command,
    ],
    timeoutMs,
    input,
  );
}

/** The plan of the lab recorded in `dir`. */
export function planIn(dir: string): { state: LabState; plan: LabPlan } {
  const state = readState(dir);
  if (!state || state.labNo === undefined) throw new Error(`no lab recorded in ${dir}`);
  return { state, plan: planLab(state.dir, state.id, state.labNo, state.options.hosts, state.options.libvirt, state.options) };
}

export function netnsNames(): string[] {
  return run(['ip', 'netns', 'list']).stdout.split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
}

export function rootLinks(): { ifname: string; ifalias?: string }[] {
  return JSON.parse(run(['ip', '-json', 'link', 'show']).stdout || '[]');
}

/** What identifies a lab's traces on the machine, captured while it is up. */
export interface LabTraces {
  id: string;
  labNo: number;
  dir: string;
  /** Namespace inodes of its hosts and underlay (and mount namespaces) at capture time. */
  inodes: number[];
  /** Every process in those namespaces at capture time, and the recorded daemons. */
  pids: ProcessRef[];
}

export function tracesOf(dir: string): LabTraces {
  const { state, plan } = planIn(dir);
  const inodes = [
    ...[...plan.hosts.map((h) => `/run/netns/${h.netns}`), `/run/netns/${plan.underlayNetns}`].map(namespaceInode),
    ...plan.hosts.map((h) => namespaceInode(h.mntHolder)),
  ].filter((i): i is number => i !== undefined);
  const set = new Set(inodes);
  const found = processesIn(set, set).flatMap((pid) => {
    const startTime = startTimeOf(pid);
    return startTime === undefined ? [] : [{ pid, startTime }];
  });
  const recorded = Object.values(state.daemons).flatMap((d) => Object.values(d));
  return { id: state.id, labNo: plan.labNo, dir: state.dir, inodes, pids: [...found, ...recorded.filter((r) => !found.some((f) => f.pid === r.pid))] };
}

/**
 * Everything of the lab still on the machine (all empty when `down` did its job). Processes:
 * those captured that still run, and any in a namespace that still has one of the lab's names
 * (inode numbers are reused once freed, so old inodes alone prove nothing).
 */
export function leftovers(t: LabTraces) {
  const netns = netnsNames().filter((n) => n.includes(t.id));
  const live = new Set(netns.map((n) => namespaceInode(`/run/netns/${n}`)).filter((i): i is number => i !== undefined));
  return {
    netns,
    links: rootLinks()
      .filter((l) => l.ifname.startsWith(`vsh${t.labNo}-`) || l.ifalias === `${LINK_ALIAS_PREFIX}${t.id}`)
      .map((l) => l.ifname),
    // Zombies awaiting init's reaping are dead already (see stopProcesses).
    processes: [...new Set([...t.pids.filter(isAlive).map((p) => p.pid), ...processesIn(live, live)])],
    mounts: mountPoints().filter((m) => m === t.dir || m.startsWith(`${t.dir}/`)),
    files: existsSync(t.dir) ? readdirSync(t.dir) : [],
  };
}

export const NOTHING_LEFT = { netns: [], links: [], processes: [], mounts: [], files: [] };

/**
 * Things that look like a lab's but are not this one's: another "lab's" namespace and a
 * root link with a lab-like name (N = 300+ is never a lab number). `down` must leave them.
 */
export function makeSentinels(): { netns: string; link: string; remove: () => void } {
  const tag = Math.floor(300 + Math.random() * 700);
  const netns = `vsh-s${tag}${process.pid}-hostA`;
  const link = `vsh${tag}-hostA`;
  for (const argv of [
    ['ip', 'netns', 'add', netns],
    ['ip', 'link', 'add', 'name', link, 'type', 'veth', 'peer', 'name', `vsh${tag}-hostB`],
  ]) {
    const r = run(argv);
    if (r.code !== 0) throw new Error(`sentinel: ${argv.join(' ')}: ${r.stderr}`);
  }
  return {
    netns,
    link,
    remove: () => {
      run(['ip', 'link', 'del', link]);
      run(['ip', 'netns', 'del', netns]);
    },
  };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
