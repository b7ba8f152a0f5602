/**
 * The one interface through which vsh touches a host. Planning only reads (through
 * `run` of read-only commands); applying is the only writer. Implementations: local
 * (execa), recording (dry-run and tests), and SSH (the execution issue).
 */
import type { Command, CommandResult } from './command.js';

export interface Executor {
  /** The host this executor reaches (for messages). */
  readonly host: string;
  /** Run one command; never throws for a non-zero exit (that is in the result). */
  run(command: Command): Promise<CommandResult>;
  /** Release connections. */
  close(): Promise<void>;
}

/** A command that failed, with everything a person needs to see why. */
export class CommandError extends Error {
  constructor(
    readonly host: string,
    readonly command: Command,
    readonly result: CommandResult,
  ) {
    const stderr = result.stderr.trim().split('\n').slice(-3).join(' | ');
    super(`on ${host}: '${command.argv.join(' ')}' exited ${result.code}${stderr ? `: ${stderr}` : ''}`);
  }
}

/** Run and insist on success. */
export async function runChecked(exec: Executor, command: Command): Promise<CommandResult> {
  const result = await exec.run(command);
  if (result.code !== 0) throw new CommandError(exec.host, command, result);
  return result;
}
