/**
 * Runs commands on a remote host over SSH (ssh2): one connection per host, reused for
 * every command; at most 8 channels at once (OpenSSH's MaxSessions is 10) with a queue;
 * TCP_NODELAY on the socket (channel opens drop from ~40 ms to ~1 ms); keepalives; a
 * bounded connect and command time. Host keys are always verified (known-hosts.ts).
 * `close()` closes every connection this executor ever opened (a lost one is replaced by a
 * new one for the rollback), and destroys any whose peer does not answer the close.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { commandLine, type Command, type CommandResult } from './command.js';
import type { Executor } from './executor.js';
import { verifyHostKey } from './known-hosts.js';
import { TRACE, tracePhase } from './trace.js';

export interface SshTarget {
  /** The vsh host name, for messages. */
  name: string;
  address: string;
  port: number;
  user: string;
  /** Private key files to offer, in order (an explicit `key` first). */
  keyFiles: string[];
  /** known_hosts files to verify the host key against. */
  knownHostsFiles: string[];
  /** Reach this host through another (ProxyJump). */
  jump?: SshTarget;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** A failure that is not the command's own exit status: refused key, lost connection, timeout. */
export class SshError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(`${host}: ${message}`);
  }
}

/** The server refused to open a channel: the command never started. */
class ChannelOpenError extends SshError {}

/**
 * How often a refused channel is asked for again. sshd counts a session against MaxSessions
 * until it has processed our side of the close, so a channel opened right after another
 * closed can be refused though vsh keeps below the limit; the refusal passes within
 * milliseconds (the e2e test with MaxSessions 10 and 30 pings saw it).
 */
const OPEN_RETRIES = 8;

const MAX_CHANNELS = 8;

/**
 * A host that stops answering (its sshd session stopped, the network gone) is given up after
 * KEEPALIVE_MS × KEEPALIVE_COUNT without a reply: quick enough that vsh does not sit for a
 * minute, slow enough for a busy host (sshd answers keepalives from its main loop).
 */
const KEEPALIVE_MS = 5_000;
const KEEPALIVE_COUNT = 3;

/** How long `close()` waits for a peer to answer the SSH disconnect before dropping the socket. */
const CLOSE_GRACE_MS = 1_000;

/** Longer exec command lines are sent on stdin to `sh -s` (a single argv string may not exceed 128 KiB on Linux). */
const LONG_COMMAND_LINE = 64 * 1024;

/**
 * `VSH_TRACE=1`: one stderr line per exec request (one SSH round trip) when it finishes:
 * `vsh-trace HOST EXEC_NO MS CODE ARGV…` (argv cut at 300 characters). Off by default; the
 * bench and the e2e tests count round trips with it. Commands carry no secrets (argv only).
 */
let traceNo = 0;

/**
 * argv for a trace line: a fixed `sh -c` script that is long or multi-line shows as `…`, its
 * name and arguments (what varies: the lock path, the holder) in full within the line's 300
 * characters.
 */
const traceArgv = (argv: readonly string[]): readonly string[] =>
  argv[0] === 'sh' && argv[1] === '-c' && argv[2] !== undefined && (argv[2].includes('\n') || argv[2].length > 120) ? ['sh', '-c', '…', ...argv.slice(3)] : argv;

/** Lazily loaded: ssh2 is only needed when a remote host is reached. */
async function loadClient(): Promise<typeof Client> {
  return (await import('ssh2')).Client;
}

export class SshExecutor implements Executor {
  readonly host: string;
  private conn?: Promise<Client>;
  /** The connection `conn` resolved to: only its loss may forget `conn`. */
  private current?: Client;
  /** Every connection open now, the current one and any older one not yet closed. */
  private readonly clients = new Set<Client>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The commands running on each connection, to fail when it is lost. */
  private readonly inflight = new Map<Client, Set<(err: Error) => void>>();
  private jumpExec?: SshExecutor;

  /**
   * `authGate`: the handshake may start now, but the login waits for it (false: no login at
   * all). Early connections (commands/early-connect.ts) overlap the key exchange with the
   * checks, and a script the checks refuse never logs in to a host.
   */
  constructor(
    private readonly target: SshTarget,
    private readonly authGate?: Promise<boolean>,
  ) {
    this.host = target.name;
  }

