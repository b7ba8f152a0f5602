/**
 * Chevrotain's error messages rewritten in the user's terms: token labels ("a number",
 * "a name") instead of token type names, and "end of statement" instead of EOF.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

function label(t: TokenType): string {
  return t === EOF ? 'the end of the statement' : (t.LABEL ?? t.name);
}

function found(t: IToken): string {
  return t.tokenType === EOF ? 'the end of the statement' : `'${t.image}'`;
}

function after(previous: IToken | undefined): string {
  return previous && previous.tokenType !== EOF ? ` after '${previous.image}'` : '';
}

function pathsText(paths: TokenType[][]): string {
  const firsts = [...new Set(paths.map((p) => (p[0] ? label(p[0]) : 'nothing')))];
  return firsts.length === 1 ? firsts[0]! : `one of ${firsts.join(', ')}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous }) =>
    `expected ${label(expected)}${after(previous)}, found ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${found(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, previous }) =>
    `expected ${pathsText(expectedPathsPerAlt.flat())}${after(previous)}, found ${found(actual[0]!)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, previous }) =>
    `expected ${pathsText(expectedIterationPaths)}${after(previous)}, found ${found(actual[0]!)}`,
};
