/**
 * `vsh explain FILE…`: teach the script statement by statement — what the object is and
 * why, then per host the exact commands, how to undo them and how to verify. Changes
 * nothing and reads nothing: the steps are planned against empty hosts.
 *
 * `--step` walks through it one statement at a time, waiting for Enter (explain-step.ts);
 * `--apply` also builds each statement on the hosts as it goes. The text of one statement
 * is statement.ts's, which the walk and the REPL print too.
 */
import { makePlan, planSteps } from '../backends/plan.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { wantColor } from '../lang/render.js';
import { explainStatement } from '../explain/statement.js';

export interface ExplainCommandOptions {
  /** One statement at a time, waiting for Enter on a terminal. */
  step?: boolean;
  /** Build each statement on the hosts as the walk goes (implies `step`). */
  apply?: boolean;
  project?: string;
}

export async function explainCommand(files: string[], options: ExplainCommandOptions = {}): Promise<number> {
  if (options.step || options.apply) return (await import('./explain-step.js')).explainStep(files, { apply: options.apply === true, project: options.project });
  const loaded = await loadModel(files, { project: options.project });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, {});
    return 1;
  }
  const plan = await makePlan(loaded.front, { mode: 'apply', offline: true, project: loaded.project });
  const steps = planSteps(plan);
  const texts = new Map(loaded.sources.map((s) => [s.file, s.text]));
  const color = wantColor(process.stdout);
  process.stdout.write(loaded.front.statements.map((s) => explainStatement(s, steps, texts, color)).join('\n'));
  return 0;
}
