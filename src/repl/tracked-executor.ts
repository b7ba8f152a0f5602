/**
 * An executor that remembers how its host last answered, for the `hosts` command: the
 * session keeps one executor (one SSH connection) per host for its whole life, and a
 * person wants to see which are up without a new round trip.
 */
import type { Command, CommandResult } from '../exec/command.js';
import type { Executor } from '../exec/executor.js';

export type HostState = 'not connected' | 'connected' | 'failed' | 'closed';

export class TrackedExecutor implements Executor {
  state: HostState = 'not connected';
  /** Why the last command could not run (a lost or refused connection, a timeout). */
  error?: string;

  constructor(readonly inner: Executor) {}

  get host(): string {
    return this.inner.host;
  }

  async run(command: Command): Promise<CommandResult> {
    try {
      const r = await this.inner.run(command);
      this.state = 'connected';
      this.error = undefined;
      return r;
    } catch (err) {
      this.state = 'failed';
      this.error = (err as Error).message;
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.inner.close();
    this.state = 'closed';
  }
}
