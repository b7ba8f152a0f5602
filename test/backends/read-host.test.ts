/** One `sh -s` round trip reads a host: run the real script here and compare with each probe run on its own. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/backends/backend.js';
import { parseProbeOutput, probeScript } from '../../src/backends/read-host.js';

const probes: Probe[] = [
  { id: 'plain', command: { argv: ['printf', 'one\ntwo\n'] } },
  { id: 'no-newline', command: { argv: ['printf', '%s', 'no newline at the end'] } },
  { id: 'empty', command: { argv: ['true'] } },
  { id: 'fails', command: { argv: ['sh', '-c', 'echo out; echo "some error" >&2; exit 3'] } },
  { id: 'stderr-only', command: { argv: ['sh', '-c', 'printf "partial line" >&2'] } },
  { id: 'quoted', command: { argv: ['printf', '%s\n', "it's $HOME `id` \\ \"x\""] } },
  { id: 'reads-nothing', command: { argv: ['cat'] } },
  { id: 'script-args', command: { argv: ['sh', '-c', 'printf "%s|" "$#" "$@"; cd "$1" 2>/dev/null || exit 4', 'name', 'a b', "it's $x"] } },
  { id: 'script-exits', command: { argv: ['sh', '-c', 'echo before\nexit 0\necho never # a comment at the end'] } },
];

describe('readHost script', () => {
  it('gives every probe its own stdout, stderr and exit code, byte for byte as when run alone', () => {
    const marker = '@@vsh-test0123';
    const run = spawnSync('sh', ['-s'], { input: probeScript(probes, marker), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const results = parseProbeOutput(probes, marker, run.stdout);
    for (const p of probes) {
      const alone = spawnSync(p.command.argv[0]!, p.command.argv.slice(1), { input: '', encoding: 'utf8' });
      expect(results.get(p.id), p.id).toEqual({ code: alone.status, stdout: alone.stdout, stderr: alone.stderr });
    }
  });

  it('leaves no stderr file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsh-read-'));
    const run = spawnSync('sh', ['-s'], { input: probeScript(probes, '@@vsh-test4567'), encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
    expect(run.status).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  });
});
