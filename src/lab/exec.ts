/**
 * `vsh lab exec HOST[/NAME] -- CMD…`: run a command on a lab host (its network, mount and
 * UTS namespaces, as an SSH session there would), or inside a network namespace or a
 * podman container on it — without `ssh -F DIR/ssh_config HOST ip netns exec NAME …`.
 * The command is an argv handed to nsenter (no shell anywhere), run with the terminal
 * attached, and its exit status is the result.
 */
import { existsSync, readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { containersOn, dockerPid } from './containers.js';
import { LabError } from './errors.js';
import { findProgram, labPath } from './prerequisites.js';
import { planOf } from './status.js';
import { readState } from './state.js';
import type { HostPlan } from './topology.js';

/** `hostA`, or `hostA/red` (a namespace or a container on hostA). */
export interface ExecTarget {
  host: string;
  inside?: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Parse `HOST[/NAME]`; a LabError (exit 2) says what is wrong with it. */
export function parseExecTarget(text: string): ExecTarget {
  const [host, inside, more] = text.split('/');
  if (more !== undefined || !host || !NAME.test(host) || (inside !== undefined && !NAME.test(inside))) {
    throw new LabError(`'${text}' is not a place to run in: write HOST, HOST/NAMESPACE or HOST/CONTAINER`, 'e.g. vsh lab exec hostA/red -- ip -br addr', 2);
  }
  return inside === undefined ? { host } : { host, inside };
}

/**
 * Namespaces a script made on the host (`ip netns add` inside it). The host's /run is a
 * directory of the lab bind-mounted there (host.ts), so the root namespace can list them.
 */
export function namespacesOn(host: HostPlan): string[] {
  const dir = join(host.dir, 'run', 'netns');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** The argv (for the root namespace) that runs `argv` at `target` of the lab in `dir`. */
export async function labExecArgv(dir: string, target: ExecTarget, argv: readonly string[]): Promise<string[]> {
  const state = readState(resolve(dir));
  const plan = state?.status === 'up' ? planOf(state) : undefined;
  if (!plan) throw new LabError(`no lab is up in ${dir}`, `vsh lab up --dir ${dir}, or give the lab's --dir`, 2);
  const host = plan.hosts.find((h) => h.name === target.host);
  if (!host) throw new LabError(`no host '${target.host}' in the lab in ${dir} (hosts: ${plan.hosts.map((h) => h.name).join(', ')})`, undefined, 2);
  const nsenter = findProgram('nsenter', labPath());
  if (!nsenter) throw new LabError('nsenter is not installed', 'apt-get install util-linux', 2);
  if (process.getuid?.() !== 0) throw new LabError('vsh lab exec enters the host\'s namespaces: run it as root', `or: ssh -F ${plan.files.sshConfig} ${host.name} …`, 2);
  const inHost = (rest: readonly string[]) => [nsenter, `--mount=${host.mntHolder}`, `--uts=${host.utsHolder}`, `--net=/run/netns/${host.netns}`, '--', ...rest];
  if (target.inside === undefined) return inHost(argv);

  const name = target.inside;
  const namespaces = namespacesOn(host);
  // `ip netns exec` also remounts /sys for the namespace, as users expect from it.
  if (namespaces.includes(name)) return inHost(['ip', 'netns', 'exec', name, ...argv]);
  const containers = plan.containers ? ((await containersOn(host, plan.docker)) ?? []) : [];
  const container = containers.find((c) => c.name === name);
  // docker lists no pid: a running docker container's comes from `docker inspect`.
  const pid = container?.pid ?? (container?.runtime === 'docker' && container.state === 'running' ? await dockerPid(host, name) : undefined);
  if (pid) return inHost([nsenter, '--target', String(pid), '--net', '--', ...argv]);
  if (container) throw new LabError(`container '${name}' on ${host.name} is ${container.state}, not running`, `start it: vsh lab exec ${host.name} -- ${container.runtime ?? 'podman'} start ${name}`, 2);
  const known = [...namespaces.map((n) => `namespace ${n}`), ...containers.map((c) => `container ${c.name}`)];
  throw new LabError(`no namespace or container '${name}' on ${host.name}${known.length ? ` (there: ${known.join(', ')})` : ' (it has none)'}`, undefined, 2);
}

/** Run `argv` at `target` with this terminal attached; the command's exit status (128+N when a signal N ended it). */
export async function labExec(dir: string, target: ExecTarget, argv: readonly string[]): Promise<number> {
  const full = await labExecArgv(dir, target, argv);
  // PATH with the sbin directories: `ip`, `ovs-vsctl` resolve as in a login shell on a host.
  const r = await execa(full[0]!, full.slice(1), { stdio: 'inherit', reject: false, env: { PATH: labPath() } });
  if (r.failed && r.exitCode === undefined && r.signal === undefined) throw new LabError(`cannot run ${full[0]}: ${r.shortMessage}`);
  return r.exitCode ?? 128 + (r.signal ? (constants.signals[r.signal] ?? 0) : 0);
}
