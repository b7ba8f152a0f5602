/**
 * A private Open vSwitch for tests: its own ovsdb-server and ovs-vswitchd (userspace
 * datapath) inside a throw-away network namespace, with their database, sockets, pidfiles
 * and logs in a temporary directory. `OVS_RUNDIR`/`OVS_DBDIR`/`OVS_LOGDIR` point
 * ovs-vsctl at it, so plain `ovs-vsctl` run through `executor()` talks to this OVS only,
 * and interfaces OVS makes (internal ports) appear inside the namespace only.
 *
 * `stop()` always cleans up — daemons killed by their own pidfiles (TERM, then KILL after a
 * bounded wait), the namespace deleted, the directory removed — and `withOvsSandbox`
 * calls it however the test ends. Names are unique per sandbox, so parallel runs never meet.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { CommandResult } from '../../src/exec/command.js';
import { LocalExecutor } from '../../src/exec/local.js';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
const DAEMONS = ['ovs-vswitchd', 'ovsdb-server'] as const;

/** Run argv on this machine (root namespace) with `env`, bounded; never throws (the result says how it went). */
export async function run(argv: readonly string[], env: Record<string, string> = {}, timeout = 20_000): Promise<CommandResult> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, timeout, env: { LC_ALL: 'C', ...env } });
  return { code: r.exitCode ?? 127, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? r.shortMessage ?? '') };
}

async function must(argv: readonly string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const r = await run(argv, env);
  if (r.code !== 0) throw new Error(`ovs sandbox: '${argv.join(' ')}' exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}

/** Why OVS sandboxes cannot run here, or undefined when they can (real-OVS tests skip with this reason). */
export async function ovsUnavailable(): Promise<string | undefined> {
  if ((await run(['ovs-vsctl', '--version'])).code !== 0) return 'ovs-vsctl not found (install openvswitch-switch)';
  for (const bin of ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd']) {
    if ((await run(['sh', '-c', 'command -v "$1"', 'sh', bin])).code !== 0) return `${bin} not found (install openvswitch-switch)`;
  }
  if (!existsSync(SCHEMA)) return `${SCHEMA} not found`;
  return undefined;
}

export class OvsSandbox {
  readonly id = randomBytes(3).toString('hex');
  /** The network namespace the daemons (and the interfaces they make) live in. */
  readonly ns = `vsh-ovs-${this.id}`;
  private dirPath: string | undefined;

  /** The directory of db, sockets, pidfiles and logs. */
  get dir(): string {
    if (!this.dirPath) throw new Error('ovs sandbox not started');
    return this.dirPath;
  }

  /** What makes ovs-vsctl (and the daemons) use this sandbox. */
  get env(): Record<string, string> {
    return { OVS_RUNDIR: this.dir, OVS_DBDIR: this.dir, OVS_LOGDIR: this.dir, OVS_SYSCONFDIR: this.dir };
  }

  /** An executor for a vsh host played by this sandbox: commands run in its namespace with its OVS. */
  executor(host = 'local'): LocalExecutor {
    return new LocalExecutor(host, { netns: this.ns, env: this.env, timeout: 20_000 });
  }

  /** Run argv inside the namespace with this OVS (e.g. `ovs-vsctl …`, `ip link …`). */
  exec(...argv: string[]): Promise<CommandResult> {
    return run(['ip', 'netns', 'exec', this.ns, ...argv], this.env);
  }

  /** Like `exec`, throwing on a non-zero exit. */
  async must(...argv: string[]): Promise<string> {
    return (await must(['ip', 'netns', 'exec', this.ns, ...argv], this.env)).stdout;
  }

  async start(): Promise<this> {
    try {
      this.dirPath = await mkdtemp(join(tmpdir(), 'vsh-ovs-'));
      const d = this.dir;
      await must(['ip', 'netns', 'add', this.ns]);
      await must(['ip', '-n', this.ns, 'link', 'set', 'lo', 'up']);
      await must(['ovsdb-tool', 'create', join(d, 'conf.db'), SCHEMA], this.env);
      const daemon = (name: string) => [`--pidfile=${join(d, `${name}.pid`)}`, '--detach', `--log-file=${join(d, `${name}.log`)}`, `--unixctl=${join(d, `${name}.ctl`)}`, '-vconsole:off'];
      await this.must('ovsdb-server', join(d, 'conf.db'), `--remote=punix:${join(d, 'db.sock')}`, ...daemon('ovsdb-server'));
      await this.must('ovs-vsctl', '--timeout=10', '--no-wait', 'init');
      await this.must('ovs-vswitchd', `unix:${join(d, 'db.sock')}`, ...daemon('ovs-vswitchd'));
      return this;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Kill the daemons (by pidfile), delete the namespace and the directory; safe to call twice, never throws. */
  async stop(): Promise<void> {
    if (this.dirPath) {
      for (const name of DAEMONS) await killByPidfile(join(this.dirPath, `${name}.pid`));
    }
    await run(['ip', 'netns', 'del', this.ns]);
    if (this.dirPath) await rm(this.dirPath, { recursive: true, force: true }).catch(() => undefined);
    this.dirPath = undefined;
  }

  /** The tail of a daemon's log, for failure messages. */
  async log(name: (typeof DAEMONS)[number], lines = 20): Promise<string> {
    const text = await readFile(join(this.dir, `${name}.log`), 'utf8').catch(() => '');
    return text.split('\n').slice(-lines).join('\n');
  }
}

/** Running, and not a zombie (where PID 1 does not reap, a dead daemon stays one). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z' && state !== 'X';
}

/** TERM the pid in `file`, wait up to 2 s, then KILL. */
async function killByPidfile(file: string): Promise<void> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1 || !(await alive(pid))) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 40 && (await alive(pid)); i++) await new Promise((r) => setTimeout(r, 50));
  if (await alive(pid)) signal('SIGKILL');
}

/** Start sandboxes, run `fn`, and stop them however it ends. */
export async function withOvsSandboxes<T>(count: number, fn: (boxes: OvsSandbox[]) => Promise<T>): Promise<T> {
  const boxes: OvsSandbox[] = [];
  try {
    for (let i = 0; i < count; i++) boxes.push(await new OvsSandbox().start());
    return await fn(boxes);
  } finally {
    for (const b of boxes) await b.stop();
  }
}
