/** Reference checks the logical kinds share: a logical switch or router named by another statement. */
import type { Spanned } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { closest } from '../lang/suggest.js';
import type { Resolving } from './kind.js';

/** False (and VN102 with a did-you-mean) when no `logical switch|router` declares it. */
export function knownLogical(r: Resolving, what: 'switch' | 'router', name: Spanned<string>): boolean {
  const names = what === 'switch' ? r.model.ovn.switches : r.model.ovn.routers;
  if (names.has(name.value)) return true;
  const guess = closest(name.value, names.keys());
  r.report(
    diag('VN102', name.span, `unknown logical ${what} '${name.value}'`, {
      hint: guess ? `did you mean '${guess}'?` : `declare it: 'logical ${what} ${name.value}'`,
    }),
  );
  return false;
}
