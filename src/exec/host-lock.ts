/**
 * The per-host apply lock: a directory on the host (mkdir is atomic everywhere), named with
 * the vsh host name so lab hosts sharing /run do not collide, holding a `holder` file that
 * says who took it (controller, pid, start time, project, command). A run goes on only
 * with every lock it needs (the first in sorted order, then the rest at once: takeLocks);
 * a run that finds a lock taken gives back what it took and says who holds it. A lock whose
 * holder is gone (same controller, pid not running) is reported with the command that
 * clears it; it is never taken over silently.
 */
import { hostname } from 'node:os';
import type { Command } from './command.js';
import type { Executor } from './executor.js';
import { RUN_DIR } from './run-dir.js';

/** Who holds a lock. */
export interface LockHolder {
  controller: string;
  pid: number;
  /** ISO time the lock was taken. */
  since: string;
  project: string;
  command: string;
}

/** The lock directory of a host. */
export const lockDir = (host: string): string => `${RUN_DIR}/apply-${host}.lock`;

/**
 * How many times a host's lock has been taken (a file beside the lock; every take adds one,
 * under the lock). A read that found no lock before and after it, with the count unchanged,
 * saw no vsh at work; if this run's take then makes it exactly one more, no vsh took the
 * lock in between either, and the plan made from that read is still the plan under the lock
 * (apply-command.ts: no second read).
 */
export const takesFile = (host: string): string => `${RUN_DIR}/apply-${host}.takes`;

/** Prints `free N` or `locked N`: whether the lock is there, and the takes count (0 when never taken). */
export function lookCommand(host: string): Command {
  const script = 'n=$(cat "$2" 2>/dev/null); case $n in ""|*[!0-9]*) n=0;; esac; if [ -e "$1" ]; then echo "locked $n"; else echo "free $n"; fi';
  return { argv: ['sh', '-c', script, 'sh', lockDir(host), takesFile(host)] };
}

