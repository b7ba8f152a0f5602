/**
 * What an apply, an undo or a run did, said for people: the CLI (`apply`, `destroy`, `run`),
 * `explain --step --apply` and the REPL (`apply`, `undo`) print these same words.
 */
import type { Step } from '../backends/backend.js';
import type { ApplyOutcome, StepFailure } from '../exec/apply.js';
import { showCommand } from '../exec/command.js';
import { expectSource, type ExpectationResult } from '../exec/expectations.js';

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
  lines.push(out.rolledBack.length ? describeRolledBack(out.rolledBack) : 'nothing had been applied: nothing to roll back');
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

/** A rolled-back list this long or shorter is one line of names (a few terminal rows); longer, it is counted per host and kind. */
export const NAMED_ROLLBACK_CHARS = 400;

/**
 * What was rolled back: a few steps by name (`bridge br0@hostA, …`); a large apply (160
 * veths, Ctrl-C) as a count per host and kind — one line per host instead of 20 KB on one.
 */
export function describeRolledBack(steps: readonly Step[]): string {
  const head = `rolled back ${steps.length} step${steps.length === 1 ? '' : 's'}`;
  const named = `${head}: ${steps.map((s) => `${s.object}@${s.host}`).join(', ')}`;
  return named.length <= NAMED_ROLLBACK_CHARS ? named : `${head}:\n${hostRows(steps, false).join('\n')}`;
}

/**
 * One line per host (hosts by name): the objects of its steps by name (`named`), or a count
 * per kind (`namespace ×80, veth ×80`), the kind being the object's first word.
 */
export function hostRows(steps: readonly Step[], named: boolean): string[] {
  const byHost = new Map<string, Map<string, number>>();
  for (const s of steps) {
    const items = byHost.get(s.host) ?? new Map<string, number>();
    const item = named ? s.object : s.object.split(' ')[0]!; // "port vm1 on br-int" → port
    items.set(item, (items.get(item) ?? 0) + 1);
    byHost.set(s.host, items);
  }
  // Hosts by name: the order steps ran (or were undone) in says nothing to a reader.
  return [...byHost].sort(([a], [b]) => a.localeCompare(b)).map(([host, items]) => `  ${host}: ${[...items].map(([k, n]) => (named && n === 1 ? k : `${k} ×${n}`)).join(', ')}`);
}

/** The verdict of each `expect` line, one per line. */
export function describeExpectations(results: readonly ExpectationResult[]): string {
  return results
    .map((r) => `${r.passed ? 'passed' : 'FAILED'}: expect ${r.expect.stmt.reach ? 'reach' : 'noreach'} ${expectSource(r.expect)} ${r.expect.stmt.target.value} — ${r.detail}`)
    .join('\n');
}
