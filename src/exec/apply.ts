/**
 * Applies a plan to many hosts at once, as one transaction: hosts run in parallel, each
 * host's steps in order, batched (one ovsdb transaction per run of OVS steps, one
 * `ip -batch` per run of iproute2 steps). If any step on any host fails — or the run is
 * interrupted — every host stops after its current batch and every completed step on
 * every host is undone in reverse order. A per-host lock keeps two applies apart.
 */
import type { Step } from '../backends/backend.js';
import { randomBytes } from 'node:crypto';
import { failedBatchLine, failedBatchLines, ipBatchable, mergeIpBatch, mergeOvnNbctl, mergeOvsVsctl, ovnBatchable, ovsBatchable, shBatch, shBatchFailure } from './batch.js';
import type { Command, CommandResult } from './command.js';
import type { Executor } from './executor.js';
import { isWaitCommand, NOT_REALIZED, transactionAndWait } from '../backends/ovn/wait.js';

export type ProgressState = 'locking' | 'applying' | 'done' | 'failed' | 'rolling back' | 'rolled back';

export interface Progress {
  host: string;
  state: ProgressState;
  done: number;
  total: number;
}

/** What went wrong, with everything needed to act on it. */
export interface StepFailure {
  host: string;
  step?: Step;
  command?: Command;
  code?: number;
  stderr?: string;
  /** A failure that is not an exit status (lost connection, timeout, interrupted). */
  error?: string;
}

export interface ApplyOutcome {
  ok: boolean;
  /** Steps that took effect and stayed (all of them when ok). */
  applied: Step[];
  failure?: StepFailure;
  /** Steps that took effect and were undone. */
  rolledBack: Step[];
  /** Undo commands that failed (the host may need a look). */
  rollbackErrors: StepFailure[];
}

export interface ApplyOptions {
  executorFor: (host: string) => Executor;
  onProgress?: (p: Progress) => void;
  /** Aborting (Ctrl-C) stops after the current batch and rolls back. */
  signal?: AbortSignal;
  /** Take a per-host lock (default true). */
  lock?: boolean;
}

/** Consecutive steps that run as one invocation. */
interface Unit {
  steps: Step[];
  /** `ovs`: one ovsdb transaction; `ovn`: one northbound transaction; `ip`: one `ip -batch -`; `sh`: one `sh -s` script; `single`: command by command. */
  kind: 'ovs' | 'ovn' | 'ip' | 'sh' | 'single';
  /** `ovn`: the wait step right after the transaction, run in the same invocation (ovn/wait.ts). */
  wait?: Step;
}

const isWaitStep = (step: Step): boolean => step.commands.length === 1 && isWaitCommand(step.commands[0]!);

function kindOf(step: Step): Unit['kind'] {
  const cs = step.commands;
  if (cs.length === 0) return 'single';
  if (cs.every(ovsBatchable)) return 'ovs';
  if (cs.every(ovnBatchable)) return 'ovn';
  if (cs.every(ipBatchable)) return 'ip';
  // Anything else without stdin (e.g. `ip -n NS …`, `ip netns add`) goes into one `sh -s` script.
  return cs.every((c) => c.stdin === undefined && c.batch !== 'alone') ? 'sh' : 'single';
}

function unitsOf(steps: readonly Step[]): Unit[] {
  const units: Unit[] = [];
  for (const step of steps) {
    const kind = kindOf(step);
    const last = units[units.length - 1];
    if (last && last.kind === 'ovn' && !last.wait && isWaitStep(step)) last.wait = step;
    else if (last && (last.kind === 'ovs' || last.kind === 'ovn') && kind === last.kind) last.steps.push(step);
    else if (last && (last.kind === 'ip' || last.kind === 'sh') && (kind === 'ip' || kind === 'sh')) {
      // A run of ip steps stays one `ip -batch`; once a step needs the shell, the whole run is one script.
      last.steps.push(step);
      if (kind === 'sh') last.kind = 'sh';
    } else units.push({ steps: [step], kind });
  }
  return units;
}

