/** How the CLI and the REPL reach each declared host: this machine directly, the others over SSH (one connection each). */
import type { HostStmt } from '../lang/ast.js';
import type { Executor } from '../exec/executor.js';
import { LocalExecutor } from '../exec/local.js';
import { SshExecutor } from '../exec/ssh.js';
import { sshTargetFor } from '../exec/ssh-target.js';

export class Executors {
  private readonly cache = new Map<string, Executor>();

  constructor(private readonly hosts: ReadonlyMap<string, HostStmt>) {}

  /** The executor of a host, created once and reused for the whole run. */
  readonly for = (name: string, host: HostStmt): Executor => {
    let e = this.cache.get(name);
    if (!e) {
      e = host.local ? new LocalExecutor(name) : new SshExecutor(sshTargetFor(name, this.hosts));
      this.cache.set(name, e);
    }
    return e;
  };

  async closeAll(): Promise<void> {
    await Promise.all([...this.cache.values()].map((e) => e.close()));
  }
}
