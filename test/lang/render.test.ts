/**
 * The caret rendering, as a baseline file a reviewer reads as a diff (TypeScript's
 * `.errors.txt` idea): every diagnostic of a broken script, its source line and caret.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/lang/pipeline.js';
import { diagnosticsJson, renderDiagnostics, summaryLine, wantColor } from '../../src/lang/render.js';
import { expectGolden } from '../helpers.js';

const file = 'test/fixtures/broken.vnet';
const text = readFileSync(file, 'utf8');
const result = frontEnd([{ file, text }]);

describe('render', () => {
  it('reprints each error with its line, caret, notes and hints (baseline checked by a person)', () => {
    const out = renderDiagnostics(result.diagnostics, new Map([[file, text]]), result.statements.length, { color: false });
    expectGolden(new URL('./golden/broken.errors.txt', import.meta.url), out);
  });

  it('underlines with tabs kept, so carets line up under tab-indented source', () => {
    const tabbed = 'host h1 local\nbridge br0\n\tport p1 tag 5000\n';
    const r = frontEnd([{ file: 't.vnet', text: tabbed }]);
    const out = renderDiagnostics(r.diagnostics, new Map([['t.vnet', tabbed]]), r.statements.length, { color: false });
    expect(out).toContain('  3 | \tport p1 tag 5000\n    | \t            ^^^^');
  });

  it('summarises: a clean run, warnings only, and errors', () => {
    expect(summaryLine([], 3, { color: false })).toBe('ok: 3 statements, no problems found');
    expect(summaryLine(result.diagnostics, 9, { color: false })).toMatch(/^failed: \d+ errors?, \d+ warnings? in 9 statements$/);
  });

  it('the JSON shape carries 1-based positions and related places', () => {
    const json = diagnosticsJson(result.diagnostics) as { diagnostics: Array<Record<string, unknown>> };
    for (const d of json.diagnostics) {
      expect(d).toMatchObject({ file, code: expect.stringMatching(/^VN\d{3}$/), severity: expect.stringMatching(/^(error|warning|info)$/) });
      expect(d.line as number).toBeGreaterThanOrEqual(1);
      expect(d.column as number).toBeGreaterThanOrEqual(1);
    }
  });

  it('colour follows the terminal, NO_COLOR wins, FORCE_COLOR forces', () => {
    expect(wantColor({ isTTY: true }, {})).toBe(true);
    expect(wantColor({ isTTY: false }, {})).toBe(false);
    expect(wantColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});
