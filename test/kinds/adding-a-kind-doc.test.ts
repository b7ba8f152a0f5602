/**
 * docs/adding-a-kind.md is the contributor's list of files a new statement touches: every
 * path it names exists, and every identifier it names (a table, a rule, a hook) is still
 * spelled so in the code. A rename or a move that leaves the page behind fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/adding-a-kind.md', 'utf8');
const spans = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

/** Every file under `dir` (recursively). */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
const code = [...filesUnder('src'), ...filesUnder('test/kinds'), 'test/import-cycles.test.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');

describe('docs/adding-a-kind.md', () => {
  it('names paths that exist (a placeholder <kind>/<driver> stands for a directory that does)', () => {
    const paths = spans.filter((s) => /^(src|test|docs)\//.test(s)).map((s) => s.split(' ')[0]!);
    expect(paths.length).toBeGreaterThan(15);
    for (const p of paths) expect(existsSync(p.replace(/\/?<\w+>.*$/, '')), p).toBe(true);
    // Bare module names are files of src/kinds or src/lang.
    for (const f of spans.filter((s) => /^[\w-]+\.ts$/.test(s))) expect(['src/kinds', 'src/lang', 'src/lang/checks'].some((d) => existsSync(join(d, f))), f).toBe(true);
  });

  it('names identifiers the code still has', () => {
    const names = spans.filter((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && s.length > 3 && !['none', 'expect', 'lower', 'place', 'resolve', 'concept', 'example', 'false', 'span'].includes(s));
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(new RegExp(`\\b${n}\\b`).test(code), n).toBe(true);
    // The phases a Kind has, as the page lists them.
    const kind = readFileSync('src/kinds/kind.ts', 'utf8');
    for (const hook of ['place', 'resolve', 'concept', 'lower', 'example', 'draws', 'interfaceNames', 'addresses', 'vlans']) expect(kind, hook).toMatch(new RegExp(`^\\s+${hook}\\??[(:]`, 'm'));
  });
});
