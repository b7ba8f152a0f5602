/**
 * Batching: consecutive `ovs-vsctl` commands of one host become ONE ovs-vsctl
 * transaction (`--` separated: atomic), consecutive `ip` commands one `ip -batch -`
 * (not atomic: it stops at the first failing line and says which). The applier uses this;
 * drivers only mark their commands with `batch`.
 */
import { commandLine, shellQuote, type Command } from './command.js';

/** Arguments `ip -batch` reads safely: its line tokenizer splits on blanks and treats quotes specially. */
const IP_BATCH_SAFE = /^[A-Za-z0-9_.:/@+,=-]+$/;

/** Whether a command may join an `ip -batch`: no global options (they are not read per line), plain arguments. */
export function ipBatchable(c: Command): boolean {
  return c.batch === 'ip' && c.argv[0] === 'ip' && c.stdin === undefined && !c.argv[1]?.startsWith('-') && c.argv.slice(1).every((a) => IP_BATCH_SAFE.test(a));
}

export function ovsBatchable(c: Command): boolean {
  return c.batch === 'ovs-vsctl' && c.argv[0] === 'ovs-vsctl' && c.stdin === undefined;
}

export function ovnBatchable(c: Command): boolean {
  return c.batch === 'ovn-nbctl' && c.argv[0] === 'ovn-nbctl' && c.stdin === undefined;
}

/** Seconds one merged ovn-nbctl transaction may wait for the northbound database. */
export const NBCTL_TIMEOUT = 20;

/** One northbound transaction: `ovn-nbctl --timeout=N A… -- B… -- C…` (all or nothing). */
export function mergeOvnNbctl(commands: readonly Command[]): Command {
  const argv = ['ovn-nbctl', `--timeout=${NBCTL_TIMEOUT}`];
  commands.forEach((c, i) => {
    if (i > 0) argv.push('--');
    argv.push(...c.argv.slice(1));
  });
  return { argv };
}

/** One transaction: `ovs-vsctl A… -- B… -- C…`. */
export function mergeOvsVsctl(commands: readonly Command[]): Command {
  const argv = ['ovs-vsctl'];
  commands.forEach((c, i) => {
    if (i > 0) argv.push('--');
    for (const x of c.argv.slice(1)) argv.push(x);
  });
  return { argv };
}

/** One `ip -batch -` with a line per command (the lines are the arguments after `ip`). */
export function mergeIpBatch(commands: readonly Command[]): Command {
  return { argv: ['ip', '-batch', '-'], stdin: commands.map((c) => c.argv.slice(1).join(' ')).join('\n') + '\n' };
}

/** Every line `ip -force -batch` reports as failed (1-based), each with the error lines printed before it. */
export function failedBatchLines(stderr: string): { line: number; stderr: string }[] {
  const out: { line: number; stderr: string }[] = [];
  let from = 0;
  for (const m of stderr.matchAll(/^Command failed -:(\d+)\n?/gm)) {
    out.push({ line: Number(m[1]), stderr: stderr.slice(from, m.index) });
    from = m.index + m[0].length;
  }
  return out;
}

/** The 1-based line `ip -batch` reports as failed ("Command failed -:3"), if any. */
export function failedBatchLine(stderr: string): number | undefined {
  return failedBatchLines(stderr)[0]?.line;
}

/**
 * Commands that fit neither an ovsdb transaction nor `ip -batch` (e.g. `ip -n NS …`, whose
 * global option `ip -batch` cannot read per line) run as ONE `sh -s` script sent on stdin:
 * one round trip instead of one per command. Like `ip -batch` it stops at the first failing
 * command and says which (by index), with that command's own exit code and stderr. Each
 * command reads /dev/null (stdin is the script) and is quoted by `commandLine`, so no
 * command line is built from user text. After each command a progress line goes to stdout:
 * if the connection is gone, that write kills the script (SIGPIPE) instead of letting it
 * run on unseen.
 */
export function shBatch(commands: readonly Command[], marker: string): Command {
  const m = shellQuote(marker);
  const lines = commands.map(
    (c, i) => `printf '\\n%s %d\\n' ${m} ${i} >&2; ${commandLine(c.argv)} </dev/null || { c=$?; printf '\\n%s failed %d %d\\n' ${m} ${i} "$c" >&2; exit "$c"; }; printf '%s ok %d\\n' ${m} ${i}`,
  );
  return { argv: ['sh', '-s'], stdin: lines.join('\n') + '\n' };
}

/** Which command of a `shBatch` failed (0-based), its exit code and its own stderr; undefined when none did. */
export function shBatchFailure(stderr: string, marker: string, code: number): { index: number; code: number; stderr: string } | undefined {
  if (code === 0) return undefined;
  const esc = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const failed = new RegExp(`\\n${esc} failed (\\d+) (\\d+)\\n`).exec(stderr);
  // Without the "failed" line the script itself died (a signal): the command in progress is the last one started.
  const starts = [...stderr.matchAll(new RegExp(`\\n${esc} (\\d+)\\n`, 'g'))];
  const index = failed ? Number(failed[1]) : Number(starts.at(-1)?.[1] ?? 0);
  const start = starts.find((s) => Number(s[1]) === index);
  const from = start ? start.index + start[0].length : 0;
  const own = stderr.slice(from, failed ? failed.index : undefined);
  return { index, code: failed ? Number(failed[2]) : code, stderr: own };
}

/**
 * Like `shBatch`, but for undo: every command runs whatever the ones before did (as
 * `ip -force -batch`), and each failure is reported by index with its own exit code and
 * stderr (`shBatchFailures`). The script exits 1 when any failed.
 */
export function shBatchAll(commands: readonly Command[], marker: string): Command {
  const m = shellQuote(marker);
  const lines = commands.map(
    (c, i) => `printf '\\n%s %d\\n' ${m} ${i} >&2; ${commandLine(c.argv)} </dev/null || { c=$?; rc=1; printf '\\n%s failed %d %d\\n' ${m} ${i} "$c" >&2; }; printf '%s ok %d\\n' ${m} ${i}`,
  );
  return { argv: ['sh', '-s'], stdin: ['rc=0', ...lines, 'exit "$rc"'].join('\n') + '\n' };
}

/** Every command of a `shBatchAll` that failed (0-based), with its exit code and its own stderr. */
export function shBatchFailures(stderr: string, marker: string): { index: number; code: number; stderr: string }[] {
  const esc = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const starts = new Map([...stderr.matchAll(new RegExp(`\\n${esc} (\\d+)\\n`, 'g'))].map((s) => [Number(s[1]), s.index + s[0].length]));
  return [...stderr.matchAll(new RegExp(`\\n${esc} failed (\\d+) (\\d+)\\n`, 'g'))].map((f) => {
    const index = Number(f[1]);
    return { index, code: Number(f[2]), stderr: stderr.slice(starts.get(index) ?? f.index, f.index) };
  });
}
