/**
 * One statement taught: where it is and what it says, the concept (src/kinds), then per
 * host the exact commands of its steps, how to undo and verify them, and with `look` what
 * to look at afterwards. `vsh explain`, `explain --step` and the REPL's `explain` print this.
 */
import { LOOK, type Step } from '../backends/backend.js';
import { renderStep } from '../backends/render-plan.js';
import { showCommand, type Command } from '../exec/command.js';
import type { Statement } from '../lang/ast.js';
import { concept } from './concepts.js';

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
    case 'l3':
      return { argv: ['ip', 'route'] };
    case 'container':
      return { argv: ['podman', 'ps', '--all'] };
    case 'dhcp':
      return { argv: ['ip', '-br', 'addr'] };
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
