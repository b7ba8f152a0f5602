import { describe, expect, it } from 'vitest';
import { runExpectations, REACH_WINDOW_S } from '../../src/exec/expectations.js';
import type { Command, CommandResult } from '../../src/exec/command.js';
import type { Executor } from '../../src/exec/executor.js';
import { check, TWO_HOSTS } from '../helpers.js';

/** A host whose pings answer from a script: each target's replies, in order, then silence (exit 1). */
class ScriptedPings implements Executor {
  readonly host = 'hostA';
  readonly pinged: string[] = [];
  readonly argvs: string[][] = [];
  constructor(private readonly replies: Record<string, Partial<CommandResult>[]>) {}
  async run(c: Command): Promise<CommandResult> {
    this.argvs.push([...c.argv]);
    const ping = c.argv[0] === 'ip' ? c.argv.slice(4) : c.argv;
    expect(ping.slice(0, 3)).toEqual(['ping', '-c', '1']);
    const target = ping.at(-1)!;
    this.pinged.push(target);
    return { code: 1, stdout: '', stderr: '', ...this.replies[target]?.shift() };
  }
  async close(): Promise<void> {}
}

function run(line: string, replies: Record<string, Partial<CommandResult>[]>, reachWindowS = REACH_WINDOW_S) {
  const model = check(`${TWO_HOSTS}namespace red on hostA\n${line}\n`).model;
  const host = new ScriptedPings(replies);
  return runExpectations(model, () => host, reachWindowS).then(([result]) => ({ result: result!, pinged: host.pinged, argvs: host.argvs }));
}

const ANSWER = { code: 0 };
const UNREACHABLE = { code: 2, stderr: 'ping: connect: Network is unreachable\n' };

describe('expect lines', () => {
  it(`reach: one ping that probes every 0.2 s until the first answer, for at most ${REACH_WINDOW_S} s (the path may still be settling)`, async () => {
    const { result, argvs } = await run('expect reach red@hostA 10.0.0.2', { '10.0.0.2': [ANSWER] });
    expect(result).toMatchObject({ passed: true, detail: 'reached 10.0.0.2' });
    expect(argvs).toEqual([['ip', 'netns', 'exec', 'red', 'ping', '-c', '1', '-i', '0.2', '-w', String(REACH_WINDOW_S), '10.0.0.2']]);
  });

  it('reach: no answer within the window fails and says how long it waited, in one round trip', async () => {
    const { result, pinged } = await run('expect reach red@hostA 10.0.0.2', {});
    expect(result).toMatchObject({ passed: false, detail: `no answer from 10.0.0.2 within ${REACH_WINDOW_S} s` });
    expect(pinged).toHaveLength(1);
  });

  it('reach: a route that is not there yet is tried again within the window, and passes once it answers', async () => {
    const { result, pinged } = await run('expect reach red@hostA 10.0.0.2', { '10.0.0.2': [UNREACHABLE, UNREACHABLE, ANSWER] }, 2);
    expect(result).toMatchObject({ passed: true, detail: 'reached 10.0.0.2' });
    expect(pinged).toHaveLength(3);
  });

  it('noreach: one silent probe passes; an answer fails', async () => {
    const silent = await run('expect noreach red@hostA 10.0.0.3', {});
    expect(silent.result).toMatchObject({ passed: true, detail: 'no answer from 10.0.0.3' });
    expect(silent.pinged).toHaveLength(1);
    const answered = await run('expect noreach red@hostA 10.0.0.3', { '10.0.0.3': [ANSWER] });
    expect(answered.result.passed).toBe(false);
  });

  it('"Network is unreachable" (ping exit 2) is not reached: noreach passes, reach fails', async () => {
    const noreach = await run('expect noreach red@hostA 10.9.9.9', { '10.9.9.9': [UNREACHABLE] });
    expect(noreach.result).toMatchObject({
      passed: true,
      detail: 'passes only because red has no route to 10.9.9.9: this proves nothing about isolation',
    });
    const always = { '10.9.9.9': Array.from({ length: 100 }, () => UNREACHABLE) };
    const started = Date.now();
    const reach = await run('expect reach red@hostA 10.9.9.9', always, 1);
    expect(reach.result).toMatchObject({ passed: false, detail: 'no route to 10.9.9.9 from red within 1 s' });
    expect(Date.now() - started).toBeLessThan(1500); // bounded by the window
  });

  it('a namespace pings through ip netns exec; a host pings from its root namespace, without it', async () => {
    const fromNs = await run('expect noreach red@hostA 10.0.0.2', {});
    expect(fromNs.argvs).toEqual([['ip', 'netns', 'exec', 'red', 'ping', '-c', '1', '-W', '1', '10.0.0.2']]);
    const fromHost = await run('expect reach hostA 10.0.0.2', { '10.0.0.2': [ANSWER] });
    expect(fromHost.result).toMatchObject({ passed: true, detail: 'reached 10.0.0.2' });
    expect(fromHost.result.expect.fromHost).toBe(true);
    expect(fromHost.argvs).toEqual([['ping', '-c', '1', '-i', '0.2', '-w', String(REACH_WINDOW_S), '10.0.0.2']]);
  });

  it('a host with no route: noreach says it proves nothing, naming the host', async () => {
    const { result, argvs } = await run('expect noreach hostA 10.9.9.9', { '10.9.9.9': [UNREACHABLE] });
    expect(argvs).toEqual([['ping', '-c', '1', '-W', '1', '10.9.9.9']]);
    expect(result).toMatchObject({ passed: true, detail: 'passes only because hostA has no route to 10.9.9.9: this proves nothing about isolation' });
  });

  it('a ping that cannot run (no such namespace) fails either way, without retrying', async () => {
    const broken = { code: 255, stderr: 'Cannot open network namespace "red": No such file or directory\n' };
    for (const line of ['expect reach red@hostA 10.0.0.2', 'expect noreach red@hostA 10.0.0.2']) {
      const { result, pinged } = await run(line, { '10.0.0.2': [broken] });
      expect(result).toMatchObject({ passed: false, detail: 'ping could not run (Cannot open network namespace "red": No such file or directory)' });
      expect(pinged).toHaveLength(1);
    }
  });
});
