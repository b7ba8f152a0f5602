/**
 * The front end as one function: sources → statements → model → diagnostics.
 * `vsh check`, `plan`, the REPL and the tests all call this; it never throws on user input.
 */
import type { Statement } from './ast.js';
import { runChecks, runChecksYielding } from './checks/index.js';
import type { HostFacts } from './checks/rule.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { Context, Model } from './model.js';
import { parseSources, type ParseCache, type ParseResult, type Source } from './parse.js';
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
  return assemble(sources, parsed, resolved, checked);
}

/**
 * frontEnd for plan and apply: `parsed` is told the statements as soon as they parse without
 * a syntax error, and the checks give the event loop turns, so that the SSH connections to
 * the hosts are made while the model is checked (commands/early-connect.ts). The same result.
 */
export async function frontEndOverlapped(sources: readonly Source[], options: FrontEndOptions & { parsed?: (statements: readonly Statement[]) => void } = {}): Promise<FrontEndResult> {
  const parsed = parseSources(sources, options.parseCache);
  if (!hasErrors(parsed.diagnostics)) options.parsed?.(parsed.statements);
  await new Promise((turn) => setImmediate(turn));
  const resolved = resolve(parsed.statements, options.context);
  const checked = await runChecksYielding({ statements: parsed.statements, model: resolved.model, facts: options.facts });
  return assemble(sources, parsed, resolved, checked);
}

function assemble(sources: readonly Source[], parsed: ParseResult, resolved: ReturnType<typeof resolve>, checked: Diagnostic[]): FrontEndResult {
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
