/**
 * `vsh apply|destroy|run FILE…`: check, plan against the live hosts, apply as one
 * transaction (roll back everything on any failure), and for `run` check the `expect`
 * lines. `--dry-run` stops after the plan. On a terminal the plan is shown and confirmed
 * first (`--yes` skips that). Ctrl-C rolls back.
 */
import { makePlan, nothingToDo, planSteps, type Plan } from '../backends/plan.js';
import { planJson, renderPlan } from '../backends/render-plan.js';
import { describeExpectations, describeOutcome } from '../commands/apply-report.js';
import { confirm, confirmQuestion, needsConfirmation } from '../commands/confirm.js';
import { Executors } from '../commands/executors.js';
import { bondsTouched, lacpWarnings } from '../commands/lacp-partners.js';
import { progressReporter } from '../commands/progress.js';
import { applySteps, type ApplyOutcome } from '../exec/apply.js';
import { commandLine, showCommand } from '../exec/command.js';
import { me, releaseLocks, takeCommand, takeLocks } from '../exec/host-lock.js';
import { runExpectations } from '../exec/expectations.js';
import { finishUnfinished } from './finish-unfinished.js';
import { hasErrors } from '../lang/diagnostics.js';
import { wantColor } from '../lang/render.js';
import { loadModel, printDiagnostics, type Loaded } from './load-model.js';
import { EarlyConnections } from '../commands/early-connect.js';
import { tracePhase } from '../exec/trace.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ApplyCommandOptions {
  mode: 'apply' | 'destroy' | 'run';
  dryRun?: boolean;
  json?: boolean;
  /** Apply without asking, even on a terminal. */
  yes?: boolean;
  hosts?: string[];
  project?: string;
  /** Read every host, even those the OVN central's record says are unchanged (ovn/record.ts). */
  readAll?: boolean;
}

