/**
 * `vsh apply|destroy|run FILE…`: check, plan against the live hosts, apply as one
 * transaction (roll back everything on any failure), and for `run` check the `expect`
 * lines. `--dry-run` stops after the plan. On a terminal the plan is shown and confirmed
 * first (`--yes` skips that). Ctrl-C rolls back.
 */
import { makePlan, nothingToDo, planSteps, type Plan } from '../backends/plan.js';
import { planJson, renderPlan } from '../backends/render-plan.js';
import { describeExpectations, describeOutcome } from '../commands/apply-report.js';
import { confirm, needsConfirmation } from '../commands/confirm.js';
import { Executors } from '../commands/executors.js';
import { progressReporter } from '../commands/progress.js';
import { applySteps, type ApplyOutcome } from '../exec/apply.js';
import { showCommand } from '../exec/command.js';
import { runExpectations } from '../exec/expectations.js';
import { hasErrors } from '../lang/diagnostics.js';
import { wantColor } from '../lang/render.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { tracePhase } from '../exec/trace.js';

export interface ApplyCommandOptions {
  mode: 'apply' | 'destroy' | 'run';
  dryRun?: boolean;
  json?: boolean;
  /** Apply without asking, even on a terminal. */
  yes?: boolean;
  hosts?: string[];
  project?: string;
}

export async function applyCommand(files: string[], options: ApplyCommandOptions): Promise<number> {
  tracePhase('loaded');
  const loaded = await loadModel(files, { hosts: options.hosts, project: options.project });
  tracePhase('front-end');
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const executors = new Executors(loaded.front.model.hosts);
  const byName = (h: string) => executors.for(h, loaded.front.model.hosts.get(h)!);
  const abort = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: stopping after the current batch and rolling back…\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const plan: Plan = await makePlan(loaded.front, { mode: options.mode === 'destroy' ? 'destroy' : 'apply', executorFor: executors.for, hosts: options.hosts, project: loaded.project });
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
    if (steps.length > 0 && needsConfirmation({ ...options, stdinIsTTY: process.stdin.isTTY === true })) {
      process.stdout.write(renderPlan(plan, { color: wantColor(process.stdout) }));
      const verb = options.mode === 'destroy' ? 'destroy' : 'apply';
      const hosts = plan.hosts.filter((h) => h.steps.length > 0).map((h) => h.host);
      if (!(await confirm(`\n${verb} these ${steps.length} change${steps.length === 1 ? '' : 's'} on ${hosts.join(', ')}? (y/N, -y skips this) `))) {
        process.stderr.write(`${verb} cancelled: nothing was changed.\n`);
        return 1;
      }
    }
    let outcome: ApplyOutcome | undefined;
    if (steps.length > 0) {
      const stepsByHost = new Map(plan.hosts.map((h) => [h.host, h.steps]));
      outcome = await applySteps(stepsByHost, {
        executorFor: byName,
        signal: abort.signal,
        onProgress: options.json ? undefined : progressReporter(process.stderr, process.stderr.isTTY === true),
      });
    }
    tracePhase('applied');
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
    process.off('SIGINT', onSigint);
    await executors.closeAll();
    tracePhase('closed');
  }
}
