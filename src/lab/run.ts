/**
 * How the lab runs commands: argv arrays through the LocalExecutor (no shell), with the
 * system directories on PATH, a time limit on each, and failures turned into LabErrors
 * that name the command and its stderr. `inHost` is how a command runs "on" a lab host.
 */
import { CommandError, runChecked } from '../exec/executor.js';
import type { CommandResult } from '../exec/command.js';
import { LocalExecutor } from '../exec/local.js';
import { LabError } from './errors.js';
import { labPath, type Tools } from './prerequisites.js';
import type { HostPlan } from './topology.js';

export class Runner {
  private readonly exec: LocalExecutor;

  constructor(
    readonly tools: Tools,
    timeoutMs = 30_000,
  ) {
    this.exec = new LocalExecutor('lab', { timeout: timeoutMs, env: { PATH: labPath() } });
  }

  /** Run and insist on exit 0; a failure is a LabError saying what ran and what it printed. */
  async run(argv: readonly string[], stdin?: string): Promise<CommandResult> {
    try {
      return await runChecked(this.exec, { argv, stdin });
    } catch (err) {
      if (err instanceof CommandError) throw new LabError(err.message.replace(/^on lab: /, ''));
      throw err;
    }
  }

  /** Run and return the result whatever the exit code. */
  attempt(argv: readonly string[], stdin?: string): Promise<CommandResult> {
    return this.exec.run({ argv, stdin });
  }

  /**
   * argv that runs `argv` on `host`: in its network namespace, its mount namespace (its
   * /run, /etc/openvswitch, … — see host.ts) and its UTS namespace (its hostname). nsenter
   * opens all three namespace files before entering any, so root's /run/netns path works.
   */
  inHost(host: HostPlan, argv: readonly string[]): string[] {
    return [this.tools.nsenter, `--mount=${host.mntHolder}`, `--uts=${host.utsHolder}`, `--net=/run/netns/${host.netns}`, '--', ...argv];
  }

  /** `ip` inside a network namespace (needs no mount namespace). */
  ipIn(netns: string, args: readonly string[], stdin?: string): Promise<CommandResult> {
    return this.run([this.tools.ip, '-n', netns, ...args], stdin);
  }
}
