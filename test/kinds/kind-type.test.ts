/**
 * A kind without its phases does not compile: `npm run typecheck` covers test/, and each
 * `@ts-expect-error` below fails the typecheck the day the line it marks compiles.
 */
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/kinds/kind.js';
import { KINDS } from '../../src/kinds/registry.js';
import { use } from '../../src/kinds/use.js';
import type { UseStmt } from '../../src/lang/ast.js';

const { concept: _concept, ...withoutConcept } = use;
const { lower: _lower, ...withoutLower } = use;
const { use: _use, ...withoutUse } = KINDS;

// @ts-expect-error a kind without `concept` (what explain teaches) is not a Kind
const noConcept: Kind<UseStmt> = withoutConcept;
// @ts-expect-error a kind without `lower` (its drivers, or 'none' on purpose) is not a Kind
const noLower: Kind<UseStmt> = withoutLower;
// @ts-expect-error a registry that leaves out a kind of the AST does not compile
const noUse: typeof KINDS = withoutUse;
// @ts-expect-error `lower` names drivers that exist, or 'none'
const badLower: Kind<UseStmt> = { ...use, lower: ['nftables'] };

describe('the Kind type', () => {
  it('the fixtures above are what they claim (the typecheck does the rest)', () => {
    expect('concept' in noConcept).toBe(false);
    expect('lower' in noLower).toBe(false);
    expect('use' in noUse).toBe(false);
    expect(badLower.lower).toEqual(['nftables']);
  });
});
