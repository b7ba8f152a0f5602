/**
 * Shell metacharacters in names never get through: the lexer only reads NAME characters
 * (`[A-Za-z0-9_.-]`), so a script that smuggles `;`, `$( )`, backquotes, `|`, `&&` or
 * quotes into a name is rejected with VN001 where the smuggling starts, the bad statement
 * never reaches the AST, and checking it runs nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, check } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every string in the AST (names, values, references), wherever it sits. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'span' || k === 'optionSpans' || k === 'kind' ? [] : strings(v)));
  }
  return [];
}

const SHELL = /[;$`|&"'()<>\\\s]/;

describe('shell metacharacters in names', () => {
  const cases: Array<[script: string, where: string, message: string, survivors: string[]]> = [
    ['bridge br0;reboot', '1:12', "unknown statement 'reboot'", ['br0']],
    ['port $(touch /tmp/x)', '1:6', "unexpected characters '$('", []],
    ['port a`id`', '1:7', "unexpected character '`'", []],
    ['bridge "x y"', '1:8', `expected a name after 'bridge', found '"x y"'`, []],
    ['port vm1|rm', '1:9', "unexpected character '|'", []],
    ['bridge br0&&ls', '1:11', "unexpected characters '&&'", []],
    ['host h1 address 1.2.3.4 user root;id', '1:35', "unknown statement 'id'", ['h1', '1.2.3.4', 'root']],
  ];
  for (const [script, where, message, survivors] of cases) {
    it(script, () => {
      const r = check(script + '\n');
      const syntax = r.diagnostics.filter((d) => d.code === 'VN001');
      expect(syntax.length).toBeGreaterThan(0);
      expect([at(syntax[0]), syntax[0]!.message]).toEqual([where, expect.stringContaining(message)]);
      expect(r.ok).toBe(false);
      // Only what stood before the `;` survives (a `;` ends a statement), and it is clean.
      expect(strings(r.statements)).toEqual(survivors);
      for (const s of strings(r.statements)) expect(s).not.toMatch(SHELL);
    });
  }
});

describe('checking a script with shell metacharacters runs nothing', () => {
  let dir: string;
  let marker: string;
  let script: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vsh-injection-'));
    marker = join(dir, 'executed');
    // Each line would create the marker if any part of it reached a shell.
    script = [
      'host h1 local',
      `bridge br0;touch ${marker}`,
      `port $(touch ${marker})`,
      `port a\`touch ${marker}\``,
      `port vm1|touch ${marker}`,
      `bridge br1&&touch ${marker}`,
      `host h2 address 192.0.2.2 user root;touch ${marker}`,
      `bridge br2 uplink eth0$(touch ${marker})`,
    ].join('\n') + '\n';
    if (!existsSync(join(ROOT, 'dist/vsh.mjs'))) {
      const build = spawnSync(process.execPath, ['build.mjs'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in process: every smuggling line is a VN001, and no marker file appears', () => {
    const r = check(script);
    const lines = new Set(r.diagnostics.filter((d) => d.code === 'VN001').map((d) => d.span.line));
    expect([...lines].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const s of strings(r.statements)) expect(s).not.toMatch(SHELL);
    expect(existsSync(marker)).toBe(false);
  });

  it('bin/vsh check exits 1, reports every line, and no marker file appears', () => {
    const file = join(dir, 'evil.vnet');
    writeFileSync(file, script);
    // No shell between us and vsh: the file name and arguments go to execve as they are.
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/vsh'), 'check', '--json', file], { encoding: 'utf8', timeout: 15_000 });
    expect(run.status, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as { diagnostics: Array<{ code: string; line: number; file: string }> };
    const lines = new Set(out.diagnostics.filter((d) => d.code === 'VN001').map((d) => d.line));
    expect([...lines].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(out.diagnostics.every((d) => d.file === file)).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('a quoted string is data: kept verbatim, never run', () => {
    const r = check(`host h1 address 192.0.2.1 key "$(touch ${marker})"\n`);
    const [host] = r.statements;
    expect(host?.kind === 'host' && host.key?.value).toBe(`$(touch ${marker})`);
    expect(existsSync(marker)).toBe(false);
  });
});
