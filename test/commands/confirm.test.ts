/** Asking before apply (src/commands/confirm.ts): who is asked, and what counts as a yes. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm, isYes, needsConfirmation } from '../../src/commands/confirm.js';

describe('asking before apply', () => {
  it('asks only a terminal, and never with --yes or --json', () => {
    expect(needsConfirmation({ stdinIsTTY: true })).toBe(true);
    expect(needsConfirmation({ stdinIsTTY: false })).toBe(false);
    expect(needsConfirmation({ stdinIsTTY: true, yes: true })).toBe(false);
    expect(needsConfirmation({ stdinIsTTY: true, json: true })).toBe(false);
  });

  it('takes y or yes, in any case, as yes; anything else as no', () => {
    for (const a of ['y', 'Y', 'yes', ' YES ']) expect(isYes(a), a).toBe(true);
    for (const a of ['', 'n', 'no', 'yess', 'sure']) expect(isYes(a), a).toBe(false);
  });

  it('reads the answer from its input; end of input is a no', async () => {
    const ask = async (text: string | undefined) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const answer = confirm('apply? ', input, output);
      if (text !== undefined) input.write(text);
      input.end();
      return answer;
    };
    expect(await ask('y\n')).toBe(true);
    expect(await ask('no\n')).toBe(false);
    expect(await ask(undefined)).toBe(false);
  });
});
