/**
 * Applies a plan to many hosts at once, as one transaction: hosts run in parallel, each
 * host's steps in order, batched (one ovsdb transaction per run of OVS steps, one
 * `ip -batch` per run of iproute2 steps). If any step on any host fails — or the run is
 * interrupted — every host stops after its current batch and every completed step on
 * every host is undone in reverse order. A per-host lock keeps two applies apart.
 */
import type { Step } from '../backends/backend.js';
import { randomBytes } from 'node:crypto';
import { failedBatchLine, failedBatchLines, ipBatchable, mergeIpBatch, mergeOvnNbctl, mergeOvsVsctl, ovnBatchable, ovsBatchable, shBatch, shBatchAll, shBatchFailure, shBatchFailures } from './batch.js';
import type { Command, CommandResult } from './command.js';
import type { Executor } from './executor.js';
import { isWaitCommand, NOT_REALIZED, transactionAndWait } from '../backends/ovn/wait.js';
import { formatHolder, me, releaseCommand, takeLocks, type LockHolder } from './host-lock.js';
import { progressCommand, writeCommand } from './journal.js';

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
  /** Hosts given up during the rollback (unreachable): their locks stay, vsh could not remove them. */
  gone: string[];
}

export interface ApplyOptions {
  executorFor: (host: string) => Executor;
  onProgress?: (p: Progress) => void;
  /** Aborting (Ctrl-C) stops after the current batch and rolls back. */
  signal?: AbortSignal;
  /** Take a per-host lock (default true; false when the caller holds the locks already, as `vsh apply` does before it reads the hosts). */
  lock?: boolean;
  /** Who takes the locks (default: this process, no project). */
  lockHolder?: LockHolder;
  /** The command that clears a host's stale lock, for the message. */
  unlockHint?: (host: string) => string;
  /**
   * How long one host's rollback may take (default 60 s). A host that stops answering (its
   * sshd stopped, the network gone) must not keep vsh waiting: past the deadline what is left
   * is reported, step by step, as not undone.
   */
  rollbackDeadlineMs?: number;
  /** Write each host's journal (journal.ts) into its lock before changing it (default: when applySteps takes the locks itself; the locks must be held). */
  journal?: boolean;
}

const ROLLBACK_DEADLINE_MS = 60_000;

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

/** The steps one unit runs (its wait step included). */
const unitSize = (unit: Unit): number => unit.steps.length + (unit.wait ? 1 : 0);

class HostFailure extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.error ?? failure.stderr ?? 'failed');
  }
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
    for (const x of unit.steps) done.push(x);
    const first = unit.steps[0]!;
    const span = unit.steps.length === 1 ? '' : ` (one batch of ${unit.steps.length} steps, '${first.object}' … '${unit.steps[unit.steps.length - 1]!.object}'; how far it got is unknown)`;
    throw new HostFailure({ host, step: first, error: `${(err as Error).message}${span}` });
  }
}

/** Apply one host's steps; resolves with the steps that took effect, or throws HostFailure carrying them. */
/** `journaled`: how many steps the journal already says may have taken effect (the first batch's, written with it). */
async function applyHost(host: string, units: readonly Unit[], exec: Executor, stop: () => boolean, progress: (done: number) => void, done: Step[], journal: boolean, journaled: number, othersDone: () => Promise<unknown>): Promise<void> {
  let count = 0;
  for (const unit of units) {
    // A northbound transaction with its wait runs once every other host is done: the VIFs are
    // plugged in then, so each chassis claims its ports in one go instead of one claim at a
    // time during the wait (each claim made every chassis recompute), and a failure elsewhere
    // stops it before it is made.
    if (unit.kind === 'ovn' && unit.wait) await othersDone();
    if (stop()) throw new HostFailure({ host, error: 'stopped: another host failed or the run was interrupted' });
    if (journal && count + unitSize(unit) > journaled) {
      // The journal learns which steps may take effect before they can.
      const r = await run(exec, progressCommand(host, count + unitSize(unit)));
      if (r.code !== 0) throw new HostFailure({ host, step: unit.steps[0], error: `could not write the journal on ${host}: ${r.stderr.trim()}` });
    }
    if (unit.kind === 'ovn' && unit.wait) {
      // The northbound transaction and the wait for every chassis, in one invocation: realized, or committed but lagging (rolled back), or nothing changed.
      const command = transactionAndWait(mergeOvnNbctl(unit.steps.flatMap((s) => s.commands)).argv.slice(2), unit.wait.commands[0]!);
      const r = await runBatch(host, exec, command, unit, done);
      if (r.code === NOT_REALIZED) {
        for (const x of unit.steps) done.push(x);
        throw new HostFailure({ host, step: unit.wait, command, code: r.code, stderr: r.stderr });
      }
      if (r.code !== 0) throw new HostFailure({ host, step: unit.steps[0], command, code: r.code, stderr: r.stderr });
      for (const x of unit.steps) done.push(x);
      done.push(unit.wait);
    } else if (unit.kind === 'ovs' || unit.kind === 'ovn') {
      const merge = unit.kind === 'ovs' ? mergeOvsVsctl : mergeOvnNbctl;
      const command = merge(unit.steps.flatMap((s) => s.commands));
      const r = await runBatch(host, exec, command, unit, done);
      // One ovsdb transaction: all of it took effect, or none of it.
      if (r.code !== 0) throw new HostFailure({ host, step: unit.steps[0], command, code: r.code, stderr: r.stderr });
      for (const x of unit.steps) done.push(x);
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
        for (const x of before) done.push(x);
        if (commands.findIndex((x) => x.s === failed.s) < index) done.push(failed.s);
        throw new HostFailure({ host, step: failed.s, command: failed.c, code: sh ? sh.code : r.code, stderr: sh ? sh.stderr : r.stderr });
      }
      for (const x of unit.steps) done.push(x);
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
    count += unitSize(unit);
    progress(count);
  }
}

