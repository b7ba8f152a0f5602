/** `--hosts` names hosts of the model: a typo there is a usage error (exit 2), before any host is contacted. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FILES = ['test/fixtures/inventory.vnet', 'test/fixtures/topology.vnet'];

describe('--hosts', () => {
  for (const command of ['plan', 'apply', 'destroy', 'run', 'diff', 'doctor']) {
    it(`${command}: an undeclared name exits 2 with a suggestion and the declared hosts`, () => {
      const r = spawnSync('bin/vsh', [command, '--hosts', 'hostA,hostb', ...FILES], { encoding: 'utf8' });
      expect(r.stderr).toContain("vsh: --hosts: the model declares no host 'hostb' (did you mean 'hostB'?); its hosts: hostA, hostB");
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
    });
  }
});
