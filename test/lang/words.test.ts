/** A container's command STRING → argv: a shell's word splitting and quotes, nothing else. */
import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/lang/words.js';

describe('splitWords', () => {
  it.each([
    ['sleep 86400', ['sleep', '86400']],
    ['  sleep   1  ', ['sleep', '1']],
    [`sh -c 'while true; do sleep 1; done'`, ['sh', '-c', 'while true; do sleep 1; done']],
    [`echo "a b" 'c d'e`, ['echo', 'a b', 'c de']],
    [`echo "say \\"hi\\" \\$HOME \\n"`, ['echo', 'say "hi" $HOME \\n']],
    [`a\\ b c`, ['a b', 'c']],
    [`echo '' ""`, ['echo', '', '']],
    ['echo $HOME * | x > y', ['echo', '$HOME', '*', '|', 'x', '>', 'y']],
    ['', []],
  ])('%s', (text, argv) => {
    expect(splitWords(text)).toEqual({ argv });
  });

  it('refuses an unclosed quote or a trailing backslash, saying where', () => {
    expect(splitWords(`sh -c 'x`)).toEqual({ error: "the ' at column 7 is not closed" });
    expect(splitWords(`echo "x`)).toEqual({ error: 'the " at column 6 is not closed' });
    expect(splitWords('echo \\')).toEqual({ error: 'it ends in a backslash' });
  });
});
