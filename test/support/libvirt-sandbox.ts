/**
 * A private libvirtd for tests: its own mount, network and PID namespaces
 * (`unshare --mount --net --pid`), with throw-away directories bound over /etc/libvirt,
 * /var/lib/libvirt, /var/cache/libvirt, /var/log/libvirt and /run/libvirt, and sysfs
 * remounted so libvirt sees only the new namespace's links. Bridges, dnsmasq and
 * iptables rules it makes live and die with the namespaces; the host's own libvirt (if
 * any) is never touched. `virsh` reaches it from outside through the socket in the
 * sandbox's directory (`LIBVIRT_DEFAULT_URI=qemu:///system?socket=…`).
 *
 * Stopping kills libvirtd, the PID namespace's init, so the kernel kills everything else
 * in it (dnsmasq), and the namespaces and mounts go with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../../src/exec/local.js';
import type { CommandResult } from '../../src/exec/command.js';

export interface LibvirtSandbox {
  /** Runs commands on this machine with `virsh` pointed at the sandbox's libvirtd. */
  executor: LocalExecutor;
  /** Run argv inside the sandbox's network and mount namespaces (e.g. `ip link show virbr10`). */
  inside(argv: readonly string[]): Promise<CommandResult>;
  /** The daemon's output, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Whether this machine can run the sandbox: root, libvirtd, virsh and unshare. */
export function libvirtSandboxAvailable(): boolean {
  const has = (p: string) => existsSync(p);
  return process.getuid?.() === 0 && has('/usr/sbin/libvirtd') && has('/usr/bin/virsh') && has('/usr/bin/unshare') && has('/etc/libvirt') && has('/var/lib/libvirt');
}

/** Runs as PID 1 of the new namespaces: private mounts, then libvirtd in the foreground. `$1` is the sandbox directory. */
const BOOT = `set -e
d=$1
mount -t tmpfs vsh-run /run
mkdir -p /run/libvirt
mount --bind "$d/run" /run/libvirt
mount --bind "$d/etc" /etc/libvirt
mount --bind "$d/lib" /var/lib/libvirt
for p in cache log; do [ -d "/var/$p/libvirt" ] && mount --bind "$d/$p" "/var/$p/libvirt"; done
mount -t sysfs vsh-sys /sys
ip link set lo up
exec libvirtd -p /run/libvirtd.pid`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The outer PID of the process `unshare --fork` started (libvirtd, PID 1 inside). */
function childOf(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

export async function startLibvirtSandbox(): Promise<LibvirtSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-libvirt-'));
  for (const sub of ['run', 'lib', 'cache', 'log']) mkdirSync(join(dir, sub));
  // The host's configuration, without its networks (the stock "default" would autostart).
  cpSync('/etc/libvirt', join(dir, 'etc'), { recursive: true });
  const networks = join(dir, 'etc', 'qemu', 'networks');
  for (const sub of [networks, join(networks, 'autostart')]) {
    if (existsSync(sub)) for (const f of readdirSync(sub)) if (f.endsWith('.xml')) rmSync(join(sub, f));
  }
  const logFile = join(dir, 'libvirtd.log');
  const out = openSync(logFile, 'a');
  const unshare: ChildProcess = spawn('unshare', ['--pid', '--fork', '--kill-child', '--mount-proc', '--mount', '--net', 'sh', '-c', BOOT, 'sh', dir], { stdio: ['ignore', out, out] });
  const exited = new Promise<void>((resolve) => unshare.once('exit', () => resolve()));
  let daemon: number | undefined;
  const kill = () => {
    for (const pid of [daemon, unshare.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // Even if the test run dies without its afterAll, the daemon does not outlive it.
  process.once('exit', kill);

  const uri = `qemu:///system?socket=${dir}/run/libvirt-sock`;
  const executor = new LocalExecutor('sandbox', { env: { LIBVIRT_DEFAULT_URI: uri }, timeout: 30_000 });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    kill();
    await Promise.race([exited, sleep(5000)]);
    process.removeListener('exit', kill);
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready when virsh gets an answer (bounded: libvirtd starts in about a second).
  for (let i = 0; i < 100; i++) {
    daemon ??= unshare.pid ? childOf(unshare.pid) : undefined;
    if (unshare.exitCode !== null) break;
    if (daemon && existsSync(join(dir, 'run', 'libvirt-sock')) && (await executor.run({ argv: ['virsh', 'net-list', '--all', '--name'] })).code === 0) {
      const inside = (argv: readonly string[]) => executor.run({ argv: ['nsenter', '-t', String(daemon), '-n', '-m', ...argv] });
      return { executor, inside, log, stop };
    }
    await sleep(150);
  }
  const why = log();
  await stop();
  throw new Error(`the private libvirtd did not start:\n${why}`);
}
