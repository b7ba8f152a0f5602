/** The one `.vnet` lexer (built once; tokenizing is re-entrant). */
import { Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

export const lexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
});
