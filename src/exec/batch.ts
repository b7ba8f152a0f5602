/**
 * Batching: consecutive `ovs-vsctl` commands of one host become ONE ovs-vsctl
 * transaction (`--` separated: atomic), consecutive `ip` commands one `ip -batch -`
 * (not atomic: it stops at the first failing line and says which). The applier uses this;
 * drivers only mark their commands with `batch`.
 */
import type { Command } from './command.js';

/** Arguments `ip -batch` reads safely: its line tokenizer splits on blanks and treats quotes specially. */
const IP_BATCH_SAFE = /^[A-Za-z0-9_.:/@+,=-]+$/;

/** Whether a command may join an `ip -batch`: no global options (they are not read per line), plain arguments. */
export function ipBatchable(c: Command): boolean {
  return c.batch === 'ip' && c.argv[0] === 'ip' && c.stdin === undefined && !c.argv[1]?.startsWith('-') && c.argv.slice(1).every((a) => IP_BATCH_SAFE.test(a));
}

export function ovsBatchable(c: Command): boolean {
  return c.batch === 'ovs-vsctl' && c.argv[0] === 'ovs-vsctl' && c.stdin === undefined;
}

/** One transaction: `ovs-vsctl A… -- B… -- C…`. */
export function mergeOvsVsctl(commands: readonly Command[]): Command {
  const argv = ['ovs-vsctl'];
  commands.forEach((c, i) => {
    if (i > 0) argv.push('--');
    argv.push(...c.argv.slice(1));
  });
  return { argv };
}

/** One `ip -batch -` with a line per command (the lines are the arguments after `ip`). */
export function mergeIpBatch(commands: readonly Command[]): Command {
  return { argv: ['ip', '-batch', '-'], stdin: commands.map((c) => c.argv.slice(1).join(' ')).join('\n') + '\n' };
}

/** The 1-based line `ip -batch` reports as failed ("Command failed -:3"), if any. */
export function failedBatchLine(stderr: string): number | undefined {
  const m = /Command failed -:(\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}
