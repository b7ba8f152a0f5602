/** Helpers for the shell's tests: a shell on PassThrough streams, recording hosts, and a stand-in driver. */
import { PassThrough } from 'node:stream';
import type { Backend, Step } from '../../src/backends/backend.js';
import { backends } from '../../src/backends/registry.js';
import type { Command, CommandResult } from '../../src/exec/command.js';
import { RecordingExecutor } from '../../src/exec/recording.js';
import { startRepl, type Repl, type ReplOptions } from '../../src/repl/repl.js';
import { Session, type ExecutorPool } from '../../src/repl/session.js';

/** What the fake driver's objects are on each host: `fake add X` made X, `fake del X` removed it. */
const fakeLive = new Map<string, Set<string>>();

/** A recording host that also keeps the fake driver's objects, so a second plan sees what the first apply made. */
class FakeHost extends RecordingExecutor {
  override async run(command: Command): Promise<CommandResult> {
    const r = await super.run(command);
    const [prog, verb, name] = command.argv;
    if (r.code === 0 && prog === 'fake' && name) {
      const live = fakeLive.get(this.host) ?? new Set<string>();
      fakeLive.set(this.host, live);
      if (verb === 'add') live.add(name);
      else live.delete(name);
    }
    return r;
  }
}

/** One recording executor per host, made on first use and kept (as the real pool keeps connections). */
export function recordingPool(fail?: (host: string, argv: readonly string[]) => boolean) {
  const hosts = new Map<string, RecordingExecutor>();
  let closed = 0;
  fakeLive.clear();
  const pool: ExecutorPool = {
    for: (name) => {
      let e = hosts.get(name);
      if (!e) {
        e = new FakeHost(name, fail ? [{ match: (c) => fail(name, c.argv), result: { code: 1, stderr: 'scripted failure' } }] : []);
        hosts.set(name, e);
      }
      return e;
    },
    closeAll: async () => {
      closed++;
    },
  };
  return {
    pool,
    hosts,
    get closed() {
      return closed;
    },
    /** The commands a host ran, without the apply lock and the probe script. */
    work: (host: string) =>
      (hosts.get(host)?.commands ?? []).map((c) => c.argv.join(' ')).filter((l) => !l.includes('/run/vsh') && l !== 'sh -s'),
  };
}

/**
 * A driver that plans one step per bridge and port of a host, with plain `fake add|del`
 * commands. Tests swap it in for the real drivers so that what they assert on does not
 * depend on how those drivers spell their commands.
 */
export const fakeBackend: Backend<Set<string>> = {
  id: 'linux',
  probes: () => [],
  // Offline (no outputs) the host is empty; online it has what earlier applies made.
  read: (view, outputs) => ({ state: new Set(outputs ? fakeLive.get(view.name) : []) }),
  plan: (view, live) => {
    const step = (object: string, name: string, span: Step['span']): Step => ({
      host: view.name,
      backend: 'linux',
      action: '+',
      object,
      phase: 30,
      // `alone`: one exec per command, so the recording host sees each one (not a `sh -s` batch).
      commands: [{ argv: ['fake', 'add', name], batch: 'alone' }],
      undo: [{ argv: ['fake', 'del', name], batch: 'alone' }],
      explain: `makes ${name}`,
      span,
    });
    return [
      ...[...view.model.bridges.values()].filter((b) => b.host === view.name).map((b) => step(`bridge ${b.name}`, b.name, b.stmt.span)),
      ...view.model.ports.filter((p) => p.host === view.name).map((p) => step(`port ${p.name}`, p.name, p.stmt.span)),
    ].filter((s) => !live.has(s.commands[0]!.argv[2]!));
  },
  destroy: () => [],
};

/** Run `fn` with only the fake driver registered, then put the real ones back. */
export async function withFakeDriver<T>(fn: () => Promise<T>): Promise<T> {
  const list = backends as Backend<unknown>[];
  const saved = list.splice(0, list.length, fakeBackend as unknown as Backend<unknown>);
  try {
    return await fn();
  } finally {
    list.splice(0, list.length, ...saved);
  }
}

/** A shell on streams: type lines, end the input, read what it wrote. */
export async function shell(options: Partial<ReplOptions> & { session?: Session } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const repl: Repl = await startRepl({ input, output, terminal: false, historyPath: '', color: false, ...options });
  return {
    repl,
    session: repl.session,
    input,
    /** Type lines (each followed by Enter). */
    type: (...lines: string[]) => {
      for (const l of lines) input.write(l + '\n');
    },
    /** Everything written so far. */
    output: () => out,
    /** Wait (bounded) until the output contains `text`. */
    waitFor: async (text: string | RegExp, ms = 5000) => {
      const t0 = Date.now();
      while (!(typeof text === 'string' ? out.includes(text) : text.test(out))) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${text}; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** End the input (like Ctrl-D on a pipe) and wait for the shell to finish. */
    end: async () => {
      input.end();
      await repl.closed;
      return out;
    },
  };
}
