/**
 * Runs commands on this machine with execa (no shell: argv goes to the program as is).
 * execa is imported on the first command: an apply whose hosts are all reached over SSH
 * never loads it (~40 ms of every start otherwise).
 */
import type { Command, CommandResult } from './command.js';
import type { Executor } from './executor.js';

export interface LocalOptions {
  /** Per-command time limit (ms). */
  timeout?: number;
  /**
   * Run every command inside this network namespace, for tests. `nsenter --net` and not
   * `ip netns exec`: the latter gives each command a mount namespace of its own, so an
   * `ip netns add` run through it vanished when the command ended.
   */
  netns?: string;
  /** Extra environment (e.g. OVS_RUNDIR for an OVS sandbox). */
  env?: Record<string, string>;
}

export class LocalExecutor implements Executor {
  constructor(
    readonly host = 'local',
    private readonly options: LocalOptions = {},
  ) {}

  async run(command: Command): Promise<CommandResult> {
    const argv = this.options.netns ? ['nsenter', `--net=/run/netns/${this.options.netns}`, ...command.argv] : [...command.argv];
    const [file, ...args] = argv;
    const { execa } = await import('execa');
    const r = await execa(file!, args, {
      input: command.stdin,
      reject: false,
      timeout: this.options.timeout ?? 60_000,
      stripFinalNewline: false,
      env: { LC_ALL: 'C', ...this.options.env },
    });
    const stderr = r.failed && r.exitCode === undefined ? `${r.stderr ?? ''}${r.shortMessage}` : (r.stderr ?? '');
    return { code: r.exitCode ?? 127, stdout: String(r.stdout ?? ''), stderr: String(stderr) };
  }

  async close(): Promise<void> {}
}