class HostFailure extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.error ?? failure.stderr ?? 'failed');
  }
}

/** The lock is a directory (mkdir is atomic everywhere); its name carries the vsh host name so lab hosts sharing /run do not collide. */
function lockCommands(host: string): { take: Command; release: Command } {
  const dir = `/run/vsh/apply-${host}.lock`;
  return {
    take: { argv: ['sh', '-c', 'mkdir -p /run/vsh && mkdir "$1" && date +%s > "$1/since"', 'sh', dir] },
    release: { argv: ['rm', '-rf', dir] },
  };
}

async function run(exec: Executor, command: Command): Promise<CommandResult> {
  try {
    return await exec.run(command);
  } catch (err) {
    throw new HostFailure({ host: exec.host, command, error: (err as Error).message });
  }
}

/**
 * Run one batch (a whole unit in one invocation). A lost connection leaves it unknown how
 * much of the batch took effect: every step of it counts as done, so that rollback tries to
 * undo it (undo commands tolerate what is missing) or, if the host stays unreachable,
 * names each of those steps as one to check by hand.
 */
async function runBatch(host: string, exec: Executor, command: Command, unit: Unit, done: Step[]): Promise<CommandResult> {
  try {
    return await exec.run(command);
  } catch (err) {
    done.push(...unit.steps);
    const first = unit.steps[0]!;
    const span = unit.steps.length === 1 ? '' : ` (one batch of ${unit.steps.length} steps, '${first.object}' … '${unit.steps[unit.steps.length - 1]!.object}'; how far it got is unknown)`;
    throw new HostFailure({ host, step: first, error: `${(err as Error).message}${span}` });
  }
}

/** Apply one host's steps; resolves with the steps that took effect, or throws HostFailure carrying them. */
async function applyHost(host: string, steps: readonly Step[], exec: Executor, stop: () => boolean, progress: (done: number) => void, done: Step[]): Promise<void> {
  let count = 0;
  for (const unit of unitsOf(steps)) {
    if (stop()) throw new HostFailure({ host, error: 'stopped: another host failed or the run was interrupted' });
    if (unit.kind === 'ovn' && unit.wait) {
      // The northbound transaction and the wait for every chassis, in one invocation: realized, or committed but lagging (rolled back), or nothing changed.
      const command = transactionAndWait(mergeOvnNbctl(unit.steps.flatMap((s) => s.commands)).argv.slice(2), unit.wait.commands[0]!);
      const r = await runBatch(host, exec, command, unit, done);
      if (r.code === NOT_REALIZED) {
        done.push(...unit.steps);
        throw new HostFailure({ host, step: unit.wait, command, code: r.code, stderr: r.stderr });
      }
      if (r.code !== 0) throw new HostFailure({ host, step: unit.steps[0], command, code: r.code, stderr: r.stderr });
      done.push(...unit.steps, unit.wait);
    } else if (unit.kind === 'ovs' || unit.kind === 'ovn') {
      const merge = unit.kind === 'ovs' ? mergeOvsVsctl : mergeOvnNbctl;
      const command = merge(unit.steps.flatMap((s) => s.commands));
      const r = await runBatch(host, exec, command, unit, done);
      // One ovsdb transaction: all of it took effect, or none of it.
      if (r.code !== 0) throw new HostFailure({ host, step: unit.steps[0], command, code: r.code, stderr: r.stderr });
      done.push(...unit.steps);
    } else if (unit.kind === 'ip' || unit.kind === 'sh') {
      const commands = unit.steps.flatMap((s) => s.commands.map((c) => ({ s, c })));
      const marker = `@@vsh-${randomBytes(6).toString('hex')}`;
      const batch = unit.kind === 'ip' ? mergeIpBatch(commands.map((x) => x.c)) : shBatch(commands.map((x) => x.c), marker);
      const r = await runBatch(host, exec, batch, unit, done);
      if (r.code !== 0) {
        // Both stop at the failing command: the steps before it took effect, and the failing step may have in part.
        const sh = unit.kind === 'sh' ? shBatchFailure(r.stderr, marker, r.code) : undefined;
        const index = sh ? sh.index : (failedBatchLine(r.stderr) ?? 1) - 1;
        const failed = commands[index] ?? commands[0]!;
        const before = unit.steps.slice(0, unit.steps.indexOf(failed.s));
        done.push(...before);
        if (commands.findIndex((x) => x.s === failed.s) < index) done.push(failed.s);
        throw new HostFailure({ host, step: failed.s, command: failed.c, code: sh ? sh.code : r.code, stderr: sh ? sh.stderr : r.stderr });
      }
      done.push(...unit.steps);
    } else {
      const step = unit.steps[0]!;
      for (const [i, command] of step.commands.entries()) {
        let r: CommandResult;
        try {
          r = await run(exec, command);
        } catch (err) {
          if (i > 0) done.push(step);
          throw err instanceof HostFailure ? new HostFailure({ ...err.failure, step }) : err;
        }
        if (r.code !== 0) {
          if (i > 0) done.push(step); // partly applied: its undo runs too (undo commands tolerate what is missing)
          throw new HostFailure({ host, step, command, code: r.code, stderr: r.stderr });
        }
      }
      done.push(step);
    }
    count += unit.steps.length + (unit.wait ? 1 : 0);
    progress(count);
  }
}

