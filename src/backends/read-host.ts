/**
 * Reads a host in one round trip: every driver's probes run in one `sh -s` script (sent
 * on stdin, so no command line is built from user text), each probe's stdout, stderr
 * and exit code captured separately and framed with a per-run marker.
 */
import { randomBytes } from 'node:crypto';
import { commandLine, type CommandResult } from '../exec/command.js';
import { runChecked, type Executor } from '../exec/executor.js';
import type { Probe } from './backend.js';

/** The script that runs `probes` and prints their framed results. */
export function probeScript(probes: readonly Probe[], marker: string): string {
  const lines = ['d=$(mktemp -d) || exit 1', `trap 'rm -rf "$d"' EXIT`];
  probes.forEach((p, i) => {
    lines.push(`${commandLine(p.command.argv)} >"$d/${i}.out" 2>"$d/${i}.err" </dev/null; echo $? >"$d/${i}.rc"`);
  });
  probes.forEach((_, i) => {
    lines.push(
      `printf '%s %s %s\\n' '${marker}' ${i} "$(cat "$d/${i}.rc")"; cat "$d/${i}.out"; printf '\\n%s err\\n' '${marker}'; cat "$d/${i}.err"; printf '\\n%s end\\n' '${marker}'`,
    );
  });
  return lines.join('\n') + '\n';
}

/** Split the script's output back into one result per probe id. */
export function parseProbeOutput(probes: readonly Probe[], marker: string, output: string): Map<string, CommandResult> {
  const results = new Map<string, CommandResult>();
  const head = new RegExp(`^${marker} (\\d+) (\\d+)\\n`, 'gm');
  for (let m = head.exec(output); m; m = head.exec(output)) {
    const probe = probes[Number(m[1])];
    const start = m.index + m[0].length;
    const errAt = output.indexOf(`\n${marker} err\n`, start);
    const endAt = output.indexOf(`\n${marker} end\n`, errAt);
    if (!probe || errAt === -1 || endAt === -1) continue;
    results.set(probe.id, {
      code: Number(m[2]),
      stdout: output.slice(start, errAt),
      stderr: output.slice(errAt + marker.length + 6, endAt),
    });
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
