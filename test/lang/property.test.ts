/**
 * Property tests of the whole front end (parse + resolve + check) on hostile input:
 * token soups from the language's own vocabulary mixed with arbitrary unicode, and valid
 * scripts broken by deleting, duplicating, swapping tokens, inserting junk and truncating.
 * For every input: `frontEnd` does not throw, and every diagnostic (and every span in the
 * AST) points inside the text, at a line/column that matches its offset. How fast it answers
 * on broken input is measured by `npm run bench` (bench/results), not asserted here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODES, type Span } from '../../src/lang/diagnostics.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { keywords } from '../../src/lang/tokens.js';

const FILE = 'fuzz.vnet';

/** Line and column (1-based, UTF-16 units like the lexer) of an offset into `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** What is wrong with a span for `text`, or undefined. */
function spanProblem(text: string, s: Span): string | undefined {
  const lines = text.split('\n').length;
  if (s.file !== FILE) return `file ${s.file}`;
  if (!(s.line >= 1 && s.line <= lines + 1)) return `line ${s.line} of ${lines}`;
  if (!(s.column >= 1)) return `column ${s.column}`;
  if (!(0 <= s.offset && s.offset <= s.endOffset && s.endOffset <= text.length)) return `offsets [${s.offset},${s.endOffset}) in ${text.length}`;
  const start = position(text, s.offset);
  if (start.line !== s.line || start.column !== s.column) return `start ${s.line}:${s.column}, offset says ${start.line}:${start.column}`;
  // The end is exclusive: one column after the last character covered (or the start, if empty).
  const last = s.endOffset > s.offset ? position(text, s.endOffset - 1) : { line: start.line, column: start.column - 1 };
  if (last.line !== s.endLine || last.column + 1 !== s.endColumn) return `end ${s.endLine}:${s.endColumn}, offset says ${last.line}:${last.column + 1}`;
  return undefined;
}

/** Every span inside a value (AST nodes carry them at every level). */
function spansIn(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) value.forEach((v) => spansIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'span') out.push(v as Span);
      else if (k === 'optionSpans') out.push(...Object.values(v as Record<string, Span>));
      else spansIn(v, out);
    }
  }
  return out;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Run the front end on `text` and assert every invariant. */
function assertWellBehaved(text: string): void {
  const r = frontEnd([{ file: FILE, text }]);
  expect(typeof r.incomplete).toBe('boolean');
  for (const d of r.diagnostics) {
    expect(Object.keys(CODES), d.message).toContain(d.code);
    expect(SEVERITIES.has(d.severity), d.code).toBe(true);
    expect(d.message.length, d.code).toBeGreaterThan(0);
    for (const s of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
      expect(spanProblem(text, s), `${d.code} ${d.message}`).toBeUndefined();
    }
  }
  for (const s of spansIn(r.statements)) expect(spanProblem(text, s), 'AST span').toBeUndefined();
  expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
}

/** The language's own words and value shapes, and the characters that separate them. */
const VOCABULARY = [
  ...keywords.keys(),
  'gre', 'vxlan', 'geneve', 'ovs', 'linux', 'nat', 'veth', 'openvswitch', 'passthru', '802.3ad', 'balance-slb',
  'br-int', 'br0', 'hostA', 'hostB', 'vm1', 'red', 'eth0', 'ens1f0', 'ens224.10', 'a-very-long-interface-name',
  '0', '10', '4095', '65536', '10,20', '30-40', '10,20,30-40', '40-30',
  '10.0.0.1', '10.0.0.1/24', '999.1.1.1', '10.0.0.2-10.0.0.9', '52:54:00:fe:9f:ec', '"a path"', '"open',
  'ens1f0#2', 'hostA<->hostB', 'br-int@hostA', 'red:veth1', '<->', '@', ':', ',', '#', '# note', '\\', '-', '.',
];
const SEPARATORS = [' ', ' ', ' ', '\n', ';', '\t', '\r\n', ' \\\n', '', '\n\n'];

const junk = fc.string({ unit: 'binary', minLength: 1, maxLength: 4 });
const word = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...VOCABULARY) }, { weight: 1, arbitrary: junk });
const soup = fc
  .array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: 60 })
  .map((pairs) => pairs.map(([w, sep]) => w + sep).join(''));

