/**
 * `vsh explain FILE…`: teach the script statement by statement — what the object is and
 * why, then per host the exact commands, how to undo them and how to verify. Changes
 * nothing and reads nothing: the steps are planned against empty hosts.
 */
import type { Step } from '../backends/backend.js';
import { makePlan, planSteps } from '../backends/plan.js';
import { renderStep } from '../backends/render-plan.js';
import { showCommand } from '../exec/command.js';
import { concept } from '../explain/concepts.js';
import type { Statement } from '../lang/ast.js';
import { wantColor } from '../lang/render.js';
import { loadModel, printDiagnostics } from './load-model.js';

/** The source text of a statement, as written (continuation lines joined). */
function sourceOf(s: Statement, texts: Map<string, string>): string {
  return (texts.get(s.span.file) ?? '').slice(s.span.offset, s.span.endOffset).replace(/\\\s*\n\s*/g, ' ');
}

export function explainStatement(s: Statement, steps: readonly Step[], texts: Map<string, string>, color: boolean): string {
  const mine = steps.filter((st) => st.span && st.span.file === s.span.file && st.span.offset === s.span.offset);
  const lines = [`${s.span.file}:${s.span.line}  ${sourceOf(s, texts)}`, '', wrap(concept(s), 88, '  '), ''];
  for (const host of [...new Set(mine.map((st) => st.host))]) {
    lines.push(`  on ${host}:`);
    for (const st of mine.filter((x) => x.host === host)) {
      lines.push(renderStep(st, color).replace(/^ {2}/gm, '    '));
      lines.push(wrap(st.explain, 88, '      # '));
      if (st.undo.length) lines.push(`      undo:   ${st.undo.map(showCommand).join('; ')}`);
      if (st.verify) lines.push(`      verify: ${showCommand(st.verify)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function wrap(text: string, width: number, prefix: string): string {
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

export async function explainCommand(files: string[]): Promise<number> {
  const loaded = await loadModel(files);
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, {});
    return 1;
  }
  const plan = await makePlan(loaded.front, { mode: 'apply', offline: true });
  const steps = planSteps(plan);
  const texts = new Map(loaded.sources.map((s) => [s.file, s.text]));
  const color = wantColor(process.stdout);
  process.stdout.write(loaded.front.statements.map((s) => explainStatement(s, steps, texts, color)).join('\n'));
  return 0;
}
