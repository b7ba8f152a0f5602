/**
 * Every registered statement kind, end to end: its example parses, reaches the model,
 * plans steps that point back at it (or says it lowers to nothing), explains, draws,
 * completes and is documented. A kind that compiles but skips a phase fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_SHAPES } from '../../src/lang/grammar.js';
import { makePlan, planSteps } from '../../src/backends/plan.js';
import type { Step } from '../../src/backends/backend.js';
import { concept } from '../../src/explain/concepts.js';
import { topologyOf } from '../../src/graph/topology.js';
import { KINDS } from '../../src/kinds/registry.js';
import type { Span } from '../../src/lang/diagnostics.js';
import type { Model } from '../../src/lang/model.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { complete, namesOf } from '../../src/repl/complete.js';
import { HOSTS, OVN_LINES } from './prelude.js';

/**
 * What the examples may refer to: two hosts with an OVS bridge each, a namespace, an
 * OVS-backed libvirt network with a portgroup, and an OVN central, chassis, switches and a
 * router (`ovn central` is its own example: there is one central, so its run drops that line).
 */
export const PRELUDE = `${HOSTS}bridge br-ex on hostA
bridge br-int on hostA
bridge br-int on hostB
namespace red on hostA
network ovsnet on hostA mode bridge bridge br-int virtualport openvswitch
portgroup pg10 of ovsnet tag 10
${OVN_LINES}`;
const preludeFor = (kind: string) => (kind === 'ovn-central' ? PRELUDE.replace(/^(ovn|logical) .*\n/gm, '') : PRELUDE);

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const front = (text: string) => frontEnd([{ file: 't.vnet', text }]);

/** How many objects the model holds, collection by collection (nested ones too: the OVN topology), and its context. */
function sizes(m: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, v instanceof Map ? v.size : Array.isArray(v) ? v.length : v && typeof v === 'object' ? JSON.stringify(sizes(v)) : JSON.stringify(v)]),
  );
}

const inside = (span: Span | undefined, outer: Span) => span !== undefined && span.file === outer.file && span.offset >= outer.offset && span.endOffset <= outer.endOffset;
/** The step points at the statement, by its own span or one it carries out too (a network's portgroups). */
const pointsAt = (st: Step, outer: Span) => inside(st.span, outer) || (st.carries ?? []).some((s) => inside(s, outer));

describe.each(Object.entries(KINDS))('kind %s', (name, kind) => {
  const before = front(preludeFor(name));
  const text = `${preludeFor(name)}${kind.example}\n`;
  const result = front(text);
  const stmt = result.statements.at(-1)!;
  const [keyword, main] = kind.example.split(/\s+/) as [string, string];

  it('its example parses without errors, as the last statement, of this kind', () => {
    expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.statements).toHaveLength(before.statements.length + 1);
    expect(stmt.kind).toBe(name);
    expect(text.slice(stmt.span.offset, stmt.span.endOffset).trim()).toBe(kind.example);
  });

  it('reaches the model', () => {
    expect(sizes(result.model)).not.toEqual(sizes(before.model));
  });

  it(kind.lower === 'none' ? 'is declared to lower to nothing, and plans nothing for it' : `plans a step from ${String(kind.lower)} that points back at it`, async () => {
    // A central alone plans nothing: its step is the wait (on the central) after a logical change.
    const planned = name === 'ovn-central' ? front(`${text}logical switch ls-c\n`) : result;
    const plan = await makePlan(planned, { mode: 'apply', offline: true });
    const mine = planSteps(plan).filter((st) => pointsAt(st, stmt.span));
    if (kind.lower === 'none') return expect(mine).toEqual([]);
    expect(mine.length).toBeGreaterThan(0);
    for (const st of mine) expect(kind.lower).toContain(st.backend);
  });

  it('explains what it makes, in words of the statement', () => {
    const text = concept(stmt).toLowerCase();
    expect(text.length).toBeGreaterThan(40);
    const words = kind.example.toLowerCase().split(/[\s@:,<>-]+/).filter((w) => w.length > 2);
    expect(words.filter((w) => text.includes(w)), `words of '${kind.example}' in: ${text}`).not.toEqual([]);
  });

  it(kind.draws === false ? 'is declared to draw nothing' : 'draws', () => {
    const g = topologyOf(result.model);
    const labels = [...g.hosts, ...g.nodes.flatMap((n) => n.label), ...g.edges.flatMap((e) => e.label ?? [])];
    if (kind.draws === false) return expect(g).toEqual(topologyOf(before.model));
    // The picture changed, and names what the statement names (unless its second word is an option: `dhcp on …`).
    expect(g, 'the graph of the prelude alone').not.toEqual(topologyOf(before.model));
    if (!(main in OPTION_SHAPES)) expect(labels.some((l) => l.includes(main)), `a graph label containing '${main}' in ${JSON.stringify(labels)}`).toBe(true);
  });

  it('completes its keyword at the start of a line', () => {
    expect(complete('', namesOf(before.model))[0]).toContain(keyword);
    expect(complete(keyword.slice(0, -1), namesOf(before.model))[0].map((c) => c.trim())).toContain(keyword);
  });

  it('is documented in docs/language.md', () => {
    const doc = read('docs/language.md');
    const heading = new RegExp(`^#+ .*\\b${keyword}\\b`, 'm').test(doc);
    const blocks = [...doc.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    expect(heading || blocks.some((b) => new RegExp(`^${keyword} `, 'm').test(b)), `'${keyword}' in a heading or code block`).toBe(true);
  });
});

/** Every .ts file under a directory. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sourcesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('diagnostic codes', () => {
  it('every code used in src/ is in docs/checks.md', () => {
    const used = new Set(sourcesUnder(new URL('src', root).pathname).flatMap((f) => readFileSync(f, 'utf8').match(/\bVN\d{3}\b/g) ?? []));
    const doc = read('docs/checks.md');
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((c) => !new RegExp(`\\b${c}\\b`).test(doc)).sort()).toEqual([]);
  });
});
