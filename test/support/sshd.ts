/**
 * A private sshd on 127.0.0.1 for SSH tests: its own host key, config, pidfile and
 * authorized key in a temp dir; stopped and removed by `stop()`. Root only (sshd's
 * privilege separation), as CI runs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestSshd {
  dir: string;
  port: number;
  /** Client private key that the server accepts for root. */
  clientKey: string;
  /** known_hosts file with this server's key for [127.0.0.1]:port. */
  knownHosts: string;
  /** The server's public host key line (`ssh-ed25519 AAAA…`). */
  hostKeyPub: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const canRunSshd = (): boolean => {
  try {
    return process.getuid?.() === 0 && !!execFileSync('sh', ['-c', 'command -v /usr/sbin/sshd ssh-keygen']).toString();
  } catch {
    return false;
  }
};

/** `maxSessions`: sshd's MaxSessions (channels at once on one connection). */
export async function startSshd(options: { maxSessions?: number } = {}): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-sshd-'));
  mkdirSync('/run/sshd', { recursive: true });
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, file)]);
  keygen('host_key');
  keygen('client_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      // Skip root's ~/.bashrc (as the lab's sshd does, src/lab/daemons.ts): a heavy one made each exec 0.4 s.
      'SetEnv SHLVL=1',
      `MaxSessions ${options.maxSessions ?? 10}`,
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  const hostKeyPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKeyPub}\n`);
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d) => (log += d));
  // Bounded wait for the port to accept.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sshd did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    port,
    clientKey: join(dir, 'client_key'),
    knownHosts,
    hostKeyPub,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
