/**
 * What each statement makes and why one would want it, in the voice of a good lab guide.
 * `explain` prints this before the exact commands, undo and verify of the statement's steps.
 * Each kind's text lives in its module (src/kinds), next to the rest of its phases.
 */
import type * as A from '../lang/ast.js';
import { kindOf } from '../kinds/registry.js';

/** The teaching paragraph for one statement. */
export const concept = (s: A.Statement): string => kindOf(s).concept(s);
