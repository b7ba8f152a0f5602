/**
 * `vsh apply|destroy|run FILE…`: check, plan against the live hosts, apply as one
 * transaction (roll back everything on any failure), and for `run` check the `expect`
 * lines. `--dry-run` stops after the plan. Ctrl-C rolls back.
 */
import { makePlan, nothingToDo, planSteps, type Plan } from '../backends/plan.js';
import { planJson, renderPlan } from '../backends/render-plan.js';
import { applySteps, type ApplyOutcome, type StepFailure } from '../exec/apply.js';
import { commandLine, showCommand } from '../exec/command.js';
import { me, releaseLocks, takeLocks } from '../exec/host-lock.js';
import { finishUnfinished } from './finish-unfinished.js';
import { runExpectations, type ExpectationResult } from '../exec/expectations.js';
import { hasErrors } from '../lang/diagnostics.js';
import { wantColor } from '../lang/render.js';
import { Executors } from './executors.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { progressReporter } from './progress.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ApplyCommandOptions {
  mode: 'apply' | 'destroy' | 'run';
  dryRun?: boolean;
  json?: boolean;
  hosts?: string[];
  project?: string;
}

/** Undo failures with one cause are all listed up to SAME_ERRORS_ALL; past that, the first SAME_ERRORS_SHOWN and a count. */
const SAME_ERRORS_ALL = 10;
const SAME_ERRORS_SHOWN = 5;

/** One apply (or undo) outcome for people: what ran, or what failed where and what was rolled back. The REPL prints the same. */
export function describeOutcome(out: ApplyOutcome): string {
  if (out.ok) return `applied ${out.applied.length} step${out.applied.length === 1 ? '' : 's'}`;
  const f = out.failure!;
  const lines = [`apply failed on ${f.host}${f.step ? `, step '${f.step.object}'` : ''}: ${f.error ?? `exit ${f.code}`}`];
  if (f.command) lines.push(`  command: ${showCommand(f.command)}`);
  if (f.stderr?.trim()) lines.push(`  stderr:  ${f.stderr.trim().split('\n').join('\n           ')}`);
  lines.push(out.rolledBack.length ? `rolled back ${out.rolledBack.length} step${out.rolledBack.length === 1 ? '' : 's'}: ${out.rolledBack.map((s) => `${s.object}@${s.host}`).join(', ')}` : 'nothing had been applied: nothing to roll back');
  // A host that is gone fails every undo the same way: name the first few, count the rest.
  const why = (e: StepFailure) => `${e.host}\0${e.error ?? e.stderr?.trim() ?? ''}`;
  const total = new Map<string, number>();
  for (const e of out.rollbackErrors) total.set(why(e), (total.get(why(e)) ?? 0) + 1);
  const shown = new Map<string, number>();
  for (const e of out.rollbackErrors) {
    const n = shown.get(why(e)) ?? 0;
    shown.set(why(e), n + 1);
    if (total.get(why(e))! <= SAME_ERRORS_ALL || n < SAME_ERRORS_SHOWN) lines.push(`  could not undo '${e.step?.object}' on ${e.host}: ${why(e).split('\0')[1]} — check this host by hand`);
    else if (n === SAME_ERRORS_SHOWN) lines.push(`  … and ${total.get(why(e))! - n} more steps not undone on ${e.host} for the same reason, down to '${out.rollbackErrors.filter((x) => why(x) === why(e)).at(-1)!.step?.object}' (vsh plan --destroy shows what is left)`);
  }
  return lines.join('\n');
}

function describeExpectations(results: readonly ExpectationResult[]): string {
  return results
    .map((r) => `${r.passed ? 'passed' : 'FAILED'}: expect ${r.expect.stmt.reach ? 'reach' : 'noreach'} ${r.expect.ns}@${r.expect.host} ${r.expect.stmt.target.value} — ${r.detail}`)
    .join('\n');
}

export async function applyCommand(files: string[], options: ApplyCommandOptions): Promise<number> {
  const loaded = await loadModel(files, { hosts: options.hosts, project: options.project });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const executors = new Executors(loaded.front.model.hosts);
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
  try {
    if (!options.dryRun) {
      // Lock first, then read: a plan read before the lock could be stale by the time it runs
      // (two applies of one script each planned the same creations, and the loser's rollback
      // removed the winner's work).
      const holder = me(loaded.project, options.mode);
      const hosts = [...loaded.front.model.hosts.keys()].filter((h) => !options.hosts || options.hosts.includes(h));
      const unlockHint = (h: string) => commandLine(['vsh', 'unlock', ...files, '--hosts', h]);
      const taken = await takeLocks(hosts, byName, holder, unlockHint, (host, gone, journal) => finishUnfinished(host, byName(host), gone, journal));
      locked = taken.locked;
      if (taken.failure) {
        if (options.json) process.stdout.write(JSON.stringify({ ok: false, changes: 0, failure: taken.failure, expectations: [] }) + '\n');
        else process.stderr.write(`${options.mode} refused: ${taken.failure.error}\n`);
        return 1;
      }
    }
    const plan: Plan = await makePlan(loaded.front, { mode: options.mode === 'destroy' ? 'destroy' : 'apply', executorFor: executors.for, hosts: options.hosts, project: loaded.project });
    const diagnostics = [...loaded.front.diagnostics, ...plan.diagnostics];
    if (hasErrors(diagnostics)) {
      printDiagnostics(loaded, diagnostics, { json: options.json });
      return 1;
    }
    if (diagnostics.length && !options.json) printDiagnostics(loaded, diagnostics, { summary: false });
    const steps = planSteps(plan);
    if (options.dryRun) {
      process.stdout.write(options.json ? JSON.stringify(planJson(plan)) + '\n' : renderPlan(plan, { color: wantColor(process.stdout) }));
      return 0;
    }
    if (abort.signal.aborted) {
      process.stderr.write(`${String(abort.signal.reason)} before anything was changed\n`);
      return 1;
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
    const expectations = outcome?.ok !== false && options.mode === 'run' ? await runExpectations(loaded.front.model, byName) : [];
    if (options.json) {
      process.stdout.write(
        JSON.stringify({
          ok: (outcome?.ok ?? true) && expectations.every((e) => e.passed),
          changes: steps.length,
          ...(outcome ? { applied: outcome.applied.length, rolledBack: outcome.rolledBack.length, failure: outcome.failure && { ...outcome.failure, step: outcome.failure.step?.object, command: outcome.failure.command && showCommand(outcome.failure.command) } } : {}),
          expectations: expectations.map((e) => ({ ns: e.expect.ns, host: e.expect.host, target: e.expect.stmt.target.value, reach: e.expect.stmt.reach, passed: e.passed, detail: e.detail })),
        }) + '\n',
      );
    } else {
      const out = outcome && !outcome.ok ? process.stderr : process.stdout;
      out.write((outcome ? describeOutcome(outcome) : nothingToDo(plan.mode)) + '\n');
      if (expectations.length) process.stdout.write(describeExpectations(expectations) + '\n');
    }
    return outcome?.ok === false || expectations.some((e) => !e.passed) ? 1 : 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    await releaseLocks(locked.filter((h) => !keep.includes(h)), byName);
    await executors.closeAll();
  }
}
