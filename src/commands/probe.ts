/**
 * Probing from the shell, for the REPL (`ping`, `pingall`, `exec`) and the CLI alike
 * (Mininet's `h1 ping h2`): endpoints are named as scripts name them (`ns1@hostA`, or a
 * declared host), a target endpoint stands for its address in the model, and every probe
 * is the bounded `ping -c 1 -W 1` of the expect lines, run through `inEndpoint`.
 */
import type { CommandResult } from '../exec/command.js';
import { endpointLabel, inEndpoint, type Endpoint } from '../exec/endpoint.js';
import type { Executor } from '../exec/executor.js';
import { parseIpv4 } from '../lang/ip.js';
import type { Model } from '../lang/model.js';

/** How a probe reaches a host's executor (the CLI's Executors, the REPL's session pool). */
export type ExecutorOf = (host: string) => Executor;

/** A probe endpoint and the addresses the model gives it (without prefix length). */
export interface KnownEndpoint extends Endpoint {
  addresses: string[];
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const bare = (cidr: string) => cidr.split('/')[0]!;

/** Every endpoint of the model, in declaration order: hosts, then namespaces (declared, or made by a port's `peer`). */
export function endpointsOf(model: Model): KnownEndpoint[] {
  const out: KnownEndpoint[] = [];
  const seen = new Map<string, KnownEndpoint>();
  const add = (e: Endpoint): KnownEndpoint => {
    const key = `${e.kind} ${e.host} ${e.name}`;
    let known = seen.get(key);
    if (!known) {
      known = { ...e, addresses: [] };
      seen.set(key, known);
      out.push(known);
    }
    return known;
  };
  for (const name of model.hosts.keys()) add({ kind: 'host', host: name, name });
  for (const ns of model.namespaces.values()) add({ kind: 'netns', host: ns.host, name: ns.name });
  for (const p of model.ports) {
    const addr = p.stmt.address?.value;
    if (p.stmt.peer) {
      const e = add({ kind: 'netns', host: p.host, name: p.stmt.peer.ns.value });
      if (addr) e.addresses.push(bare(addr));
    } else if (addr) {
      add({ kind: 'host', host: p.host, name: p.host }).addresses.push(bare(addr)); // an internal port's address is the host's
    }
  }
  for (const b of model.bridges.values()) if (b.stmt.address) add({ kind: 'host', host: b.host, name: b.host }).addresses.push(bare(b.stmt.address.value));
  return out;
}

/** `ns1@hostA`, `ns1` (when only one host has it) or `hostA` → the endpoint, or why not. */
export function resolveEndpoint(model: Model, text: string): KnownEndpoint | string {
  const [name, host, more] = text.split('@');
  if (more !== undefined || !name || !NAME.test(name) || (host !== undefined && !NAME.test(host))) return `'${text}' is not an endpoint: write NAMESPACE@HOST, NAMESPACE or HOST`;
  const all = endpointsOf(model);
  const matches = all.filter((e) => (host === undefined ? e.name === name : e.host === host && e.name === name));
  if (host === undefined && matches.length > 1) {
    const ns = matches.filter((e) => e.kind === 'netns');
    if (ns.length === 1 && matches.length === 2) return ns[0]!; // a namespace named like a host: the namespace, as in scripts
    return `'${name}' is on several hosts: say which (${matches.map(endpointLabel).join(', ')})`;
  }
  if (matches.length === 0) {
    if (host !== undefined && !model.hosts.has(host)) return `no host '${host}' is declared`;
    const names = all.map(endpointLabel);
    return `no endpoint '${text}' in the model${names.length ? ` (known: ${names.join(', ')})` : ': declare hosts and namespaces first'}`;
  }
  return matches[0]!;
}

/** A ping target: an IPv4 as is, or an endpoint's first address in the model. */
export function resolveTarget(model: Model, text: string): { address: string; label: string } | string {
  if (parseIpv4(text) !== undefined) return { address: text, label: text };
  const e = resolveEndpoint(model, text);
  if (typeof e === 'string') return `${e} (or give an IPv4 address)`;
  if (e.addresses.length === 0) return `${endpointLabel(e)} has no address in the model: ping an IPv4 address instead`;
  return { address: e.addresses[0]!, label: endpointLabel(e) };
}

/** The bounded probe argv, as the expect lines use it. */
export const pingArgv = (address: string, count = 1): string[] => ['ping', '-c', String(count), ...(count > 1 ? ['-i', '0.2'] : []), '-W', '1', address];

export type PingVerdict = 'reached' | 'silent' | 'broken';

/** What a ping's exit says: 0 answered, 1 (or "Network is unreachable") silent, anything else could not run. */
export function pingVerdict(r: CommandResult): PingVerdict {
  if (r.code === 0) return 'reached';
  if (r.code === 1 || /Network is unreachable/.test(r.stderr)) return 'silent';
  return 'broken';
}

const firstLine = (r: CommandResult) => r.stderr.trim().split('\n')[0] || `exit ${r.code}`;

/** `ping FROM TARGET`: three probes (0.2 s apart, 1 s wait each); ping's own output and a verdict line. */
export async function pingOne(model: Model, executorOf: ExecutorOf, from: string, to: string): Promise<{ ok: boolean; text: string }> {
  const src = resolveEndpoint(model, from);
  if (typeof src === 'string') return { ok: false, text: `ping: ${src}\n` };
  const target = resolveTarget(model, to);
  if (typeof target === 'string') return { ok: false, text: `ping: ${target}\n` };
  let r: CommandResult;
  try {
    r = await executorOf(src.host).run(inEndpoint(src, pingArgv(target.address, 3)));
  } catch (err) {
    return { ok: false, text: `ping: cannot reach host '${src.host}': ${(err as Error).message}\n` };
  }
  const verdict = pingVerdict(r);
  const head = `${endpointLabel(src)} -> ${target.label}${target.label === target.address ? '' : ` (${target.address})`}: `;
  const said = verdict === 'reached' ? 'reached' : verdict === 'silent' ? 'no answer' : `ping could not run: ${firstLine(r)}`;
  return { ok: verdict === 'reached', text: (verdict === 'broken' ? '' : r.stdout) + head + said + '\n' };
}

/** Run `task` over `items` with at most `limit` running at once. */
async function bounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Pings in flight at once on one host (each its own process there; over SSH each its own channel). */
export const PINGS_PER_HOST = 4;

export interface PingallResult {
  ok: boolean;
  text: string;
  sent: number;
  received: number;
}

/**
 * `pingall`: every endpoint with an address pings every other one's first address, once
 * (`ping -c 1 -W 1`), hosts in parallel, at most PINGS_PER_HOST at a time on each. Printed
 * as Mininet prints it: a row per source naming each target reached, X where not.
 */
export async function pingAll(model: Model, executorOf: ExecutorOf): Promise<PingallResult> {
  const eps = endpointsOf(model).filter((e) => e.addresses.length > 0);
  if (eps.length < 2) return { ok: false, text: 'pingall: fewer than two endpoints with an address in the model (give ports a peer and an address)\n', sent: 0, received: 0 };
  const labels = eps.map(endpointLabel);
  const cells = eps.map(() => eps.map(() => ''));
  const problems: string[] = [];
  const byHost = new Map<string, [number, number][]>();
  eps.forEach((s, i) => eps.forEach((_, j) => i !== j && byHost.set(s.host, [...(byHost.get(s.host) ?? []), [i, j]])));
  await Promise.all(
    [...byHost].map(([host, pairs]) =>
      bounded(pairs, PINGS_PER_HOST, async ([i, j]) => {
        let verdict: PingVerdict;
        try {
          const r = await executorOf(host).run(inEndpoint(eps[i]!, pingArgv(eps[j]!.addresses[0]!)));
          verdict = pingVerdict(r);
          if (verdict === 'broken') problems.push(`${labels[i]} -> ${labels[j]}: ping could not run: ${firstLine(r)}`);
        } catch (err) {
          verdict = 'broken';
          problems.push(`${labels[i]} -> ${labels[j]}: ${(err as Error).message}`);
        }
        cells[i]![j] = verdict === 'reached' ? labels[j]! : 'X';
      }),
    ),
  );
  const width = Math.max(...labels.map((l) => l.length));
  const sent = eps.length * (eps.length - 1);
  const received = cells.flat().filter((c) => c !== '' && c !== 'X').length;
  const rows = eps.map((_, i) => `${labels[i]!.padEnd(width)} -> ${cells[i]!.filter((_, j) => j !== i).map((c) => c.padEnd(width)).join(' ').trimEnd()}`);
  const dropped = Math.round((100 * (sent - received)) / sent);
  const text = [
    `*** Ping: testing reachability of ${eps.length} endpoints (ping -c 1 -W 1 each)`,
    ...rows,
    `*** Results: ${dropped}% dropped (${received}/${sent} received)`,
    ...problems.sort().map((p) => `  note: ${p}`),
    '',
  ].join('\n');
  return { ok: received === sent, text, sent, received };
}

/** `exec ENDPOINT -- CMD…`: run argv inside the endpoint on its host and return what it printed. */
export async function execIn(model: Model, executorOf: ExecutorOf, where: string, argv: readonly string[]): Promise<CommandResult | string> {
  if (argv.length === 0) return 'exec: which command? (exec ENDPOINT -- CMD…)';
  const e = resolveEndpoint(model, where);
  if (typeof e === 'string') return `exec: ${e}`;
  try {
    return await executorOf(e.host).run(inEndpoint(e, argv));
  } catch (err) {
    return `exec: cannot reach host '${e.host}': ${(err as Error).message}`;
  }
}