  /** Connect now (run() connects on first use anyway); rejects with a clear reason. */
  connect(): Promise<Client> {
    this.conn ??= this.open().catch((err) => {
      this.conn = undefined;
      throw err;
    });
    return this.conn;
  }

  private async socket(): Promise<Socket | NodeJS.ReadableStream> {
    const t = this.target;
    if (t.jump) {
      this.jumpExec = new SshExecutor(t.jump);
      const jumpClient = await this.jumpExec.connect();
      return new Promise((resolve, reject) =>
        jumpClient.forwardOut('127.0.0.1', 0, t.address, t.port, (err, stream) =>
          err ? reject(new SshError(t.name, `cannot reach ${t.address}:${t.port} through ${t.jump!.name}: ${err.message}`)) : resolve(stream),
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const sock = tcpConnect({ host: t.address, port: t.port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new SshError(t.name, `connecting to ${t.address}:${t.port} timed out after ${(t.connectTimeoutMs ?? 10_000) / 1000}s`));
      }, t.connectTimeoutMs ?? 10_000);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.setNoDelay(true);
        sock.setKeepAlive(true, 10_000);
        resolve(sock);
      });
      sock.once('error', (err) => {
        clearTimeout(timer);
        reject(new SshError(t.name, `cannot connect to ${t.address}:${t.port}: ${err.message}`));
      });
    });
  }

  /** The auth methods in order, each offered only once the gate (if any) opened; none if it stays shut. */
  private gatedAuth(methods: object[]): object[] | ((left: unknown, partial: unknown, next: (m: object | false) => void) => void) {
    const gate = this.authGate;
    if (!gate) return methods;
    let i = 0;
    return (_left, _partial, next) => void gate.then((open) => next(open ? (methods[i++] ?? false) : false), () => next(false));
  }

  private async open(): Promise<Client> {
    const t = this.target;
    const ClientCtor = await loadClient();
    const sock = await this.socket();
    const client = new ClientCtor();
    let refusal: string | undefined;
    const keys = t.keyFiles.filter((f) => existsSync(f)).map((f) => ({ file: f, key: readFileSync(f) }));
    const agent = process.env.SSH_AUTH_SOCK;
    const config: ConnectConfig = {
      sock: sock as never,
      username: t.user,
      readyTimeout: t.connectTimeoutMs ?? 10_000,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVE_COUNT,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(t.knownHostsFiles, t.address, t.port, key);
        if (!verdict.ok) refusal = verdict.reason;
        return verdict.ok;
      },
      authHandler: this.gatedAuth([
        ...(agent ? [{ type: 'agent' as const, username: t.user, agent }] : []),
        ...keys.map((k) => ({ type: 'publickey' as const, username: t.user, key: k.key })),
      ]) as never,
    };
    return new Promise((resolve, reject) => {
      const fail = (err: Error) =>
        reject(
          new SshError(
            t.name,
            refusal ??
              (/authentication methods failed/i.test(err.message)
                ? `authentication as ${t.user} failed (tried ${agent ? 'ssh-agent and ' : ''}${keys.map((k) => k.file).join(', ') || 'no key files'}); an encrypted key must be loaded into ssh-agent`
                : err.message),
          ),
        );
      let ready = false;
      client.once('ready', () => {
        ready = true;
        this.clients.add(client);
        this.current = client;
        client.once('close', () => {
          this.clients.delete(client);
          this.lost(client, 'the connection closed');
        });
        tracePhase(`connected ${t.name}`);
        resolve(client);
      });
      // One listener for the connection's whole life: ssh2 may emit a second error after the
      // first (a handshake timeout, then "Connection lost before handshake"), and an error
      // event nobody listens to kills the process.
      client.on('error', (err) => {
        if (ready) this.lost(client, err.message);
        else {
          client.destroy();
          fail(err);
        }
      });
      try {
        client.connect(config);
      } catch (err) {
        fail(err as Error);
      }
    });
  }

  /**
   * A connection dropped: every command still running on it fails with host and reason.
   * Only the loss of the current connection makes the next command reconnect: the late
   * `close` of an old connection must not forget a newer one (then `close()` missed it and
   * vsh never exited).
   */
  private lost(client: Client, reason: string): void {
    if (client === this.current) {
      this.current = undefined;
      this.conn = undefined;
    }
    for (const reject of [...(this.inflight.get(client) ?? [])]) reject(new SshError(this.host, `connection lost (${reason})`));
    this.inflight.delete(client);
  }

  private async slot(): Promise<void> {
    if (this.active < MAX_CHANNELS) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  async run(command: Command): Promise<CommandResult> {
    const client = await this.connect();
    await this.slot();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.exec(client, command);
        } catch (err) {
          if (!(err instanceof ChannelOpenError) || attempt === OPEN_RETRIES) throw err;
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt)); // 10 ms … 1.3 s
        }
      }
    } finally {
      this.release();
    }
  }

  private exec(client: Client, command: Command): Promise<CommandResult> {
    let line = commandLine(command.argv);
    let stdin = command.stdin;
    if (stdin === undefined && line.length > LONG_COMMAND_LINE) {
      // sshd runs an exec request as `$SHELL -c LINE`: one argument, which Linux caps at 128 KiB
      // (MAX_ARG_STRLEN; "Argument list too long"). A long line (one ovsdb transaction of
      // thousands of changes) goes to `sh -s` on stdin instead; its arguments are then small.
      stdin = `exec ${line} </dev/null\n`;
      line = 'sh -s';
    }
    const timeoutMs = this.target.commandTimeoutMs ?? 120_000;
    const t0 = TRACE ? performance.now() : 0;
    // Lost while this command waited for a channel slot: it must not wait on a dead connection.
    if (!this.clients.has(client)) return Promise.reject(new SshError(this.host, 'connection lost (the connection closed)'));
    return new Promise((resolve, reject) => {
      let stream: ClientChannel | undefined;
      const done = (err: Error | undefined, result?: CommandResult) => {
        clearTimeout(timer);
        if (TRACE) process.stderr.write(`vsh-trace ${this.host} ${++traceNo} ${(performance.now() - t0).toFixed(1)} ${err ? 'error' : result!.code} ${traceArgv(command.argv).join(' ').slice(0, 300)}\n`);
        this.inflight.get(client)?.delete(onLost);
        if (err) reject(err);
        else resolve(result!);
      };
      const onLost = (err: Error) => {
        stream?.destroy();
        done(err);
      };
      const running = this.inflight.get(client) ?? new Set();
      this.inflight.set(client, running);
      running.add(onLost);
      const timer = setTimeout(() => {
        stream?.close();
        done(new SshError(this.host, `'${command.argv.join(' ')}' did not finish within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      client.exec(line, (err, ch) => {
        if (err) return done(new ChannelOpenError(this.host, `cannot open a channel: ${err.message}`));
        stream = ch;
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        let code: number | undefined;
        ch.on('data', (d: Buffer) => out.push(d));
        ch.stderr.on('data', (d: Buffer) => errs.push(d));
        ch.on('exit', (c: number | null, signal?: string) => {
          code = c ?? (signal ? 128 : 255);
        });
        ch.on('close', () => {
          if (code === undefined) return done(new SshError(this.host, `connection lost while running '${command.argv.join(' ')}'`));
          done(undefined, { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8') });
        });
        ch.end(stdin ?? '');
      });
    });
  }

  /** Close every connection, waiting at most CLOSE_GRACE_MS for each peer to answer. */
  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    this.current = undefined;
    if (c) await c.catch(() => undefined); // one still being opened is closed too
    await Promise.all([...this.clients].map((client) => closeClient(client)));
    this.clients.clear();
    await this.jumpExec?.close();
  }
}

/** End one connection; destroy its socket if the peer does not answer (a stopped sshd never would). */
function closeClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.destroy();
      resolve();
    }, CLOSE_GRACE_MS);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.end();
  });
}

/** Default key files, as OpenSSH tries them. */
export function defaultKeyFiles(): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f));
}
