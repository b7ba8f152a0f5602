/**
 * SSH connections opened while the model is still being checked (pipeline.ts
 * frontEndOverlapped): a handshake is mostly waiting on the host, and plan and apply need
 * the connection right after the checks. Started from the host statements as parsed; used
 * only if the host's SSH target, worked out again from the whole checked model, is the same
 * (a `jump` needs the other hosts, so a host with one is not started early). What is not
 * used is closed. Only the handshake is early: the login waits until a connection is taken,
 * i.e. the model passed its checks, so a refused script never logs in anywhere.
 */
import type { HostStmt, Statement } from '../lang/ast.js';
import { SshExecutor, type SshTarget } from '../exec/ssh.js';
import { sshTargetFor } from '../exec/ssh-target.js';

export class EarlyConnections {
  private readonly started = new Map<string, { target: string; exec: SshExecutor; login: (go: boolean) => void }>();

  /** `only`: the hosts given to --hosts (all when absent). */
  constructor(private readonly only?: readonly string[]) {}

  /** Start connecting to every remote host the statements declare. */
  readonly start = (statements: readonly Statement[]): void => {
    for (const s of statements) {
      if (s.kind !== 'host' || s.local || s.jump) continue;
      const name = s.name.value;
      if (this.started.has(name) || (this.only && !this.only.includes(name))) continue;
      const target = sshTargetFor(name, new Map([[name, s]]));
      let login!: (go: boolean) => void;
      const exec = new SshExecutor(target, new Promise<boolean>((go) => (login = go)));
      // A failure here is seen again, with its reason, by the read that uses this connection.
      exec.connect().catch(() => undefined);
      this.started.set(name, { target: key(target), exec, login });
    }
  };

  /** The connection started for `name`, if it reaches the host as the model says it is reached. */
  take(name: string, hosts: ReadonlyMap<string, HostStmt>): SshExecutor | undefined {
    const early = this.started.get(name);
    if (!early) return undefined;
    this.started.delete(name);
    if (early.target === key(sshTargetFor(name, hosts))) {
      early.login(true);
      return early.exec;
    }
    early.login(false);
    void early.exec.close();
    return undefined;
  }

  /** Close what was never taken. */
  async close(): Promise<void> {
    const left = [...this.started.values()];
    this.started.clear();
    for (const e of left) e.login(false);
    await Promise.all(left.map((e) => e.exec.close()));
  }
}

const key = (t: SshTarget): string => JSON.stringify(t);
