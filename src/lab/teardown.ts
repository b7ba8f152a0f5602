/**
 * Unmake what the journal says a lab made — and nothing else — in an order that always
 * works, whether `up` finished, failed or was killed half-way:
 *   0. remove the containers of hosts with podman (`podman rm`, so they stop at once) and
 *      dockerd (`docker rm --force`, while it still answers);
 *   1. stop every process in the lab's namespaces and their descendants (SIGTERM, bounded
 *      wait, SIGKILL), then remove the hosts' container cgroups;
 *   2. unmount (newest first: holders before the directory that holds them);
 *   3. delete root-namespace links, only while they carry the lab's alias;
 *   4. delete network namespaces;
 *   5. remove files, then directories (never across a mount point).
 * Each resource leaves the journal once it is gone (or was never made), so a teardown that
 * hit a problem can simply be run again.
 */
import { existsSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { removeCgroups, removeContainers } from './containers.js';
import { isAlive, namespaceInode, processesIn, startTimeOf, stopProcesses, withDescendants } from './processes.js';
import type { Runner } from './run.js';
import { type Journal, type ProcessRef, type Resource } from './state.js';
import { LINK_ALIAS_PREFIX } from './topology.js';

export interface TeardownReport {
  /** Pids stopped. */
  stopped: number[];
  /** Resources removed (or found already gone). */
  removed: Resource[];
  /** What could not be removed, in words; empty when the lab is gone. */
  problems: string[];
  /** Things left in place on purpose (a directory that also holds other files). */
  notes: string[];
}

/** Mount points in this (the root) mount namespace, from /proc/self/mountinfo (octal escapes decoded). */
export function mountPoints(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

const byKind = <K extends Resource['kind']>(made: readonly Resource[], kind: K) =>
  made.filter((r): r is Extract<Resource, { kind: K }> => r.kind === kind);

/** Every process running on the lab's hosts: in a lab namespace, or in a namespace made inside a lab host. */
async function labProcesses(run: Runner, made: readonly Resource[], recorded: readonly ProcessRef[]): Promise<ProcessRef[]> {
  const inodes = new Set<number>();
  for (const r of byKind(made, 'netns')) {
    const ino = namespaceInode(`/run/netns/${r.name}`);
    if (ino !== undefined) inodes.add(ino);
  }
  // Every host's namespaces are looked into at once: one after the other took seconds at 64 hosts.
  const rootRunNetns = statSync('/run/netns', { throwIfNoEntry: false });
  const inner = await Promise.all(
    byKind(made, 'mount').map(async (r): Promise<number[]> => {
      const ino = r.holds ? namespaceInode(r.path) : undefined;
      if (ino === undefined) return [];
      if (r.holds !== 'mnt') return [ino];
      // Namespaces made on the host (`ip netns add red` in an ssh session) live in its /run/netns —
      // but only once the host's own /run is mounted there. A mount namespace caught before that
      // (lab up killed half-way) still sees the machine's /run/netns, and its namespaces are not
      // this lab's: stopping their processes would kill other labs and anything else on the machine.
      const innerId = await run.attempt([run.tools.nsenter, `--mount=${r.path}`, '--', 'stat', '-c', '%d:%i', '/run/netns']);
      if (innerId.code !== 0 || (rootRunNetns && innerId.stdout.trim() === `${rootRunNetns.dev}:${rootRunNetns.ino}`)) return [ino];
      const found = await run.attempt([run.tools.nsenter, `--mount=${r.path}`, '--', run.tools.find, '/run/netns', '-mindepth', '1', '-maxdepth', '1', '-exec', 'stat', '-c', '%i', '{}', '+']);
      return [ino, ...found.stdout.split('\n').filter((l) => /^\d+$/.test(l.trim())).map((l) => Number(l.trim()))];
    }),
  );
  for (const list of inner) for (const i of list) inodes.add(i);
  const pids = new Set(withDescendants(processesIn(inodes, inodes)));
  for (const ref of recorded) if (isAlive(ref)) pids.add(ref.pid);
  return [...pids].flatMap((pid) => {
    const startTime = startTimeOf(pid);
    return startTime === undefined ? [] : [{ pid, startTime }];
  });
}

export async function tearDown(run: Runner, journal: Journal, keep: (r: Resource) => boolean = () => false): Promise<TeardownReport> {
  const state = journal.state;
  const report: TeardownReport = { stopped: [], removed: [], problems: [], notes: [] };
  const gone = (r: Resource) => {
    report.removed.push(r);
    journal.forget(r);
  };
  const made = () => state.made.filter((r) => !keep(r));

  // 0. Containers, on all hosts at once.
  const podmanHosts = byKind(made(), 'containers');
  for (const p of await Promise.all(podmanHosts.map((r) => removeContainers(run, r)))) if (p) report.notes.push(p);

  // 1. Processes. Recorded daemon pids count even if their namespace is already gone.
  const recorded = Object.values(state.daemons).flatMap((d) => Object.values(d));
  const procs = await labProcesses(run, made(), recorded);
  const survivors = await stopProcesses(procs);
  report.stopped = procs.filter((p) => !survivors.includes(p)).map((p) => p.pid);
  for (const s of survivors) report.problems.push(`process ${s.pid} did not exit after SIGKILL`);
  if (!survivors.length) journal.update((s) => (s.daemons = {}));
  if (!survivors.length) {
    const problems = await Promise.all(podmanHosts.map((r) => removeCgroups(run, r)));
    podmanHosts.forEach((r, i) => (problems[i] ? report.problems.push(problems[i]!) : gone(r)));
  }

  // 2. Mounts, newest first.
  for (const r of byKind(made(), 'mount').reverse()) {
    if (mountPoints().includes(r.path)) {
      const u = await run.attempt([run.tools.umount, r.path]);
      if (u.code !== 0) await run.attempt([run.tools.umount, '--lazy', r.path]);
    }
    if (mountPoints().includes(r.path)) report.problems.push(`cannot unmount ${r.path}`);
    else gone(r);
  }

  // 3. Root-namespace links, if still marked as this lab's. Deleting a veth end deletes its peer.
  const links = byKind(made(), 'link');
  if (links.length) {
    const alias = `${LINK_ALIAS_PREFIX}${state.id}`;
    const listed = JSON.parse((await run.run([run.tools.ip, '-json', 'link', 'show'])).stdout || '[]') as { ifname: string; ifalias?: string }[];
    const present = new Map(listed.map((l) => [l.ifname, l.ifalias]));
    const mine = links.filter((l) => present.has(l.name) && present.get(l.name) === alias);
    for (const l of links.filter((l) => present.has(l.name) && present.get(l.name) !== alias)) {
      report.problems.push(`link ${l.name} is not marked as this lab's (alias '${present.get(l.name) ?? ''}', expected '${alias}'); left alone`);
    }
    if (mine.length) await run.attempt([run.tools.ip, '-force', '-batch', '-'], mine.map((l) => `link del dev ${l.name}\n`).join(''));
    const after = new Set((JSON.parse((await run.run([run.tools.ip, '-json', 'link', 'show'])).stdout || '[]') as { ifname: string }[]).map((l) => l.ifname));
    for (const l of links) {
      if (!after.has(l.name)) gone(l);
      else if (mine.includes(l)) report.problems.push(`cannot delete link ${l.name}`);
    }
  }

  // 4. Network namespaces.
  const netns = byKind(made(), 'netns');
  const existing = netns.filter((n) => existsSync(`/run/netns/${n.name}`));
  if (existing.length) await run.attempt([run.tools.ip, '-force', '-batch', '-'], existing.map((n) => `netns del ${n.name}\n`).join(''));
  for (const n of netns) {
    if (existsSync(`/run/netns/${n.name}`)) report.problems.push(`cannot delete network namespace ${n.name}`);
    else gone(n);
  }

  // 5. Files, then directories (newest first). Never remove across a mount point.
  const mounted = mountPoints();
  const under = (dir: string) => mounted.some((m) => m === dir || m.startsWith(`${dir}/`));
  for (const f of byKind(made(), 'file')) {
    if (under(f.path)) report.problems.push(`${f.path} is still a mount point; left alone`);
    else {
      rmSync(f.path, { force: true });
      gone(f);
    }
  }
  for (const d of byKind(made(), 'dir').reverse()) {
    if (under(d.path)) {
      report.problems.push(`${d.path} still has a mount point in it; left alone`);
      continue;
    }
    try {
      if (d.recursive) rmSync(d.path, { recursive: true, force: true });
      else rmdirSync(d.path);
      gone(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') gone(d);
      else if (code === 'ENOTEMPTY') {
        journal.forget(d); // it holds files that are not the lab's: keep it, and forget it
        report.notes.push(`${d.path} holds files that are not the lab's; left in place`);
      } else report.problems.push(`cannot remove ${d.path}: ${(err as Error).message}`);
    }
  }
  return report;
}
