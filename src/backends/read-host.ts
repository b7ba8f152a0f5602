/**
 * Reads a host in one round trip: every driver's probes run in one `sh -s` script (sent
 * on stdin, so no command line is built from user text), each probe's stdout, stderr
 * and exit code captured separately and framed with a per-run marker.
 */
import { randomBytes } from 'node:crypto';
import { commandLine, type CommandResult } from '../exec/command.js';
import { runChecked, type Executor } from '../exec/executor.js';
import type { Probe } from './backend.js';

/**
 * The script that runs `probes` and prints their framed results: per probe a head line,
 * its stdout, a line with its exit code, its stderr, an end line. The probes run one after
 * another, so stdout goes straight out; only stderr passes through a file, and is copied
 * only when there is some. A read runs on every plan and forks are slow on a busy host
 * (~7 ms each here), so the script saves them: the stderr file is named from the run's
 * random marker and created exclusively (`set -C`) instead of by `mktemp`, and a probe
 * that is a fixed `sh -c` script runs in a subshell rather than a new shell.
 */
export function probeScript(probes: readonly Probe[], marker: string): string {
  const lines = [`e="\${TMPDIR:-/tmp}/.${marker.replace(/^@+/, '')}-$$"`, `set -C; : >"$e" || exit 1; set +C`, `trap 'rm -f "$e"' EXIT`];
  probes.forEach((p, i) => {
    lines.push(
      `printf '%s %s\\n' '${marker}' ${i}; ${inline(p.command.argv)} 2>"$e" </dev/null; printf '\\n%s err %s\\n' '${marker}' $?; [ -s "$e" ] && cat "$e"; printf '\\n%s end\\n' '${marker}'`,
    );
  });
  return lines.join('\n') + '\n';
}

/**
 * A probe's argv as a command of the script: `sh -c SCRIPT NAME ARGS…` becomes
 * `( set -- ARGS…; SCRIPT )`, the same script and arguments (only `$0` differs) without
 * exec'ing a shell. Probe scripts are fixed text of vsh's; their arguments are quoted.
 */
function inline(argv: readonly string[]): string {
  const [program, flag, script, , ...args] = argv;
  if (program !== 'sh' || flag !== '-c' || script === undefined) return commandLine(argv);
  return `( set -- ${commandLine(args)}\n${script}\n)`;
}

/** Split the script's output back into one result per probe id. */
export function parseProbeOutput(probes: readonly Probe[], marker: string, output: string): Map<string, CommandResult> {
  const results = new Map<string, CommandResult>();
  const head = new RegExp(`^${marker} (\\d+)\\n`, 'gm');
  const err = new RegExp(`\\n${marker} err (\\d+)\\n`, 'g');
  for (let m = head.exec(output); m; m = head.exec(output)) {
    const probe = probes[Number(m[1])];
    const start = m.index + m[0].length;
    err.lastIndex = start;
    const e = err.exec(output);
    const endAt = e ? output.indexOf(`\n${marker} end\n`, e.index + e[0].length) : -1;
    if (!probe || !e || endAt === -1) continue;
    results.set(probe.id, { code: Number(e[1]), stdout: output.slice(start, e.index), stderr: output.slice(e.index + e[0].length, endAt) });
    head.lastIndex = endAt;
  }
  return results;
}

/** Run all probes on a host in one round trip. */
export async function readHost(exec: Executor, probes: readonly Probe[]): Promise<Map<string, CommandResult>> {
  if (probes.length === 0) return new Map();
  const marker = `@@vsh-${randomBytes(6).toString('hex')}`;
  const r = await runChecked(exec, { argv: ['sh', '-s'], stdin: probeScript(probes, marker) });
  return parseProbeOutput(probes, marker, r.stdout);
}
