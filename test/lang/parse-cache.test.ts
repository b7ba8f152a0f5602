import { describe, expect, it } from 'vitest';
import { ParseCache } from '../../src/lang/parse.js';

describe('ParseCache', () => {
  it('reuses the parse of an unchanged file and parses again when its text changes', () => {
    const cache = new ParseCache();
    const first = cache.parse({ file: 'a.vnet', text: 'host h1 local\nbridge br0\n' });
    expect(first.statements.map((s) => s.kind)).toEqual(['host', 'bridge']);
    expect(cache.parse({ file: 'a.vnet', text: 'host h1 local\nbridge br0\n' })).toBe(first);
    const changed = cache.parse({ file: 'a.vnet', text: 'host h1 local\nbridge br1\n' });
    expect(changed).not.toBe(first);
    expect(changed.statements[1]).toMatchObject({ kind: 'bridge', name: { value: 'br1' } });
    // Another file with the same text is its own parse (spans name their file).
    expect(cache.parse({ file: 'b.vnet', text: 'host h1 local\nbridge br1\n' }).statements[0]!.span.file).toBe('b.vnet');
  });
});