interface Undo {
  step: Step;
  command: Command;
}

/**
 * Consecutive undo commands that run as one invocation, grouped as apply groups its steps
 * (`unitsOf`): `ovs` or `ovn` one transaction, `ip` one `ip -force -batch -`, `sh` one script that
 * carries on past failures (a run of ip commands joined by one that needs the shell), or
 * `single`: one by one (stdin of its own, or marked to run alone).
 */
function undoGroups(undo: readonly Undo[]): { kind: Unit['kind']; undo: Undo[] }[] {
  const groups: { kind: Unit['kind']; undo: Undo[] }[] = [];
  for (const u of undo) {
    const c = u.command;
    const kind = ovsBatchable(c) ? 'ovs' : ovnBatchable(c) ? 'ovn' : ipBatchable(c) ? 'ip' : c.stdin === undefined && c.batch !== 'alone' ? 'sh' : 'single';
    const last = groups[groups.length - 1];
    if (last && last.kind === kind && (kind === 'ovs' || kind === 'ovn')) last.undo.push(u);
    else if (last && (last.kind === 'ip' || last.kind === 'sh') && (kind === 'ip' || kind === 'sh')) {
      last.undo.push(u);
      if (kind === 'sh') last.kind = 'sh';
    } else groups.push({ kind, undo: [u] });
  }
  return groups;
}

/**
 * Runs a host's undo commands against a deadline. The first failure that is not an exit
 * status (lost connection, refused connect, timeout, the deadline) marks the host gone:
 * nothing more is sent to it (trying each of hundreds of undo commands against a dead host,
 * each with its own connect timeout, was how vsh seemed to hang).
 */
class UndoRunner {
  gone?: string;
  private readonly deadline: number;

  constructor(
    private readonly exec: Executor,
    private readonly deadlineMs: number,
  ) {
    this.deadline = Date.now() + deadlineMs;
  }

