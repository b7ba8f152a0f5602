/**
 * parse-flow.ts reads plain `flow` lines without Chevrotain: whatever it accepts must come
 * out exactly as the ordinary path makes it (statements, key order, spans, diagnostics,
 * counts), and whatever it refuses must still be read by the ordinary path. Compared on
 * every example and fixture, hand-written edge cases, and generated flow lines with their
 * spacing, options, names and strings varied and broken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/lang/parse.js';
import { fastFlow } from '../../src/lang/parse-flow.js';

const both = (text: string) => {
  const fast = parseSource({ file: 'f.vnet', text });
  const slow = parseSource({ file: 'f.vnet', text }, { fast: false });
  return { fast, slow };
};

/** Same result, key order included (JSON goldens and `--json` output see the order). */
function expectSame(text: string): void {
  const { fast, slow } = both(text);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

const vnetFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? vnetFiles(p) : e.isFile() && p.endsWith('.vnet') ? [p] : [];
  });

describe('the fast path of flow statements', () => {
  it('reads a plain flow line without Chevrotain, and only flow lines', () => {
    const text = 'flow on br0@hostA table 1 priority 200 match "ip,nw_src=10.0.0.2" actions "drop"';
    expect(fastFlow('f.vnet', text, 0, text.length, 1)).toMatchObject({ kind: 'flow', match: { value: 'ip,nw_src=10.0.0.2' } });
    for (const t of ['bridge br0 on hostA', 'flow on br0 match "ip"', 'flow on br0 match "ip" actions "drop" # no', 'flow on br0 match "a\\"b" actions "drop"'])
      expect(fastFlow('f.vnet', t, 0, t.length, 1)).toBeUndefined();
  });

  it('gives the same result as the ordinary path on every example and fixture', () => {
    const files = [...vnetFiles('examples'), ...vnetFiles('test/fixtures')];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expectSame(readFileSync(f, 'utf8'));
  });

  it('gives the same result on edge cases', () => {
    const cases = [
      'bridge br0 on hostA\nflow on br0 priority 10 match "ip" actions "drop"\n',
      'flow on br0 match "ip" actions "drop"', // no newline at the end
      '  \tflow   on br0@hostA\tmatch "tcp,tp_dst=80"  actions "NORMAL"  \r\nflow match "" actions "drop"\r\n',
      'flow actions "drop" match "ip" priority 7 table 3 on table@local\n', // any order; keywords as names
      'flow on br0 match "ip" actions "drop" priority 1 priority 2\n', // twice: VN003 from the ordinary path
      'flow on br0 match "ip" actions "drop"; flow on br0 match "arp" actions "NORMAL"\n',
      'flow on br0 \\\n  match "ip" actions "drop"\nflow on br0 match "arp" actions "drop"\n', // continuation
      '# comment \\\nflow on br0 match "ip" actions "drop"\n',
      'flow on br0 match "ip" actions "drop" # why\n',
      'flow on br0 table 99999 priority 70000 match "ip,nw_dst=1.2.3.4" actions "output:1"\n',
      'flow on br0 match "ip" actions "drop"\nflow on br0 match "ip\n', // unterminated string at the end
      'flow on br0 match "ip" actions "drop"\nflow on br0 match "ip" actions\n', // incomplete at the end
      'flow on br-0.x@h_1 match "é,ü" actions "drop"\nflow on br0 table 012 match "ip" actions "drop"\n',
      'flow on br0 match "ip"actions "drop"\nflow on br0@ match "ip" actions "drop"\nflow on br0 table x match "ip" actions "drop"\n',
      'flow on 0br match "ip" actions "drop"\nflow on br#1 match "ip" actions "drop"\nflow on a/b match "ip" actions "drop"\n',
      'flow\nflow on\nflow on br0 match\n',
    ];
    for (const c of cases) expectSame(c);
  });

  it('gives the same result on generated flow lines, valid and broken', () => {
    const blank = fc.constantFrom(' ', '  ', '\t', ' \t');
    const name = fc.constantFrom('br0', 'br-int', 'a.b_c', 'table', 'on', 'flow', 'x1', 'hostA', '0x', 'b#2', 'aa:bb:cc:dd:ee:ff');
    const str = fc.constantFrom('"ip"', '""', '"ip,nw_dst=10.0.0.1"', '"drop"', '"a b"', '"x\\"y"', '"#"', '";"', '"unterminated');
    const int = fc.constantFrom('0', '1', '200', '65536', '1-2', '1.2.3.4', 'x');
    const option = fc.oneof(
      fc.tuple(fc.constant('on'), name, fc.option(name, { nil: undefined })).map(([k, n, h]) => `${k} ${n}${h ? '@' + h : ''}`),
      fc.tuple(fc.constantFrom('table', 'priority'), int).map(([k, v]) => `${k} ${v}`),
      fc.tuple(fc.constantFrom('match', 'actions'), str).map(([k, v]) => `${k} ${v}`),
      fc.constantFrom('tag 5', '#', ';', '\\', 'match'),
    );
    const line = fc.tuple(fc.option(blank, { nil: '' }), fc.constantFrom('flow', 'flow', 'flow', 'bridge', 'flows'), fc.array(fc.tuple(blank, option), { maxLength: 6 }), fc.option(fc.constantFrom(' ', '\r', ' \\'), { nil: '' }))
      .map(([lead, head, opts, tail]) => lead + head + opts.map(([b, o]) => b + o).join('') + tail);
    const valid = fc.tuple(name, str, str).map(([n, m, a]) => `flow on ${n} match ${m} actions ${a}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(line, valid), { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, nlAtEnd) => {
        expectSame(lines.join('\n') + (nlAtEnd ? '\n' : ''));
      }),
      { numRuns: 2000 },
    );
  });
});
