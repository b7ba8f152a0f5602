/** Test helpers: run the whole front end on a snippet and pick diagnostics apart. */
import { frontEnd, type FrontEndResult } from '../src/lang/pipeline.js';
import type { Diagnostic } from '../src/lang/diagnostics.js';
import { parseSource, type ParseResult } from '../src/lang/parse.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Parse, resolve and check one snippet as file `t.vnet`. */
export function check(text: string): FrontEndResult {
  return frontEnd([{ file: 't.vnet', text }]);
}

/** The codes reported for a snippet, in order. */
export function codes(text: string): string[] {
  return check(text).diagnostics.map((d) => d.code);
}

/** The diagnostics with one code. */
export function withCode(text: string, code: string): Diagnostic[] {
  return check(text).diagnostics.filter((d) => d.code === code);
}

/** `line:column` of a diagnostic (or of one of its related places), for asserting where it points. */
export function at(d: { span: Diagnostic['span'] } | undefined): string {
  return d ? `${d.span.line}:${d.span.column}` : 'none';
}

/** Two hosts with a bridge each, the usual start of a snippet. */
export const TWO_HOSTS = `host hostA address 192.0.2.11 underlay 10.200.0.1
host hostB address 192.0.2.12 underlay 10.200.0.2
`;

/** Parse one snippet (no resolution, no checks) as file `t.vnet`. */
export function parse(text: string): ParseResult {
  return parseSource({ file: 't.vnet', text });
}

/** A value as JSON without source positions (`span`, `optionSpans`): what AST goldens compare. */
export function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'span' || k === 'optionSpans' ? undefined : v)));
}

/**
 * Compare `value`, as pretty JSON, with the golden file at `url`. `UPDATE_GOLDEN=1` writes
 * the file instead; a person then reads every written golden once and confirms it is right
 * before it is kept. A missing golden is a failure, never silently written.
 */
export function expectGolden(url: URL, value: unknown): void {
  const path = fileURLToPath(url);
  // Text (a rendering) is kept verbatim so the golden reads like the terminal; data as JSON.
  const json = typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, json);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1, then review it`);
  expect(json, `golden ${path}`).toBe(readFileSync(path, 'utf8'));
}