/** Valid scripts to break: a hand-written one plus every example. */
const VALID = [
  `host hostA address 192.0.2.11 underlay 10.200.0.1 datapath netdev
host hostB address 192.0.2.12 underlay 10.200.0.2 datapath netdev
bridge br-int on hostA; port vm1 type veth peer red:eth0 address 10.0.10.1/24 tag 10
bridge br-int on hostB
port vm2 tag 10 trunk 10,20,30-40 native
tunnel gre hostA<->hostB trunk 10,20 key 42   # the overlay
network ovs-net on hostA mode bridge bridge br-int virtualport openvswitch
portgroup web tag 10 default
attach vm1 to ovs-net portgroup web model virtio mac 52:54:00:fe:9f:ec \\
  live config
sriov ens1f0 vfs 4; attach vm3 to vf ens1f0#2 vlan 100
bond bond0 on br-int slaves eth1,eth2 mode 802.3ad lacp active
expect reach red@hostA 10.0.10.2
`,
  ...(readdirSync(new URL('../../examples/', import.meta.url), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.vnet'))
    .map((f) => readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8')),
];

type Mutation =
  | { op: 'delete' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(junk, fc.constantFrom(...VOCABULARY, ...SEPARATORS)) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Apply mutations to a script cut into words and the blanks between them. */
function mutate(script: string, mutations: Mutation[]): string {
  let parts = script.split(/(\s+)/);
  for (const m of mutations) {
    if (parts.length === 0) break;
    const i = m.at % parts.length;
    switch (m.op) {
      case 'delete':
        parts.splice(i, 1);
        break;
      case 'duplicate':
        parts.splice(i, 0, parts[i]!);
        break;
      case 'swap': {
        const j = m.with % parts.length;
        [parts[i], parts[j]] = [parts[j]!, parts[i]!];
        break;
      }
      case 'insert': {
        // Inside a word, not only between words.
        const w = parts[i]!;
        const k = m.at % (w.length + 1);
        parts[i] = w.slice(0, k) + m.text + w.slice(k);
        break;
      }
      case 'truncate': {
        const text = parts.join('');
        parts = [text.slice(0, m.at % (text.length + 1))];
        break;
      }
    }
  }
  return parts.join('');
}

describe('front end on hostile input', () => {
  it('the span checker itself rejects a wrong span', () => {
    const span = { file: FILE, offset: 4, endOffset: 7, line: 2, column: 1, endLine: 2, endColumn: 4 };
    expect(spanProblem('abc\ndef', span)).toBeUndefined();
    expect(spanProblem('abc\ndef', { ...span, column: 2 })).toMatch(/start/);
    expect(spanProblem('abc\ndef', { ...span, endColumn: 5 })).toMatch(/end/);
    expect(spanProblem('abc\ndef', { ...span, endOffset: 8 })).toMatch(/offsets/);
  });

  it('survives token soups from the vocabulary and random unicode', () => {
    frontEnd([{ file: FILE, text: VALID[0]! }]); // warm up before timing
    fc.assert(fc.property(soup, (text) => assertWellBehaved(text)), { numRuns: 400 });
  });

  it('survives mutations of valid scripts', () => {
    expect(VALID.length).toBeGreaterThan(1); // the examples are there to be broken
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 5 }), (script, ms) =>
        assertWellBehaved(mutate(script, ms)),
      ),
      { numRuns: 400 },
    );
  });

  it('survives pathological shapes', () => {
    for (const text of [
      '',
      '\n',
      '\\',
      '"',
      '#',
      ';;;;',
      '\r\r\r',
      '\uFEFFhost hostA local',
      '\uD800 lone surrogate',
      'port 😀 tag 10',
      'port vm1 trunk ' + Array.from({ length: 2000 }, (_, i) => i + 1).join(','),
      'bridge br0 \\\n'.repeat(500),
      'port p on ' + 'a@'.repeat(100),
      'host hostA local\nbridge br0\n' + Array.from({ length: 500 }, (_, i) => `port p${i} tag ${(i % 4094) + 1}`).join('\n'),
    ]) {
      assertWellBehaved(text);
    }
  });
});
