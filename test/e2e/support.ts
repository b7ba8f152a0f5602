/**
 * End-to-end helpers: a real `vsh lab` per test file (made and removed through the built CLI
 * `bin/vsh`, in a unique temp directory), `bin/vsh` run as a person runs it, OpenSSH into a
 * lab host with the lab's own key and known_hosts, and a snapshot of a host's whole network
 * state to compare before/after. Every program run here has a time limit. No mocks.
 *
 * The scenario scripts (test/e2e/scenarios/*.vnet) declare no hosts: they are read after
 * the lab's DIR/hosts.vnet (`vsh run DIR/hosts.vnet scenario.vnet`), as a user would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { ensureDown } from '../lab/support.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const VSH = join(REPO, 'bin/vsh');
export const SCENARIOS = join(REPO, 'test/e2e/scenarios');
export const scenario = (name: string): string => join(SCENARIOS, name);

const has = (p: string): boolean => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, p)));

/** Why the e2e tests cannot run here ('' when they can). CI runs as root with the packages installed. */
export function skipReason(options: { libvirt?: boolean; containers?: boolean; docker?: boolean } = {}): string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux (namespaces, OVS, sshd); CI runs as root';
  if (!existsSync(join(REPO, 'dist/vsh.mjs'))) return 'bin/vsh is not built (npm run build)';
  for (const [prog, pkg] of [
    ['ovs-vswitchd', 'openvswitch-switch'],
    ['sshd', 'openssh-server'],
    ['ssh', 'openssh-client'],
    ['ping', 'iputils-ping'],
  ] as const) {
    if (!has(prog)) return `${prog} is not installed (apt-get install ${pkg})`;
  }
  if (options.containers && (!has('podman') || !has('runc') || !has('busybox'))) return 'podman/runc/busybox not installed (apt-get install podman runc busybox-static)';
  if (options.docker && !has('dockerd')) return 'dockerd is not installed (apt-get install docker.io)';
  if (options.libvirt && (!has('libvirtd') || !has('virsh'))) return 'libvirtd/virsh not installed (apt-get install libvirt-daemon-system libvirt-clients dnsmasq-base)';
  return '';
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a program (no shell) with a time limit; a timeout is a failure with code 124. */
export async function run(argv: string[], options: { timeoutMs?: number; input?: string; env?: Record<string, string>; onStderr?: (text: string) => void } = {}): Promise<Run> {
  const t0 = performance.now();
  const child = execa(argv[0]!, argv.slice(1), {
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
    input: options.input ?? '',
    env: { NO_COLOR: '1', ...options.env },
    cwd: REPO,
    stripFinalNewline: false,
  });
  if (options.onStderr) child.stderr?.on('data', (d: Buffer) => options.onStderr!(d.toString('utf8')));
  const r = await child;
  const ms = performance.now() - t0;
  const stderr = `${r.stderr ?? ''}${r.timedOut ? `\n[timed out after ${options.timeoutMs ?? 30_000} ms]` : ''}`;
  return { code: r.timedOut ? 124 : (r.exitCode ?? 1), stdout: String(r.stdout ?? ''), stderr, ms };
}

/** The built CLI, as a person runs it. */
export function vsh(args: string[], options: { timeoutMs?: number; env?: Record<string, string>; onStderr?: (text: string) => void } = {}): Promise<Run> {
  return run([VSH, ...args], { ...options, timeoutMs: options.timeoutMs ?? 45_000 });
}

/** `vsh plan --json` / `vsh diff --json` output, with the diagnostics (info lines) ignored. */
export interface PlanJson {
  changes: number;
  steps: { host: string; backend: string; action: '+' | '~' | '-'; object: string; command: string; argv: string[][]; changes?: string[] }[];
}

export interface LabHost {
  name: string;
  address: string;
}

/** One real lab, made by `bin/vsh lab up` in a unique temp directory. */
export class Lab {
  private constructor(
    readonly dir: string,
    readonly hosts: LabHost[],
    readonly id: string,
    readonly libvirt: boolean,
  ) {}