interface Undo {
  step: Step;
  command: Command;
}

/** Consecutive undo commands of one batch kind: `ovs`, `ovn`, `ip`, or `single` (one by one). */
function undoGroups(undo: readonly Undo[]): { kind: 'ovs' | 'ovn' | 'ip' | 'single'; undo: Undo[] }[] {
  const groups: { kind: 'ovs' | 'ovn' | 'ip' | 'single'; undo: Undo[] }[] = [];
  for (const u of undo) {
    const kind = ovsBatchable(u.command) ? 'ovs' : ovnBatchable(u.command) ? 'ovn' : ipBatchable(u.command) ? 'ip' : 'single';
    const last = groups[groups.length - 1];
    if (last && last.kind === kind && kind !== 'single') last.undo.push(u);
    else groups.push({ kind, undo: [u] });
  }
  return groups;
}

/** Run undo commands one at a time, carrying on past failures. */
async function undoOneByOne(host: string, undo: readonly Undo[], exec: Executor, errors: StepFailure[]): Promise<void> {
  for (const { step, command } of undo) {
    try {
      const r = await exec.run(command);
      if (r.code !== 0) errors.push({ host, step, command, code: r.code, stderr: r.stderr });
    } catch (err) {
      errors.push({ host, step, command, error: (err as Error).message });
    }
  }
}

/**
 * Undo steps newest first, carrying on past failures, in few round trips (a failed apply of
 * thousands of steps must not take thousands of them to undo): a run of OVS undo commands
 * is one transaction — all or nothing, so if it fails the run goes again one by one to find
 * which —, a run of iproute2 ones is one `ip -force -batch -`, which carries on past a
 * failing line and names each; the rest go one at a time.
 */