  async run(command: Command): Promise<CommandResult> {
    if (this.gone) throw new Error(this.gone);
    const left = this.deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.exec.host}: no answer within the rollback's deadline of ${this.deadlineMs / 1000}s`)), Math.max(0, left));
    });
    try {
      return await Promise.race([this.exec.run(command), late]);
    } catch (err) {
      this.gone ??= (err as Error).message;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Run undo commands one at a time, carrying on past failures. */
async function undoOneByOne(host: string, undo: readonly Undo[], exec: UndoRunner, errors: StepFailure[]): Promise<void> {
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
 * which —, a run of iproute2 ones is one `ip -force -batch -`, a run that also needs the
 * shell (`ip -n NS …`, `ip netns del`) one `sh -s` script; both carry on past a failing
 * command and name each. Only commands with stdin of their own go one at a time.
 */
async function rollbackHost(host: string, steps: readonly Step[], exec: UndoRunner, errors: StepFailure[]): Promise<void> {
  const undo = [...steps].reverse().flatMap((step) => step.undo.map((command) => ({ step, command })));
  for (const group of undoGroups(undo)) {
    if (group.kind === 'single' || group.undo.length === 1) {
      await undoOneByOne(host, group.undo, exec, errors);
    } else if (group.kind === 'ovs' || group.kind === 'ovn') {
      // The northbound undo is one transaction too: the change is taken back whole.
      const r = await exec.run((group.kind === 'ovs' ? mergeOvsVsctl : mergeOvnNbctl)(group.undo.map((u) => u.command))).catch(() => undefined);
      if (r?.code !== 0) await undoOneByOne(host, group.undo, exec, errors);
    } else {
      const marker = `@@vsh-${randomBytes(6).toString('hex')}`;
      const commands = group.undo.map((u) => u.command);
      const batch = group.kind === 'ip' ? { ...mergeIpBatch(commands), argv: ['ip', '-force', '-batch', '-'] } : shBatchAll(commands, marker);
      let r: CommandResult;
      try {
        r = await exec.run(batch);
      } catch (err) {
        for (const { step, command } of group.undo) errors.push({ host, step, command, error: (err as Error).message });
        continue;
      }
      if (r.code === 0) continue;
      // Both carry on past a failing command and name each one (ip by 1-based line, the script by index).
      const failed = group.kind === 'ip' ? failedBatchLines(r.stderr).map((f) => ({ index: f.line - 1, code: r.code, stderr: f.stderr })) : shBatchFailures(r.stderr, marker);
      if (failed.length === 0) errors.push({ host, step: group.undo[0]!.step, command: batch, code: r.code, stderr: r.stderr });
      for (const f of failed) {
        const u = group.undo[f.index];
        if (u) errors.push({ host, step: u.step, command: u.command, code: f.code, stderr: f.stderr });
      }
    }
  }
}

/** Undo what a journal says a gone vsh was doing on a host (newest first); the undo commands that failed. */
export async function undoJournal(host: string, exec: Executor, steps: readonly Step[], deadlineMs = ROLLBACK_DEADLINE_MS): Promise<StepFailure[]> {
  const errors: StepFailure[] = [];
  await rollbackHost(host, steps, new UndoRunner(exec, deadlineMs), errors);
  return errors;
}

/** Apply the steps of every host; on any failure roll every host back. */
export async function applySteps(stepsByHost: ReadonlyMap<string, readonly Step[]>, options: ApplyOptions): Promise<ApplyOutcome> {
  const hosts = [...stepsByHost].filter(([, steps]) => steps.length > 0);
  const report = (host: string, state: ProgressState, done = 0) => options.onProgress?.({ host, state, done, total: stepsByHost.get(host)?.length ?? 0 });
  const holder = options.lockHolder ?? me(undefined, 'apply');
  const journal = options.journal ?? options.lock !== false;
  let locked: string[] = [];
  let failure: StepFailure | undefined;
  const stop = () => failure !== undefined || options.signal?.aborted === true;
  const done = new Map(hosts.map(([h]) => [h, [] as Step[]]));

  if (options.lock !== false) {
    for (const [h] of hosts) report(h, 'locking');
    const taken = await takeLocks(hosts.map(([h]) => h), options.executorFor, holder, options.unlockHint ?? ((h) => `vsh unlock FILE… --hosts ${h}`));
    locked = taken.locked;
    failure = taken.failure;
  }

  if (!failure) {
    // Each host's end (done or failed), for a northbound transaction that waits for the others.
    const settled = new Map(hosts.map(([h]) => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      return [h, { promise, resolve }] as const;
    }));
    const othersDone = (h: string) => () => Promise.all([...settled].filter(([x]) => x !== h).map(([, d]) => d.promise));
    await Promise.all(
      hosts.map(async ([h, steps]) => {
        report(h, 'applying');
        try {
          const units = unitsOf(steps);
          let journaled = 0;
          if (journal) {
            // Before the first change: what is about to be made and how to undo it, so that a
            // vsh killed from here on leaves the next run what it needs to finish the rollback.
            journaled = units[0] ? unitSize(units[0]) : 0;
            const r = await run(options.executorFor(h), writeCommand(h, steps, { holder: formatHolder(holder) }, journaled));
            if (r.code !== 0) throw new HostFailure({ host: h, error: `could not write the journal on ${h}: ${r.stderr.trim()}` });
          }
          await applyHost(h, units, options.executorFor(h), stop, (n) => report(h, 'applying', n), done.get(h)!, journal, journaled, othersDone(h));
          report(h, 'done', steps.length);
        } catch (err) {
          const f = err instanceof HostFailure ? err.failure : { host: h, error: (err as Error).message };
          // The first real failure is the one to report; hosts stopped because of it are not failures.
          if (!failure && !f.error?.startsWith('stopped:')) failure = f;
          report(h, 'failed', done.get(h)!.length);
        } finally {
          settled.get(h)!.resolve();
        }
      }),
    );
    if (!failure && options.signal?.aborted) failure = { host: hosts[0]?.[0] ?? '', error: typeof options.signal.reason === 'string' ? options.signal.reason : 'interrupted (Ctrl-C)' };
  }

  const rollbackErrors: StepFailure[] = [];
  const rolledBack: Step[] = [];
  const runners = new Map<string, UndoRunner>();
  if (failure) {
    await Promise.all(
      hosts.map(async ([h]) => {
        const steps = done.get(h)!;
        if (steps.length === 0) return;
        report(h, 'rolling back');
        const runner = new UndoRunner(options.executorFor(h), options.rollbackDeadlineMs ?? ROLLBACK_DEADLINE_MS);
        runners.set(h, runner);
        await rollbackHost(h, steps, runner, rollbackErrors);
        for (const x of steps) rolledBack.push(x);
        report(h, 'rolled back');
      }),
    );
  }
  // A host found gone keeps its lock (nothing can reach it); the next apply says so.
  const gone = [...runners].filter(([, r]) => r.gone).map(([h]) => h);
  await Promise.all(locked.filter((h) => !gone.includes(h)).map((h) => new UndoRunner(options.executorFor(h), 10_000).run(releaseCommand(h)).catch(() => undefined)));
  return failure
    ? { ok: false, applied: [], failure, rolledBack, rollbackErrors, gone }
    : { ok: true, applied: hosts.flatMap(([h]) => done.get(h)!), rolledBack, rollbackErrors, gone };
}
