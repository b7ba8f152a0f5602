/**
 * An executor that runs nothing: it records every command and answers from canned
 * outputs (tests) or with success (dry-runs). A planner test asserts on `commands`.
 */
import type { Command, CommandResult } from './command.js';
import type { Executor } from './executor.js';

/** Canned answer for commands whose argv starts with `prefix` (joined by spaces), or that match a predicate. */
export interface CannedReply {
  match: string | ((c: Command) => boolean);
  result: Partial<CommandResult>;
}

export class RecordingExecutor implements Executor {
  readonly commands: Command[] = [];

  constructor(
    readonly host = 'recorded',
    private readonly replies: CannedReply[] = [],
  ) {}

  async run(command: Command): Promise<CommandResult> {
    this.commands.push(command);
    const line = command.argv.join(' ');
    const reply = this.replies.find((r) => (typeof r.match === 'string' ? line.startsWith(r.match) : r.match(command)));
    return { code: 0, stdout: '', stderr: '', ...reply?.result };
  }

  async close(): Promise<void> {}
}
