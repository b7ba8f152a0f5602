/**
 * CST → typed AST for one statement. Reads the generic option nodes the parser made,
 * checks what the grammar cannot (enumerated values, required options, the narrower
 * value an option takes in this statement, an option given twice) and returns the
 * typed statement with diagnostics. Never throws on user input.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { diag, type Diagnostic, type Span } from './diagnostics.js';
import { STATEMENT_KEYWORDS, optionsOf, type OptionKeyword, type OptionSpec, type StatementKeyword } from './grammar.js';
import { BUILDERS } from '../kinds/registry.js';
import { StatementBuilder } from './statement-builder.js';

/** The builder's reader, where it was first written (kinds import it from statement-builder.ts). */
export { StatementBuilder };

/**
 * Copy without the undefined fields, so the AST (and its JSON goldens) only show what was
 * written. Copying rather than `delete`-ing keeps V8 objects in fast mode: deleting turned
 * every statement into a hash table and doubled the memory of a large script.
 */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** Build the typed statement for a parsed `statement` CST node. */
export function buildStatement(
  file: string,
  statementNode: CstNode,
  span: Span,
  tokens: readonly IToken[],
): { statement?: A.Statement; diagnostics: Diagnostic[] } {
  let ruleName = '';
  for (const key in statementNode.children) {
    ruleName = key; // the one child: the statement's own rule (`portStmt`)
    break;
  }
  const kind = ruleName.slice(0, -'Stmt'.length) as StatementKeyword;
  const build = BUILDERS[kind];
  if (!build) {
    // The grammar has a rule the registry does not: a bug, said where it shows, never a silent drop.
    return { diagnostics: [diag('VN001', span, `internal error: no builder for '${kind}' statements`, { hint: 'please report this: src/kinds/registry.ts lacks the kind' })] };
  }
  const node = statementNode.children[ruleName]![0] as CstNode;
  const b = new StatementBuilder(file, kind, node, span, tokens);
  // A statement without a required option (grammar.ts says which) is not built: nothing half-read reaches the model.
  if (!b.requireOptions(...requiredOptions(kind))) return { diagnostics: b.diagnostics };
  const statement = build(b, { span, optionSpans: b.optionSpans }, node);
  // A statement whose enumerated value was wrong is still built (without that field) so
  // that checks can see the object; the VN001 already blocks apply.
  return { statement: statement ? compact(statement) : undefined, diagnostics: b.diagnostics };
}

const REQUIRED = new Map(
  STATEMENT_KEYWORDS.map((k) => [k, (Object.entries(optionsOf(k)) as [OptionKeyword, OptionSpec][]).filter(([, o]) => o.required).map(([kw]) => kw)]),
);

/** The options grammar.ts marks `required` for a statement. */
const requiredOptions = (kind: StatementKeyword): OptionKeyword[] => REQUIRED.get(kind) ?? [];
