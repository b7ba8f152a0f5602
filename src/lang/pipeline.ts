/**
 * The front end as one function: sources → statements → model → diagnostics.
 * `vsh check`, `plan`, the REPL and the tests all call this; it never throws on user input.
 */
import type { Statement } from './ast.js';
import { runChecks } from './checks/index.js';
import type { HostFacts } from './checks/rule.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { Context, Model } from './model.js';
import { parseSources, type ParseCache, type Source } from './parse.js';
import { resolve } from './resolve.js';

export interface FrontEndResult {
  statements: Statement[];
  /** Statements written, with those a syntax error dropped (what a summary line counts). */
  written: number;
  model: Model;
  diagnostics: Diagnostic[];
  /** The last statement is unfinished (the REPL asks for a continuation line). */
  incomplete: boolean;
  ok: boolean;
}

export interface FrontEndOptions {
  /** The context to start from (the REPL's current host/bridge/network). */
  context?: Context;
  /** Live facts per host, when the hosts have been read (plan/apply). */
  facts?: ReadonlyMap<string, HostFacts>;
  /** Reuse the parse of sources whose file and text are unchanged since the last call with this cache. */
  parseCache?: ParseCache;
}

/** Parse, resolve and check several files read in order as one model. */
export function frontEnd(sources: readonly Source[], options: FrontEndOptions = {}): FrontEndResult {
  const parsed = parseSources(sources, options.parseCache);
  const resolved = resolve(parsed.statements, options.context);
  const checked = runChecks({ statements: parsed.statements, model: resolved.model, facts: options.facts });
  const diagnostics = sortDiagnostics(
    [...parsed.diagnostics, ...resolved.diagnostics, ...checked],
    sources.map((s) => s.file),
  );
  return {
    statements: parsed.statements,
    written: parsed.written,
    model: resolved.model,
    diagnostics,
    incomplete: parsed.incomplete,
    ok: !hasErrors(diagnostics),
  };
}
