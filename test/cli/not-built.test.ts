/** `bin/vsh` in a checkout where `npm ci` has not run yet (no dist/): one line saying what to do, exit 70, no stack trace. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

describe('bin/vsh before npm ci', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-not-built-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says to run npm ci, in one line, and exits 70', () => {
    mkdirSync(join(dir, 'bin'));
    copyFileSync('bin/vsh', join(dir, 'bin/vsh'));
    const r = spawnSync(process.execPath, [join(dir, 'bin/vsh'), 'check', 'x.vnet'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('run `npm ci` in the checkout first');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
