/**
 * Input that used to crash or lie (issue 12, item 6): huge scripts, huge lists, binary
 * files, octal-looking addresses, impossible SSH ports. Each now fails with a code and a
 * message, or passes; none reaches an internal error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSources } from '../../src/lang/parse.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { check, withCode } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vsh-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const VSH = join(__dirname, '../../bin/vsh');

describe('input limits', () => {
  it('checks 130,000 statements and a 130,000-entry trunk without a stack overflow', () => {
    let big = 'host h1 address 192.0.2.1\nbridge br0 on h1\n';
    for (let i = 0; i < 130_000; i++) big += `port p${i} tag 10\n`;
    const r = frontEnd([{ file: 'big.vnet', text: big }]);
    expect(r.statements.length).toBe(130_002);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const trunk = `host h1 address 192.0.2.1\nbridge br0 on h1\nport p1 trunk ${Array.from({ length: 130_000 }, (_, i) => (i % 4094) + 1).join(',')}\n`;
    expect(check(trunk).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, 60_000);

  it('refuses binary input with VN192 instead of a crash (and without printing it)', () => {
    const bytes = Buffer.alloc(800_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const file = join(dir, 'binary.vnet');
    writeFileSync(file, bytes);
    const r = spawnSync(VSH, ['check', file], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/VN192: .*binary\.vnet is binary, not a \.vnet script/);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|RangeError/);
    expect((r.stdout + r.stderr).length).toBeLessThan(1000);
  });

  it('refuses more statements than the limit with VN192, naming the file', () => {
    const text = 'host h1 address 192.0.2.1\n' + 'namespace n on h1\n'.repeat(50);
    const r = parseSources([{ file: 'a.vnet', text }, { file: 'b.vnet', text }], undefined, 60);
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['VN192', 'more than 60 statements (at b.vnet); vsh checks at most that many in one model']]);
  });

  it('refuses a file over 64 MiB before reading it (exit 2, a clear message)', () => {
    const file = join(dir, 'huge.vnet');
    writeFileSync(file, '');
    execFileSync('truncate', ['-s', '65M', file]);
    const r = spawnSync(VSH, ['check', file], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('it is over 64 MiB, the most vsh reads per file');
  });

  it('VN190: a leading zero in an address is refused, with the address to write instead', () => {
    const ds = withCode('host h1 address 010.001.002.003\nbridge b on h1 address 10.0.0.09/24\nnetwork n on h1 mode nat subnet 10.9.0.0/24 dhcp 10.9.0.10-10.9.0.020\n', 'VN190');
    expect(ds.map((d) => d.message)).toEqual([
      "'010.001.002.003' writes 010 with a leading zero",
      "'10.0.0.09/24' writes 09 with a leading zero",
      "'10.9.0.10-10.9.0.020' writes 020 with a leading zero",
    ]);
    expect(ds[0]!.hint).toMatch(/^write 10\.1\.2\.3: .*octal/);
    expect(ds[1]!.hint).toMatch(/^write 10\.0\.0\.9\/24:/);
    expect(withCode('host h1 address 10.0.0.1\nbridge b on h1 address 10.0.0.0/8\nbridge c on h1 address 0.0.0.1/32\n', 'VN190')).toEqual([]);
  });

  it('VN191: an SSH port outside 1-65535 is a check error, not a RangeError at plan', () => {
    expect(withCode('host h1 address 192.0.2.1 port 99999999999\n', 'VN191').map((d) => d.message)).toEqual(["SSH port 99999999999 of host 'h1' is not a TCP port"]);
    expect(withCode('host h1 address 192.0.2.1 port 0\n', 'VN191')).toHaveLength(1);
    expect(withCode('host h1 address 192.0.2.1 port 65535\nhost h2 address 192.0.2.2 port 1\n', 'VN191')).toEqual([]);
  });
});