  static async up(tag: string, options: { hosts?: number; libvirt?: boolean; containers?: boolean; docker?: boolean; ovn?: boolean } = {}): Promise<Lab> {
    const dir = join(mkdtempSync(join(tmpdir(), `vsh-e2e-${tag}-`)), 'lab');
    const args = ['lab', 'up', '--hosts', String(options.hosts ?? 2), '--dir', dir, ...(options.libvirt ? ['--libvirt'] : []), ...(options.containers ? ['--containers'] : []), ...(options.docker ? ['--docker'] : []), ...(options.ovn ? ['--ovn'] : [])];
    const r = await vsh(args, { timeoutMs: 60_000 });
    if (r.code !== 0) {
      await Lab.remove(dir);
      throw new Error(`vsh ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    }
    const inventory = readFileSync(join(dir, 'hosts.vnet'), 'utf8');
    const hosts = [...inventory.matchAll(/^host (\S+) address (\S+) /gm)].map((m) => ({ name: m[1]!, address: m[2]! }));
    const id = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')).id as string;
    return new Lab(dir, hosts, id, options.libvirt ?? false);
  }

  /** `vsh lab down` through the CLI; if that fails, the in-process teardown; then the temp directory. Never throws. */
  static async remove(dir: string): Promise<void> {
    try {
      const r = await vsh(['lab', 'down', '--dir', dir], { timeoutMs: 60_000 });
      if (r.code !== 0) {
        process.stderr.write(`e2e cleanup: vsh lab down --dir ${dir} exited ${r.code}: ${r.stderr}\n`);
        await ensureDown(dir);
      }
    } catch (err) {
      process.stderr.write(`e2e cleanup of ${dir}: ${(err as Error).message}\n`);
      await ensureDown(dir);
    }
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }

  down(): Promise<void> {
    return Lab.remove(this.dir);
  }

  get inventory(): string {
    return join(this.dir, 'hosts.vnet');
  }

  /** The network namespace of a lab host, as the root namespace names it. */
  netns(host: string): string {
    return `vsh-${this.id}-${host}`;
  }

  /** A host's /run as the root namespace sees it (pidfiles of its daemons). */
  runDir(host: string): string {
    return join(this.dir, 'hosts', host, 'run');
  }

  /** `ssh` into a lab host exactly as a user would: the lab's ssh_config (its key, its known_hosts, host key checked). */
  ssh(host: string, command: string, options: { input?: string; timeoutMs?: number } = {}): Promise<Run> {
    return run(['ssh', '-F', join(this.dir, 'ssh_config'), '-o', 'BatchMode=yes', host, command], { timeoutMs: options.timeoutMs ?? 20_000, input: options.input });
  }

  /** Like `ssh`, but insists on exit 0 and returns stdout. */
  async sh(host: string, command: string, input?: string): Promise<string> {
    const r = await this.ssh(host, command, { input });
    if (r.code !== 0) throw new Error(`ssh ${host} ${command}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** Everything of a host's network state that vsh could touch (see stateScript). */
  async state(host: string): Promise<HostState> {
    return parseState(await this.sh(host, 'sh -s', stateScript(this.libvirt)));
  }

  async states(): Promise<Record<string, HostState>> {
    const all = await Promise.all(this.hosts.map(async (h) => [h.name, await this.state(h.name)] as const));
    return Object.fromEntries(all);
  }
}

/**
 * A host's state: the full `ip -json link` of the host and of every namespace in it (the
 * namespace list included), each interface's addresses, and OVS's bridges, ports and
 * interfaces (names with the columns vsh sets), and libvirt's networks when the lab has
 * libvirt. Taken in one ssh round trip.
 */
export interface HostState {
  sections: Record<string, unknown>;
}

const SECTION = '@@e2e-section';

function stateScript(libvirt: boolean): string {
  const ovs = (table: string, columns: string) => `ovs-vsctl --format=json --columns=_uuid,${columns} list ${table}`;
  return [
    `echo '${SECTION} link'; ip -json link show`,
    // Addresses only (lifetimes and flags of a settled interface do not change, but keep it to what vsh sets).
    `echo '${SECTION} addr'; ip -json addr show`,
    `echo '${SECTION} route'; ip -json route show`,
    `echo '${SECTION} netns'; ip netns list`,
    `for ns in $(ip netns list | cut -d' ' -f1); do echo "${SECTION} netns-link $ns"; ip -n "$ns" -json link show; echo "${SECTION} netns-addr $ns"; ip -n "$ns" -json addr show; done`,
    `echo '${SECTION} ovs-bridge'; ${ovs('Bridge', 'name,ports,datapath_type,external_ids,other_config')}`,
    `echo '${SECTION} ovs-port'; ${ovs('Port', 'name,interfaces,tag,trunks,vlan_mode,external_ids')}`,
    `echo '${SECTION} ovs-interface'; ${ovs('Interface', 'name,type,options,external_ids')}`,
    ...(libvirt ? [`echo '${SECTION} libvirt'; virsh -q net-list --all`] : []),
    '',
  ].join('\n');
}

/** OVS's JSON table → rows keyed by name, with uuids replaced by the names they point to. */
function ovsRows(text: string, names: Map<string, string>): unknown {
  const t = JSON.parse(text) as { headings: string[]; data: unknown[][] };
  const rows = t.data.map((row) => Object.fromEntries(t.headings.map((h, i) => [h, row[i]])));
  const deref = (v: unknown): unknown => {
    if (Array.isArray(v) && v[0] === 'uuid') return names.get(v[1] as string) ?? v[1];
    // A set's members come in UUID order, which changes when a member is made again: compare them sorted.
    if (Array.isArray(v) && v[0] === 'set') return ['set', (v[1] as unknown[]).map(deref).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))];
    if (Array.isArray(v)) return v.map(deref);
    return v;
  };
  return rows
    .map((r) => Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (k === '_uuid' ? [] : [[k, deref(v)]]))))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function parseState(out: string): HostState {
  const raw: Record<string, string> = {};
  let key = '';
  for (const line of out.split('\n')) {
    if (line.startsWith(`${SECTION} `)) {
      key = line.slice(SECTION.length + 1);
      raw[key] = '';
    } else if (key) raw[key] += line + '\n';
  }
  const sections: Record<string, unknown> = {};
  // Port and Interface rows point at each other by uuid; uuids change when a row is recreated, names do not.
  const names = new Map<string, string>();
  for (const table of ['ovs-bridge', 'ovs-port', 'ovs-interface']) {
    const t = JSON.parse(raw[table] || '{"headings":[],"data":[]}') as { headings: string[]; data: unknown[][] };
    const [u, n] = [t.headings.indexOf('_uuid'), t.headings.indexOf('name')];
    for (const row of t.data) names.set((row[u] as [string, string])[1], row[n] as string);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('ovs-')) sections[k] = ovsRows(v, names);
    else if (k === 'addr' || k.startsWith('netns-addr'))
      sections[k] = (JSON.parse(v || '[]') as { ifname: string; addr_info?: { local: string; prefixlen: number }[] }[]).map((l) => ({
        ifname: l.ifname,
        addresses: (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`).sort(),
      }));
    else if (k === 'link' || k === 'route' || k.startsWith('netns-link')) sections[k] = JSON.parse(v || '[]');
    else sections[k] = v.split('\n').filter(Boolean).sort();
  }
  return { sections };
}

/** Wait until `probe` returns a value (bounded); undefined when the time is up. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 20): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return undefined;
}

/**
 * `VSH_TRACE=1` makes the SSH executor write one stderr line per exec request (one SSH round
 * trip) as it finishes: `vsh-trace HOST N MS CODE ARGV…`. → the commands run on each host, in order.
 */
export function traced(stderr: string): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const m of stderr.matchAll(/^vsh-trace (\S+) \d+ [\d.]+ \S+ (.*)$/gm)) by.set(m[1]!, [...(by.get(m[1]!) ?? []), m[2]!]);
  return by;
}

/** Pids and command lines of the processes in a network namespace (from the root namespace). */
export function processesIn(netns: string): { pid: number; cmd: string }[] {
  const pids = execFileSync('ip', ['netns', 'pids', netns], { encoding: 'utf8', timeout: 5000 }).split('\n').filter(Boolean).map(Number);
  return pids.flatMap((pid) => {
    try {
      return [{ pid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() }];
    } catch {
      return [];
    }
  });
}