async function rollbackHost(host: string, steps: readonly Step[], exec: Executor, errors: StepFailure[]): Promise<void> {
  const undo = [...steps].reverse().flatMap((step) => step.undo.map((command) => ({ step, command })));
  for (const group of undoGroups(undo)) {
    if (group.kind === 'single' || group.undo.length === 1) {
      await undoOneByOne(host, group.undo, exec, errors);
    } else if (group.kind === 'ovs' || group.kind === 'ovn') {
      // The northbound undo is one transaction too: the change is taken back whole.
      const r = await exec.run((group.kind === 'ovs' ? mergeOvsVsctl : mergeOvnNbctl)(group.undo.map((u) => u.command))).catch(() => undefined);
      if (r?.code !== 0) await undoOneByOne(host, group.undo, exec, errors);
    } else {
      const batch = mergeIpBatch(group.undo.map((u) => u.command));
      let r: CommandResult;
      try {
        r = await exec.run({ ...batch, argv: ['ip', '-force', '-batch', '-'] });
      } catch (err) {
        for (const { step, command } of group.undo) errors.push({ host, step, command, error: (err as Error).message });
        continue;
      }
      if (r.code === 0) continue;
      const failed = failedBatchLines(r.stderr);
      if (failed.length === 0) errors.push({ host, step: group.undo[0]!.step, command: batch, code: r.code, stderr: r.stderr });
      for (const { line, stderr } of failed) {
        const u = group.undo[line - 1];
        if (u) errors.push({ host, step: u.step, command: u.command, code: r.code, stderr });
      }
    }
  }
}

/** Apply the steps of every host; on any failure roll every host back. */
export async function applySteps(stepsByHost: ReadonlyMap<string, readonly Step[]>, options: ApplyOptions): Promise<ApplyOutcome> {
  const hosts = [...stepsByHost].filter(([, steps]) => steps.length > 0);
  const report = (host: string, state: ProgressState, done = 0) => options.onProgress?.({ host, state, done, total: stepsByHost.get(host)?.length ?? 0 });
  const locks = new Map(hosts.map(([h]) => [h, lockCommands(h)]));
  const locked: string[] = [];
  let failure: StepFailure | undefined;
  const stop = () => failure !== undefined || options.signal?.aborted === true;
  const done = new Map(hosts.map(([h]) => [h, [] as Step[]]));

  if (options.lock !== false) {
    await Promise.all(
      hosts.map(async ([h]) => {
        report(h, 'locking');
        const exec = options.executorFor(h);
        try {
          const r = await exec.run(locks.get(h)!.take);
          if (r.code === 0) locked.push(h);
          else failure ??= { host: h, error: `another vsh apply holds the lock on ${h} (/run/vsh/apply-${h}.lock); if none is running, remove that directory`, stderr: r.stderr };
        } catch (err) {
          failure ??= { host: h, error: (err as Error).message };
        }
      }),
    );
  }

  if (!failure) {
    await Promise.all(
      hosts.map(async ([h, steps]) => {
        report(h, 'applying');
        try {
          await applyHost(h, steps, options.executorFor(h), stop, (n) => report(h, 'applying', n), done.get(h)!);
          report(h, 'done', steps.length);
        } catch (err) {
          const f = err instanceof HostFailure ? err.failure : { host: h, error: (err as Error).message };
          // The first real failure is the one to report; hosts stopped because of it are not failures.
          if (!failure && !f.error?.startsWith('stopped:')) failure = f;
          report(h, 'failed', done.get(h)!.length);
        }
      }),
    );
    if (!failure && options.signal?.aborted) failure = { host: hosts[0]?.[0] ?? '', error: 'interrupted (Ctrl-C)' };
  }

  const rollbackErrors: StepFailure[] = [];
  const rolledBack: Step[] = [];
  if (failure) {
    await Promise.all(
      hosts.map(async ([h]) => {
        const steps = done.get(h)!;
        if (steps.length === 0) return;
        report(h, 'rolling back');
        await rollbackHost(h, steps, options.executorFor(h), rollbackErrors);
        rolledBack.push(...steps);
        report(h, 'rolled back');
      }),
    );
  }
  await Promise.all(locked.map((h) => options.executorFor(h).run(locks.get(h)!.release).catch(() => undefined)));
  return failure
    ? { ok: false, applied: [], failure, rolledBack, rollbackErrors }
    : { ok: true, applied: hosts.flatMap(([h]) => done.get(h)!), rolledBack, rollbackErrors };
}
