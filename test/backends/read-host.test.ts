/** One `sh -s` round trip reads a host: run the real script here and compare with each probe run on its own. */
import { spawnSync } from 'node:child_process';
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
];

describe('readHost script', () => {
  it('gives every probe its own stdout, stderr and exit code, byte for byte as when run alone', () => {
    const marker = '@@vsh-test0123';
    const run = spawnSync('sh', ['-s'], { input: probeScript(probes, marker), encoding: 'utf8' });
    expect(run.status).toBe(0);
    const results = parseProbeOutput(probes, marker, run.stdout);
    for (const p of probes) {
      const alone = spawnSync(p.command.argv[0]!, p.command.argv.slice(1), { input: '', encoding: 'utf8' });
      expect(results.get(p.id), p.id).toEqual({ code: alone.status, stdout: alone.stdout, stderr: alone.stderr });
    }
  });
});
