/** `trace …` at the vsh> prompt: its words and what it says before any host is reached (the real trace is in test/e2e/flows.test.ts). */
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/repl/commands.js';
import { Session } from '../../src/repl/session.js';
import { recordingPool } from './helpers.js';

async function say(s: Session, line: string): Promise<string> {
  let out = '';
  await runCommand({ session: s, write: (t) => (out += t) }, line);
  return out;
}

describe('trace at the prompt', () => {
  it('says what is wrong with the words', async () => {
    const s = new Session();
    expect(await say(s, 'trace from red')).toContain("expected 'from NS[@HOST] to IPV4'");
    expect(await say(s, 'trace from red to 10.0.0.300')).toContain('not an IPv4 address');
  });

  it('names a namespace the session does not declare, or one without a port to trace from', async () => {
    const s = new Session({ executors: () => recordingPool().pool });
    expect(s.accept('host h1 local; bridge br0; namespace red').status).toBe('staged');
    expect(await say(s, 'trace from blue to 10.0.0.2')).toContain("no namespace 'blue'");
    expect(await say(s, 'trace from red to 10.0.0.2')).toContain('has no port on a bridge');
  });
});
