/** VN170: a flow's match and actions read as ovs-ofctl reads them (offline), and its table and priority in range. */
import type { FlowStmt } from '../ast.js';
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { validateActions, validateMatch, type FlowProblem } from '../openflow/validate.js';
import type { CheckRule } from './rule.js';

/**
 * The span of characters [from, to) inside a string literal whose span covers its quotes
 * (strings are one line; the +1 skips the opening quote). A `\` escape before the place
 * shifts it by one: flows seldom have any.
 */
export function insideString(s: Span, from: number, to: number): Span {
  const a = Math.min(from, Math.max(0, s.endOffset - s.offset - 2));
  const b = Math.max(a + 1, Math.min(to, s.endOffset - s.offset - 2));
  return { ...s, offset: s.offset + 1 + a, endOffset: s.offset + 1 + b, column: s.column + 1 + a, endLine: s.line, endColumn: s.column + 1 + b };
}

function report(stmt: FlowStmt, which: 'match' | 'actions', p: FlowProblem): Diagnostic {
  const str = stmt[which];
  return diag('VN170', insideString(str.span, p.from, p.to), `flow ${which} "${str.value}": ${p.message}`, { hint: p.hint });
}

export const flowSyntax: CheckRule = {
  id: 'flow-syntax',
  codes: ['VN170'],
  check({ statements }) {
    const out: Diagnostic[] = [];
    for (const s of statements) {
      if (s.kind !== 'flow') continue;
      if (s.table && s.table.value > 254) out.push(diag('VN170', s.table.span, `table ${s.table.value} does not exist: OpenFlow tables are 0-254`));
      if (s.priority && s.priority.value > 65535) out.push(diag('VN170', s.priority.span, `priority ${s.priority.value} is out of range: OpenFlow priorities are 0-65535`));
      for (const p of validateMatch(s.match.value)) out.push(report(s, 'match', p));
      for (const p of validateActions(s.actions.value, s.match.value)) out.push(report(s, 'actions', p));
    }
    return out;
  },
};
