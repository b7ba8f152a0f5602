/**
 * What an apply, an undo or a run did, said for people: the CLI (`apply`, `destroy`, `run`),
 * `explain --step --apply` and the REPL (`apply`, `undo`) print these same words.
 */
import type { ApplyOutcome, StepFailure } from '../exec/apply.js';
import { showCommand } from '../exec/command.js';
import type { ExpectationResult } from '../exec/expectations.js';

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

/** The verdict of each `expect` line, one per line. */
export function describeExpectations(results: readonly ExpectationResult[]): string {
  return results
    .map((r) => `${r.passed ? 'passed' : 'FAILED'}: expect ${r.expect.stmt.reach ? 'reach' : 'noreach'} ${r.expect.ns}@${r.expect.host} ${r.expect.stmt.target.value} — ${r.detail}`)
    .join('\n');
}
