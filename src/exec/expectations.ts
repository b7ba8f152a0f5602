/**
 * Runs the script's `expect reach|noreach NS@HOST IP` lines after apply. Each probe is the
 * bounded ping LANGUAGE.md names, from inside the namespace on its host
 * (`ip netns exec NS ping -c 1 -W 1 IP`), or from the host's root namespace for
 * `expect reach HOST IP` (a plain `ping -c 1 -W 1 IP`).
 *
 * `reach` gets up to REACH_ATTEMPTS probes and passes on the first answer: right after an
 * apply the first packet through a new path can be lost (ARP not yet resolved, an OVS
 * upcall still being served, a bond or MAC table still settling), and an engineer checking
 * by hand would simply ping again. `noreach` is one probe: an answer is a failure at once,
 * and repeating silence proves nothing more. A `noreach` that passes only because the source
 * has no route at all ("Network is unreachable") says so: it proves nothing about isolation.
 */
import type { ExpectObj, Model } from '../lang/model.js';
import type { Executor } from './executor.js';

export interface ExpectationResult {
  expect: ExpectObj;
  passed: boolean;
  /** What happened, e.g. "reached 10.0.10.2" or "no answer from 10.0.10.2". */
  detail: string;
}

export const REACH_ATTEMPTS = 3;

/** Where an expect line pings from, as people write it: `NS@HOST`, or `HOST` for its root namespace. */
export function expectSource(e: ExpectObj): string {
  return e.fromHost ? e.host : `${e.ns}@${e.host}`;
}

type Probe = { outcome: 'reached' | 'silent' | 'no-route' | 'broken'; detail: string };

/** The ping's argv: inside the namespace, or plain from the host's root namespace. */
function pingArgv(e: ExpectObj, target: string): string[] {
  const ping = ['ping', '-c', '1', '-W', '1', target];
  return e.fromHost ? ping : ['ip', 'netns', 'exec', e.ns, ...ping];
}

async function probe(executor: Executor, e: ExpectObj, target: string): Promise<Probe> {
  const r = await executor.run({ argv: pingArgv(e, target) });
  if (r.code === 0) return { outcome: 'reached', detail: `reached ${target}` };
  if (r.code === 1) return { outcome: 'silent', detail: `no answer from ${target}` };
  // ping exits 2 on "connect: Network is unreachable": no route from the source, so not reached.
  if (/Network is unreachable/.test(r.stderr)) return { outcome: 'no-route', detail: `no route to ${target} from ${e.ns}` };
  return { outcome: 'broken', detail: `ping could not run (${r.stderr.trim().split('\n')[0] || `exit ${r.code}`})` };
}

async function runOne(e: ExpectObj, executor: Executor): Promise<ExpectationResult> {
  const target = e.stmt.target.value;
  const attempts = e.stmt.reach ? REACH_ATTEMPTS : 1;
  let last: Probe = { outcome: 'broken', detail: 'not run' };
  for (let i = 1; i <= attempts; i++) {
    last = await probe(executor, e, target);
    if (last.outcome !== 'silent' && last.outcome !== 'no-route') break;
  }
  if (last.outcome === 'broken') return { expect: e, passed: false, detail: last.detail };
  const reached = last.outcome === 'reached';
  if (!e.stmt.reach && last.outcome === 'no-route') {
    return { expect: e, passed: true, detail: `passes only because ${e.ns} has no route to ${target}: this proves nothing about isolation` };
  }
  const detail = e.stmt.reach && !reached ? `${last.detail} (${attempts} tries)` : last.detail;
  return { expect: e, passed: reached === e.stmt.reach, detail };
}

/** Runs every expect line of the model, each on its host's executor, all at once. */
export async function runExpectations(model: Model, executorFor: (host: string) => Executor): Promise<ExpectationResult[]> {
  return Promise.all(
    model.expects.map((e) => runOne(e, executorFor(e.host)).catch((err: unknown) => ({ expect: e, passed: false, detail: (err as Error).message }))),
  );
}
