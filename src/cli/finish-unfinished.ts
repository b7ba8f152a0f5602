/**
 * Finish the rollback a gone vsh left on a host (its journal, journal.ts): told to the user
 * on stderr, then the journal is dropped. `apply` does it when it takes over a stale lock,
 * `vsh unlock` before it clears one.
 */
import { undoJournal } from '../exec/apply.js';
import type { Executor } from '../exec/executor.js';
import { describeHolder, type LockHolder } from '../exec/host-lock.js';
import { clearCommand, journalSteps, parseJournal } from '../exec/journal.js';

/** What ip, ovs-vsctl and virsh say when the object an undo command removes is not there. */
const ABSENT = /Cannot find device|No such file or directory|does not exist|no (?:bridge|port|interface) named|not found/i;

/** Undo the journal `text` on `host`; throws when the host stops answering (the journal then stays). */
export async function finishUnfinished(host: string, exec: Executor, gone: LockHolder | undefined, text: string): Promise<void> {
  const { entries } = parseJournal(text);
  process.stderr.write(`${host}: the ${describeHolder(gone)} did not finish (that process is gone); ${entries.length ? `rolling back its ${entries.length} step${entries.length === 1 ? '' : 's'} before reading ${host}` : 'it had changed nothing'}\n`);
  if (!entries.length) return;
  const t0 = performance.now();
  const all = await undoJournal(host, exec, journalSteps(host, entries));
  // The batch in flight when vsh died took effect only in part: the undo of what it never made finds nothing to remove.
  const absent = all.filter((e) => e.error === undefined && ABSENT.test(e.stderr ?? ''));
  const errors = all.filter((e) => !absent.includes(e));
  for (const e of errors) process.stderr.write(`  could not undo '${e.step?.object}' on ${host}: ${e.error ?? e.stderr?.trim()}\n`);
  if (errors.some((e) => e.error)) throw new Error(`${host} stopped answering during the rollback`);
  const cleared = await exec.run(clearCommand(host));
  if (cleared.code !== 0) throw new Error(`could not remove the journal: ${cleared.stderr.trim()}`);
  process.stderr.write(
    `${host}: rolled back the unfinished apply in ${((performance.now() - t0) / 1000).toFixed(1)} s${absent.length ? ` (${absent.length} undo commands found nothing: never made)` : ''}${errors.length ? ` (${errors.length} undo commands failed: check ${host} by hand)` : ''}\n`,
  );
}
