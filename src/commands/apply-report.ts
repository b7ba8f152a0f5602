/**
 * What an apply, an undo or a run did, said for people: the CLI (`apply`, `destroy`, `run`),
 * `explain --step --apply` and the REPL (`apply`, `undo`) print these same words.
 */
import type { ApplyOutcome } from '../exec/apply.js';
import { showCommand } from '../exec/command.js';
import { expectSource, type ExpectationResult } from '../exec/expectations.js';

/** One apply (or undo) outcome for people: what ran, or what failed where and what was rolled back. The REPL prints the same. */
export function describeOutcome(out: ApplyOutcome): string {
  if (out.ok) return `applied ${out.applied.length} step${out.applied.length === 1 ? '' : 's'}`;
  const f = out.failure!;
  const lines = [`apply failed on ${f.host}${f.step ? `, step '${f.step.object}'` : ''}: ${f.error ?? `exit ${f.code}`}`];
  if (f.command) lines.push(`  command: ${showCommand(f.command)}`);
  if (f.stderr?.trim()) lines.push(`  stderr:  ${f.stderr.trim().split('\n').join('\n           ')}`);
  lines.push(out.rolledBack.length ? `rolled back ${out.rolledBack.length} step${out.rolledBack.length === 1 ? '' : 's'}: ${out.rolledBack.map((s) => `${s.object}@${s.host}`).join(', ')}` : 'nothing had been applied: nothing to roll back');
  for (const e of out.rollbackErrors) lines.push(`  could not undo '${e.step?.object}' on ${e.host}: ${e.error ?? e.stderr?.trim()} — check this host by hand`);
  return lines.join('\n');
}

/** The verdict of each `expect` line, one per line. */
export function describeExpectations(results: readonly ExpectationResult[]): string {
  return results
    .map((r) => `${r.passed ? 'passed' : 'FAILED'}: expect ${r.expect.stmt.reach ? 'reach' : 'noreach'} ${expectSource(r.expect)} ${r.expect.stmt.target.value} — ${r.detail}`)
    .join('\n');
}
