/**
 * No file of src/ imports itself through others: each can be read, and moved, on its own.
 * And the REPL reaches what the CLI does only through the shared command layer.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './support/import-cycles.js';

describe('imports in src/', () => {
  const graph = importGraph(fileURLToPath(new URL('../src', import.meta.url)));

  it('the graph is read (every file, its relative imports)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('lang/pipeline.ts')).toEqual(expect.arrayContaining(['lang/resolve.ts', 'lang/parse.ts']));
  });

  it('has no cycles, lazy import() and import type included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the REPL and the CLI share one command layer (src/commands, src/explain): the REPL imports nothing of src/cli', () => {
    const intoCli = [...graph].flatMap(([file, deps]) => (file.startsWith('repl/') ? deps.filter((d) => d.startsWith('cli/')).map((d) => `${file} -> ${d}`) : []));
    expect(intoCli).toEqual([]);
    expect(graph.get('repl/repl.ts')).toContain('commands/progress.ts');
    expect(graph.get('cli/apply-command.ts')).toEqual(expect.arrayContaining(['commands/progress.ts', 'commands/apply-report.ts', 'commands/executors.ts']));
  });

  it('the detector finds a two-file cycle and a longer one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', ['d']], ['d', ['e']], ['e', ['c']], ['f', ['a']]]))).toEqual([['a', 'b'], ['c', 'd', 'e']]);
  });
});
