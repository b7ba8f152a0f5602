/**
 * The host journal: before a host's first change, vsh writes into that host's lock
 * directory what it is about to do — each step's object and undo commands, in apply order.
 * A run that ends normally removes it with the lock. A run that cannot (vsh killed, the
 * controller lost, the host unreachable during the rollback) leaves the lock and the
 * journal on the host, and the next vsh that finds the lock's holder gone takes the lock
 * over (an atomic rename: only one run can), tells the user, and undoes the journal —
 * newest first; undo commands tolerate objects that are already gone or were never made —
 * before it reads the host.
 */
import type { Step } from '../backends/backend.js';
import type { Command } from './command.js';
import type { Executor } from './executor.js';
import { lockDir } from './host-lock.js';

/** One journaled step: enough to undo it without the script. */
export interface JournalEntry {
  object: string;
  undo: Command[];
}

/**
 * Write the journal of a host's steps, none of them begun yet (one round trip; replaced
 * atomically). `upto`: the steps of the first batch, about to begin (its progress line
 * comes with the journal: one round trip less than writing it after).
 */
export function writeCommand(host: string, steps: readonly Step[], header: Record<string, string>, upto = 0): Command {
  const lines = [JSON.stringify(header), ...steps.map((s) => JSON.stringify({ object: s.object, undo: s.undo } satisfies JournalEntry)), JSON.stringify({ upto })];
  return { argv: ['sh', '-c', 'cat > "$1/journal.tmp" && mv "$1/journal.tmp" "$1/journal"', 'sh', lockDir(host)], stdin: lines.join('\n') + '\n' };
}

/** Before a batch: the steps before `upto` may have taken effect (one short append). */
export function progressCommand(host: string, upto: number): Command {
  return { argv: ['sh', '-c', 'printf \'{"upto":%s}\\n\' "$2" >> "$1/journal"', 'sh', lockDir(host), String(upto)] };
}

/**
 * The journal's text → its header and the entries that may have taken effect (the last
 * `upto` line says how many; a line that does not parse ends it: the file was cut short).
 */
export function parseJournal(text: string): { header: Record<string, string>; entries: JournalEntry[] } {
  const [first, ...rest] = text.split('\n').filter(Boolean);
  const entries: JournalEntry[] = [];
  let header: Record<string, string> = {};
  let upto: number | undefined;
  try {
    header = first ? (JSON.parse(first) as Record<string, string>) : {};
    for (const line of rest) {
      const e = JSON.parse(line) as Partial<JournalEntry> & { upto?: number };
      if (typeof e.upto === 'number') upto = e.upto;
      else if (typeof e.object === 'string' && Array.isArray(e.undo)) entries.push({ object: e.object, undo: e.undo.filter((c) => Array.isArray(c.argv) && c.argv.every((a) => typeof a === 'string')) });
      else break;
    }
  } catch {
    /* cut short: what parsed is what there is */
  }
  // Without any `upto` (an older or cut journal) every step counts as begun.
  return { header, entries: entries.slice(0, upto ?? entries.length) };
}

/** Drop the journal once it has been undone (the lock stays). */
export function clearCommand(host: string): Command {
  return { argv: ['rm', '-f', `${lockDir(host)}/journal`] };
}

/** The journal as steps `rollbackHost` can undo. */
export function journalSteps(host: string, entries: readonly JournalEntry[]): Step[] {
  return entries.map((e) => ({ host, backend: 'linux', action: '+', object: e.object, phase: 0, commands: [], undo: e.undo, explain: '' }));
}
