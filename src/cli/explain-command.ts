/**
 * `vsh explain FILE…`: teach the script statement by statement — what the object is and
 * why, then per host the exact commands, how to undo them and how to verify. Changes
 * nothing and reads nothing: the steps are planned against empty hosts.
 *
 * `--step` walks through it one statement at a time, waiting for Enter (explain-step.ts);
 * `--apply` also builds each statement on the hosts as it goes.
 */
import { LOOK, type Step } from '../backends/backend.js';
import { makePlan, planSteps } from '../backends/plan.js';
import { renderStep } from '../backends/render-plan.js';
import { showCommand, type Command } from '../exec/command.js';
import { concept } from '../explain/concepts.js';
import type { Statement } from '../lang/ast.js';
import { wantColor } from '../lang/render.js';
import { loadModel, printDiagnostics } from './load-model.js';

/** The source text of a statement, as written (continuation lines joined). */
function sourceOf(s: Statement, texts: Map<string, string>): string {
  return (texts.get(s.span.file) ?? '').slice(s.span.offset, s.span.endOffset).replace(/\\\s*\n\s*/g, ' ');
}

/** Whether a step comes from this statement. */
export const stepOf = (s: Statement) => (st: Step) => st.span !== undefined && st.span.file === s.span.file && st.span.offset === s.span.offset;

/** What to look at after a step: the driver's `look`, else the usual view of its backend. */
export function lookOf(step: Step): Command {
  if (step.look) return step.look;
  switch (step.backend) {
    case 'ovs':
      return LOOK.ovs();
    case 'libvirt':
      return LOOK.networks();
    case 'linux':
    case 'sriov':
      return { argv: ['ip', '-br', 'link'] };
    case 'ovn':
      return { argv: ['ovn-nbctl', 'show'] };
  }
}

/** The distinct look commands of some steps, in order. */
export function looksOf(steps: readonly Step[]): Command[] {
  const seen = new Map<string, Command>();
  for (const st of steps) {
    const c = lookOf(st);
    seen.set(showCommand(c), c);
  }
  return [...seen.values()];
}

export interface ExplainOptions {
  /** Add, per host, the commands that show what the steps made (`explain --step`). */
  look?: boolean;
}

export function explainStatement(s: Statement, steps: readonly Step[], texts: Map<string, string>, color: boolean, options: ExplainOptions = {}): string {
  const mine = steps.filter(stepOf(s));
  const lines = [`${s.span.file}:${s.span.line}  ${sourceOf(s, texts)}`, '', wrap(concept(s), 88, '  '), ''];
  for (const host of [...new Set(mine.map((st) => st.host))]) {
    lines.push(`  on ${host}:`);
    const here = mine.filter((x) => x.host === host);
    for (const st of here) {
      lines.push(renderStep(st, color).replace(/^ {2}/gm, '    '));
      lines.push(wrap(st.explain, 88, '      # '));
      if (st.undo.length) lines.push(`      undo:   ${st.undo.map(showCommand).join('; ')}`);
      if (st.verify) lines.push(`      verify: ${showCommand(st.verify)}`);
    }
    if (options.look) for (const c of looksOf(here)) lines.push(`    look:   ${showCommand(c)}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function wrap(text: string, width: number, prefix: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && prefix.length + line.length + word.length + 1 > width) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(prefix + line);
  return out.join('\n');
}

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
