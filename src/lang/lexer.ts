/** The one `.vnet` lexer (built once; tokenizing is re-entrant). */
import { Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

export const lexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
  // Lines end at '\n' only, as for statements and the caret renderer: Chevrotain's default
  // (also '\r') counted a CRLF twice (whitespace '\r', then newline '\n'), so every
  // diagnostic in a CRLF file pointed at the wrong line.
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
  // Token-definition validation is for vsh's developers: the test suite runs it (VITEST is set there).
  skipValidations: !process.env.VITEST,
});