/** `lookCommand`'s output → the takes count when the lock was free (undefined: locked, or not readable). */
export function freeTakes(stdout: string | undefined): number | undefined {
  const m = /^free (\d+)$/.exec((stdout ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Take over a lock whose holder is gone: rename it aside (atomic: of two runs, one wins),
 * take the lock afresh, move the old journal into it (so that if this run dies too, the
 * next one still finds it) and print it (nothing when there was none). Exit 3 when another
 * run renamed it first or took the fresh lock.
 */
export function takeOverCommand(host: string, holderLine: string): Command {
  const script = [
    'aside="$1.recover.$$"',
    'mv "$1" "$aside" 2>/dev/null || exit 3',
    'if mkdir "$1" 2>/dev/null; then printf \'%s\\n\' "$2" > "$1/holder"; else rm -rf "$aside"; exit 3; fi',
    'if [ -f "$aside/journal" ]; then mv "$aside/journal" "$1/journal"; cat "$1/journal"; fi',
    'rm -rf "$aside"',
  ].join('\n');
  return { argv: ['sh', '-c', script, 'sh', lockDir(host), holderLine] };
}

/** This process as a lock holder. */
export function me(project: string | undefined, command: string): LockHolder {
  return { controller: hostname(), pid: process.pid, since: new Date().toISOString(), project: project ?? '', command };
}

/** The holder file's line. */
export const formatHolder = (h: LockHolder): string => `controller=${h.controller} pid=${h.pid} since=${h.since} project=${h.project} command=${h.command}`;

/** A holder file's text → the holder (undefined when missing or unreadable: a lock being taken, or an older vsh's). */
export function parseHolder(text: string): LockHolder | undefined {
  const f = Object.fromEntries([...text.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]]));
  if (!f.controller || !f.pid) return undefined;
  return { controller: f.controller, pid: Number(f.pid), since: f.since ?? '', project: f.project ?? '', command: f.command ?? '' };
}

/**
 * mkdir the lock, write the holder, count the take and print `taken N`; when it exists, print
 * its holder and exit 3. A lock found between the winner's mkdir and its holder line (a
 * window that widens on a busy host) is given up to half a second for the line to appear, so
 * that the refusal can say who holds it.
 */
export function takeCommand(host: string, holder: LockHolder): Command {
  const script =
    `mkdir -p ${RUN_DIR}; ` + 'if mkdir "$1" 2>/dev/null && printf \'%s\\n\' "$2" > "$1/holder"; then ' +
    'n=$(cat "$3" 2>/dev/null); case $n in ""|*[!0-9]*) n=0;; esac; n=$((n + 1)); echo "$n" > "$3"; echo "taken $n"; exit 0; fi; ' +
    'for i in 1 2 3 4 5; do [ -s "$1/holder" ] && break; sleep 0.1 2>/dev/null || break; done; cat "$1/holder" 2>/dev/null; exit 3';
  return { argv: ['sh', '-c', script, 'sh', lockDir(host), formatHolder(holder), takesFile(host)] };
}

/** Print the holder of a host's lock (exit 3 when there is no lock). */
export function readCommand(host: string): Command {
  return { argv: ['sh', '-c', 'test -d "$1" || exit 3; cat "$1/holder" 2>/dev/null; exit 0', 'sh', lockDir(host)] };
}

export function releaseCommand(host: string): Command {
  return { argv: ['rm', '-rf', lockDir(host)] };
}

/** Whether a process of this machine is running (EPERM: it is, and not ours). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder is known to be gone: it ran on this machine and its pid is not running. */
export function holderGone(h: LockHolder | undefined): boolean {
  return h !== undefined && h.controller === hostname() && h.pid !== process.pid && !running(h.pid);
}

/** Who holds it, for people. */
export function describeHolder(h: LockHolder | undefined): string {
  if (!h) return 'holder unknown (being taken right now, or taken by an older vsh)';
  const age = h.since ? Math.round((Date.now() - Date.parse(h.since)) / 1000) : NaN;
  return `${h.command || 'vsh'}${h.project ? ` of project '${h.project}'` : ''} by pid ${h.pid} on ${h.controller}${Number.isFinite(age) ? ` since ${h.since} (${age} s ago)` : ''}`;
}

export interface TakenLocks {
  locked: string[];
  /** Per host this run took afresh, the takes count its take made (a host taken over from a gone holder has none: it was changed since). */
  takes?: Map<string, number>;
  failure?: LockFailure;
}

export interface LockFailure {
  host: string;
  error: string;
  stderr?: string;
}

/**
 * Take the lock of every host: the first in sorted order alone, then all the others at once
 * (64 hosts one after the other cost seconds). Two runs of the same hosts meet first on that
 * first lock, so one of them wins and the other takes nothing more; runs whose first hosts
 * differ may both be refused where they overlap, never both let through. On the first failure
 * (in sorted order) every lock taken is given back and why is returned; `unlockHint` says how
 * to clear a lock whose holder is gone.
 */
export async function takeLocks(
  hosts: readonly string[],
  executorFor: (host: string) => Executor,
  holder: LockHolder,
  unlockHint: (host: string) => string,
  recover?: StaleLockHandler,
): Promise<TakenLocks> {
  const sorted = [...new Set(hosts)].sort();
  const take = (h: string) => takeOne(h, executorFor, holder, unlockHint, recover);
  const first = sorted.length ? [await take(sorted[0]!)] : [];
  const results = first[0]?.failure ? first : [...first, ...(await Promise.all(sorted.slice(1).map(take)))];
  const locked = results.filter((r) => r.locked).map((r) => r.host);
  const failure = results.find((r) => r.failure)?.failure;
  if (!failure) return { locked, takes: new Map(results.flatMap((r) => (r.takes !== undefined ? [[r.host, r.takes] as const] : []))) };
  await releaseLocks(locked, executorFor);
  return { locked: [], failure };
}

/** One host's lock: taken (or taken over from a gone holder and its work finished), or why not. */
async function takeOne(
  h: string,
  executorFor: (host: string) => Executor,
  holder: LockHolder,
  unlockHint: (host: string) => string,
  recover?: StaleLockHandler,
): Promise<{ host: string; locked: boolean; takes?: number; failure?: LockFailure }> {
  try {
    const r = await executorFor(h).run(takeCommand(h, holder));
    if (r.code === 0) {
      const n = /^taken (\d+)$/m.exec(r.stdout);
      return { host: h, locked: true, ...(n ? { takes: Number(n[1]) } : {}) };
    }
    const other = parseHolder(r.stdout);
    const gone = holderGone(other);
    if (gone && recover) {
      // Its vsh is gone for certain: take the lock over (one run can) and finish its work.
      const t = await executorFor(h).run(takeOverCommand(h, formatHolder(holder)));
      if (t.code === 0) {
        try {
          await recover(h, other!, t.stdout);
          return { host: h, locked: true };
        } catch (err) {
          // The lock (and the journal in it) stays: the next run tries again.
          return { host: h, locked: false, failure: { host: h, error: `could not finish the unfinished apply on ${h}: ${(err as Error).message}` } };
        }
      }
    }
    return {
      host: h,
      locked: false,
      failure: {
        host: h,
        error: gone
          ? `the lock on ${h} (${lockDir(h)}) is stale: its holder is gone (${describeHolder(other)}; that process is not running). Nothing was changed. If no vsh is working on ${h}, clear it with: ${unlockHint(h)}`
          : `another vsh apply holds the lock on ${h} (${lockDir(h)}): ${describeHolder(other)}. Nothing was changed; try again when it has finished${!other ? ` (if none is running: ${unlockHint(h)})` : other.controller !== hostname() ? ` (if it is not running any more: ${unlockHint(h)} --force)` : ''}`,
        stderr: r.stderr,
      },
    };
  } catch (err) {
    return { host: h, locked: false, failure: { host: h, error: (err as Error).message } };
  }
}

/** Finishes what the gone holder of a lock left (the lock is this run's by then); throws if it cannot. */
export type StaleLockHandler = (host: string, holder: LockHolder, journal: string) => Promise<void>;

/** Give back locks (best effort: a host that cannot be reached keeps its lock, and the next run says so). */
export async function releaseLocks(hosts: readonly string[], executorFor: (host: string) => Executor): Promise<void> {
  await Promise.all(hosts.map((h) => executorFor(h).run(releaseCommand(h)).catch(() => undefined)));
}