export async function applyCommand(files: string[], options: ApplyCommandOptions): Promise<number> {
  tracePhase('loaded');
  const early = new EarlyConnections(options.hosts);
  let loaded: Loaded;
  try {
    loaded = await loadModel(files, { hosts: options.hosts, project: options.project, connect: early });
  } catch (err) {
    await early.close();
    throw err;
  }
  tracePhase('front-end');
  if (!loaded.front.ok) {
    await early.close();
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const executors = new Executors(loaded.front.model.hosts, early);
  const byName = (h: string) => executors.for(h, loaded.front.model.hosts.get(h)!);
  const abort = new AbortController();
  // Ctrl-C, `kill` and a closed terminal all stop after the current batch and roll back.
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    process.stderr.write(`\ninterrupted (${signal === 'SIGINT' ? 'Ctrl-C' : signal}): stopping after the current batch and rolling back…\n`);
    abort.abort(`interrupted (${signal === 'SIGINT' ? 'Ctrl-C' : signal})`);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  let locked: string[] = [];
  let keep: string[] = [];
  const planOptions = { mode: options.mode === 'destroy' ? 'destroy' : 'apply', executorFor: executors.for, hosts: options.hosts, project: loaded.project, skipUnchanged: !options.readAll } as const;
  try {
    let plan: Plan | undefined;
    let busy: string[] = [];
    let first: Plan | undefined;
    if (!options.dryRun) {
      // A host with nothing to do needs no lock: one read, which also looks for its lock, says
      // so (a no-change apply stays one round trip per host). The hosts with changes (or a
      // lock, or no answer) are locked, then read again: their plan is made under the lock.
      // With an OVN central that keeps the record of the hosts (ovn/record.ts): a host the record
      // says changed is not read now (it is busy, read once under its lock), and the central's
      // lock is taken in its read's round trip, so a logical change is planned under it at once.
      first = await makePlan(loaded.front, { ...planOptions, lockProbe: true, deferChanged: true, takeCentralLock: (h) => takeCommand(h, me(loaded.project, options.mode)) });
      locked = first.hosts.filter((h) => h.lockTaken).map((h) => h.host);
      // A host whose fingerprint this plan records is read again under its lock too (ovn/record.ts).
      busy = first.hosts.filter((h) => h.steps.length > 0 || !h.read || h.locked || h.recorded).map((h) => h.host);
      // Nothing to do, errors, or only hosts read under the lock this run already holds: this plan is the one.
      if (busy.every((h) => locked.includes(h)) || hasErrors(first.diagnostics)) plan = first;
    }
    if (!options.dryRun && !plan) {
      // Lock first, then read: a plan read before the lock could be stale by the time it runs
      // (two applies of one script each planned the same creations, and the loser's rollback
      // removed the winner's work).
      const holder = me(loaded.project, options.mode);
      const hosts = busy.filter((h) => !locked.includes(h));
      const unlockHint = (h: string) => commandLine(['vsh', 'unlock', ...files, '--hosts', h]);
      const taken = await takeLocks(hosts, byName, holder, unlockHint, (host, gone, journal) => finishUnfinished(host, byName(host), gone, journal));
      locked = [...locked, ...taken.locked];
      if (taken.failure) {
        if (options.json) process.stdout.write(JSON.stringify({ ok: false, changes: 0, failure: taken.failure, expectations: [] }) + '\n');
        else process.stderr.write(`${options.mode} refused: ${taken.failure.error}\n`);
        return 1;
      }
      // Read again under the lock, unless the first read is known to be what that read would
      // see: read under this run's lock already (the central), or no vsh at work on the host
      // during it (quietTakes) and none took the lock between it and this run's take (which
      // made the count exactly one more). A host the first plan deferred was not read at all.
      const readUnderLock = (h: Plan['hosts'][number]) =>
        h.lockTaken === true || (h.quietTakes !== undefined && taken.takes?.get(h.host) === h.quietTakes + 1);
      const mine = first!.hosts.filter((h) => busy.includes(h.host));
      if (mine.every((h) => !h.deferred && readUnderLock(h))) plan = { ...first!, hosts: mine };
    }
    // The hosts --hosts left out stay out: the OVN central is then busy only for its record, which makePlan plans by itself.
    plan ??= await makePlan(loaded.front, { ...planOptions, ...(options.dryRun ? {} : { hosts: busy.filter((h) => !options.hosts || options.hosts.includes(h)), readAtOnce: (first?.hosts ?? []).filter((h) => h.deferred).map((h) => h.host) }) });
    const diagnostics = [...loaded.front.diagnostics, ...plan.diagnostics];
    if (hasErrors(diagnostics)) {
      printDiagnostics(loaded, diagnostics, { json: options.json });
      return 1;
    }
    if (diagnostics.length && !options.json) printDiagnostics(loaded, diagnostics, { summary: false });
    const steps = planSteps(plan);
    tracePhase('planned');
    if (options.dryRun) {
      process.stdout.write(options.json ? JSON.stringify(planJson(plan)) + '\n' : renderPlan(plan, { color: wantColor(process.stdout) }));
      return 0;
    }
    if (abort.signal.aborted) {
      process.stderr.write(`${String(abort.signal.reason)} before anything was changed\n`);
      return 1;
    }
    if (steps.length > 0 && needsConfirmation({ ...options, stdinIsTTY: process.stdin.isTTY === true })) {
      process.stdout.write(renderPlan(plan, { color: wantColor(process.stdout) }));
      const verb = options.mode === 'destroy' ? 'destroy' : 'apply';
      if (!(await confirm(confirmQuestion(verb, plan, '-y')))) {
        process.stderr.write(`${verb} cancelled: nothing was changed.\n`);
        return 1;
      }
    }
    let outcome: ApplyOutcome | undefined;
    if (steps.length > 0) {
      const stepsByHost = new Map(plan.hosts.map((h) => [h.host, h.steps]));
      outcome = await applySteps(stepsByHost, {
        executorFor: byName,
        lock: false,
        journal: true,
        lockHolder: me(loaded.project, options.mode),
        signal: abort.signal,
        onProgress: options.json ? undefined : progressReporter(process.stderr, process.stderr.isTTY === true),
      });
      keep = outcome.gone;
    }
    tracePhase('applied');
    // What an apply cannot see in its exit statuses: an LACP bond with nobody to negotiate with.
    const warnings = outcome?.ok !== false && options.mode !== 'destroy' ? await lacpWarnings(loaded.front.model, byName, { fresh: bondsTouched(loaded.front.model, steps), hosts: options.hosts }) : [];
    const expectations = outcome?.ok !== false && options.mode === 'run' ? await runExpectations(loaded.front.model, byName) : [];
    if (options.json) {
      process.stdout.write(
        JSON.stringify({
          ok: (outcome?.ok ?? true) && expectations.every((e) => e.passed),
          changes: steps.length,
          ...(outcome ? { applied: outcome.applied.length, rolledBack: outcome.rolledBack.length, failure: outcome.failure && { ...outcome.failure, step: outcome.failure.step?.object, command: outcome.failure.command && showCommand(outcome.failure.command) } } : {}),
          expectations: expectations.map((e) => ({ ns: e.expect.ns, host: e.expect.host, target: e.expect.stmt.target.value, reach: e.expect.stmt.reach, passed: e.passed, detail: e.detail })),
          ...(warnings.length ? { warnings } : {}),
        }) + '\n',
      );
    } else {
      const out = outcome && !outcome.ok ? process.stderr : process.stdout;
      out.write((outcome ? describeOutcome(outcome) : nothingToDo(plan.mode)) + '\n');
      for (const w of warnings) process.stderr.write(w + '\n');
      if (expectations.length) process.stdout.write(describeExpectations(expectations) + '\n');
    }
    return outcome?.ok === false || expectations.some((e) => !e.passed) ? 1 : 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    await releaseLocks(locked.filter((h) => !keep.includes(h)), byName);
    await executors.closeAll();
    tracePhase('closed');
  }
}
