/**
 * Throw-away network namespaces for tests that drive real iproute2. Every name carries a
 * random per-run id (so concurrent test runs never collide), and `cleanup` deletes every
 * namespace the sandbox made or was told about — call it in a `finally`/`afterAll` so it
 * runs when a test fails too. Deleting a namespace deletes the interfaces inside it.
 *
 * `NetnsExecutor` runs a host's commands in a namespace that stands in for the host. It
 * enters only the network namespace (`nsenter --net`), unlike `ip netns exec`, which also
 * gives each command a private mount namespace — there an `ip netns add` of the plan would
 * vanish with the command (its bind mount never reaches /run/netns outside).
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { Command, CommandResult } from '../../src/exec/command.js';
import type { Executor } from '../../src/exec/executor.js';

export class NetnsSandbox {
  /** 6 hex digits, unique per sandbox. */
  readonly id = randomBytes(3).toString('hex');
  private readonly names = new Set<string>();

  /** A unique namespace name for `suffix` (`vt` + id + suffix, ≤ 15 bytes for short suffixes), tracked for cleanup. */
  name(suffix: string): string {
    const name = `vt${this.id}${suffix}`;
    this.names.add(name);
    return name;
  }

  /** Create a namespace (with lo up) and return its name. */
  async add(suffix: string): Promise<string> {
    const name = this.name(suffix);
    await run(['ip', 'netns', 'add', name], true);
    await run(['ip', '-n', name, 'link', 'set', 'dev', 'lo', 'up'], true);
    return name;
  }

  /** Run argv inside namespace `ns` (never throws; the result says how it went). */
  exec(ns: string, argv: readonly string[]): Promise<CommandResult> {
    return run(['ip', 'netns', 'exec', ns, ...argv]);
  }

  /** Whether a namespace of this name exists. */
  async exists(name: string): Promise<boolean> {
    return (await run(['ip', 'netns', 'pids', name])).code === 0;
  }

  /** Delete every namespace this sandbox named (missing ones are fine). */
  async cleanup(): Promise<void> {
    for (const name of [...this.names].reverse()) await run(['ip', 'netns', 'del', name]);
    this.names.clear();
  }
}

/** Run argv on this machine; `check` makes a failure throw with the command and its stderr. */
export async function run(argv: readonly string[], check = false): Promise<CommandResult> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, timeout: 20_000, env: { LC_ALL: 'C' } });
  const result = { code: r.exitCode ?? 127, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  if (check && result.code !== 0) throw new Error(`'${argv.join(' ')}' exited ${result.code}: ${result.stderr.trim()}`);
  return result;
}

/** Use a sandbox for the length of `fn`, cleaning up however it ends. */
export async function withSandbox<T>(fn: (sb: NetnsSandbox) => Promise<T>): Promise<T> {
  const sb = new NetnsSandbox();
  try {
    return await fn(sb);
  } finally {
    await sb.cleanup();
  }
}

/** Whether this process may create namespaces (root on Linux with iproute2): real-iproute2 tests skip otherwise. */
export async function canUseNetns(): Promise<boolean> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return (await run(['ip', '-V'])).code === 0;
}

/** An executor for a host played by network namespace `ns` (see the file comment). */
export class NetnsExecutor implements Executor {
  constructor(
    readonly host: string,
    private readonly ns: string,
  ) {}

  async run(command: Command): Promise<CommandResult> {
    const r = await execa('nsenter', [`--net=/run/netns/${this.ns}`, '--', ...command.argv], {
      input: command.stdin,
      reject: false,
      timeout: 20_000,
      stripFinalNewline: false, // output is passed on as the program wrote it (probe framing relies on it)
      env: { LC_ALL: 'C' },
    });
    return { code: r.exitCode ?? 127, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  }

  async close(): Promise<void> {}
}
