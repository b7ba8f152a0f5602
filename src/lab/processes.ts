/**
 * Processes of a lab, found and stopped by pid. A process belongs to the lab when it runs
 * in one of the lab's namespaces (read from /proc/PID/ns): that covers the daemons `up`
 * started, what they started (dnsmasq, ssh sessions) and anything started on a lab host
 * since — and never a process outside the lab, whatever its name.
 */
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { ProcessRef } from './state.js';

/** Start time of `pid` in clock ticks after boot (/proc/PID/stat field 22), or undefined if it is gone. */
export function startTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const t = Number(fields[19]);
    return Number.isFinite(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** This process, as a ProcessRef. */
export function selfRef(): ProcessRef {
  return { pid: process.pid, startTime: startTimeOf(process.pid) ?? 0 };
}

/** The process is still the one recorded (same pid, same start time) and has not exited. */
export function isAlive(ref: ProcessRef): boolean {
  const t = startTimeOf(ref.pid);
  return t !== undefined && t === ref.startTime && !isZombie(ref.pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

/** A pid from a pidfile, with its start time, or undefined when the file or the process is gone. */
export function readPidfile(path: string): ProcessRef | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  const startTime = startTimeOf(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

let nsfsDevice: number | undefined;

/**
 * The inode of the namespace at `path` (/run/netns/NAME, a holder bind mount), or
 * undefined when `path` is not a namespace — e.g. a holder file whose mount is gone.
 */
export function namespaceInode(path: string): number | undefined {
  try {
    nsfsDevice ??= statSync('/proc/self/ns/net').dev;
    const st = statSync(path);
    return st.dev === nsfsDevice ? st.ino : undefined;
  } catch {
    return undefined;
  }
}

/** The inode in a `/proc/PID/ns/X` link (`net:[4026532248]`). */
function linkInode(pid: string, ns: 'net' | 'mnt'): number | undefined {
  try {
    const m = /\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/${ns}`));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Pids of the processes whose network namespace or mount namespace is one of these inodes. */
export function processesIn(netInodes: ReadonlySet<number>, mntInodes: ReadonlySet<number>): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const net = linkInode(entry, 'net');
    const mnt = linkInode(entry, 'mnt');
    if ((net !== undefined && netInodes.has(net)) || (mnt !== undefined && mntInodes.has(mnt))) found.push(Number(entry));
  }
  return found;
}

/**
 * `pids` and all their descendants (by parent pid in /proc/PID/stat). A container's processes
 * run in namespaces of their own, but their parent (conmon, a shim) runs on the lab host.
 */
export function withDescendants(pids: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out = new Set(pids);
  const todo = [...pids];
  while (todo.length) {
    for (const c of children.get(todo.pop()!) ?? []) {
      if (c === process.pid || out.has(c)) continue;
      out.add(c);
      todo.push(c);
    }
  }
  return [...out];
}

/** Is `pid` running with its network namespace at this inode? (Status: a daemon is alive and is the host's.) */
export function inNetns(pid: number, inode: number | undefined): boolean {
  return inode !== undefined && linkInode(String(pid), 'net') === inode;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM each process, wait up to `graceMs` for all to exit, then SIGKILL the rest and
 * wait up to `killMs`. Returns the pids still there after that (should be none).
 */
export async function stopProcesses(refs: readonly ProcessRef[], graceMs = 3000, killMs = 2000): Promise<ProcessRef[]> {
  const signal = (sig: NodeJS.Signals) => {
    for (const r of refs) {
      if (!isAlive(r)) continue;
      try {
        process.kill(r.pid, sig);
      } catch {
        // exited meanwhile
      }
    }
  };
  const waitGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (refs.some(isAlive) && Date.now() < deadline) await sleep(20);
  };
  signal('SIGTERM');
  await waitGone(graceMs);
  if (refs.some(isAlive)) {
    signal('SIGKILL');
    await waitGone(killMs);
  }
  // Daemons were reparented to init: once dead they stay zombies until init reaps them
  // (this machine's init does so every couple of seconds). A zombie holds no namespace,
  // socket or file, so it counts as stopped.
  return refs.filter(isAlive);
}
