/** How the CLI and the REPL reach each declared host: this machine directly, the others over SSH (one connection each). */
import type { HostStmt } from '../lang/ast.js';
import type { Executor } from '../exec/executor.js';
import { LocalExecutor } from '../exec/local.js';
import { SshExecutor } from '../exec/ssh.js';
import { sshTargetFor } from '../exec/ssh-target.js';
import type { EarlyConnections } from './early-connect.js';

export class Executors {
  private readonly cache = new Map<string, Executor>();

  /** `early`: connections opened while the model was checked, used where they fit (early-connect.ts). */
  constructor(
    private readonly hosts: ReadonlyMap<string, HostStmt>,
    private readonly early?: EarlyConnections,
  ) {}

  /** The executor of a host, created once and reused for the whole run. */
  readonly for = (name: string, host: HostStmt): Executor => {
    let e = this.cache.get(name);
    if (!e) {
      e = host.local ? new LocalExecutor(name) : (this.early?.take(name, this.hosts) ?? new SshExecutor(sshTargetFor(name, this.hosts)));
      this.cache.set(name, e);
    }
    return e;
  };

  async closeAll(): Promise<void> {
    await Promise.all([...this.cache.values()].map((e) => e.close()));
    await this.early?.close();
  }
}
