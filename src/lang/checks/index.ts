/**
 * Every semantic check, in one list (CHECKS.md, plus docs/checks.md for vsh's own).
 * A new rule is one file in this folder and one line here.
 */
import type { CheckInput, CheckRule } from './rule.js';
import type { Diagnostic } from '../diagnostics.js';
import { interfaceNames } from './interface-names.js';
import { vlanRange } from './vlan-range.js';
// @rules-imports (keep this marker: new rules are imported above it)

export const rules: readonly CheckRule[] = [
  interfaceNames,
  vlanRange,
  // @rules-list (keep this marker: new rules are listed above it)
];

/** Run every rule over the model; each returns all it finds. */
export function runChecks(input: CheckInput): Diagnostic[] {
  return rules.flatMap((rule) => rule.check(input));
}
