/**
 * Runs the script's `expect reach|noreach NS@HOST IP` lines after apply. Each probe is the
 * bounded ping LANGUAGE.md names, from inside the namespace on its host
 * (`ip netns exec NS ping -c 1 -W 1 IP`), or from the host's root namespace for
 * `expect reach HOST IP` (a plain `ping -c 1 -W 1 IP`).
 *
 * `reach` waits for the path, within a bound: right after an apply the first packets through
 * a new path can be lost (ARP not yet resolved, OVS ports still coming up, an upcall still
 * being served, a bond or MAC table settling; after a large apply that took seconds), so
 * one ping keeps probing every 0.2 s and stops at the first answer or after
 * REACH_WINDOW_S seconds (`ping -c 1 -w`), in one round trip. A route not there yet
 * ("Network is unreachable") is retried within the same bound. `noreach` is one probe: an
 * answer is a failure at once, and repeating silence proves nothing more. A `noreach` that passes only because the source
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

/** How long `reach` waits for the first answer. */
export const REACH_WINDOW_S = 8;
/** Pause before trying again when the source has no route yet. */
const NO_ROUTE_PAUSE_MS = 250;

/** Where an expect line pings from, as people write it: `NS@HOST`, or `HOST` for its root namespace. */
export function expectSource(e: ExpectObj): string {
  return e.fromHost ? e.host : `${e.ns}@${e.host}`;
}

type Probe = { outcome: 'reached' | 'silent' | 'no-route' | 'broken'; detail: string };

/**
 * The ping's argv, inside the namespace or plain from the host's root namespace: one probe
 * waiting 1 s, or (window > 0) a probe every 0.2 s until the first answer or the window ends.
 */
function pingArgv(e: ExpectObj, target: string, windowS: number): string[] {
  const ping = windowS > 0 ? ['ping', '-c', '1', '-i', '0.2', '-w', String(windowS), target] : ['ping', '-c', '1', '-W', '1', target];
  return e.fromHost ? ping : ['ip', 'netns', 'exec', e.ns, ...ping];
}

async function probe(executor: Executor, e: ExpectObj, target: string, windowS: number): Promise<Probe> {
  const r = await executor.run({ argv: pingArgv(e, target, windowS) });
  if (r.code === 0) return { outcome: 'reached', detail: `reached ${target}` };
  if (r.code === 1) return { outcome: 'silent', detail: `no answer from ${target}` };
  // ping exits 2 on "connect: Network is unreachable": no route from the source, so not reached.
  if (/Network is unreachable/.test(r.stderr)) return { outcome: 'no-route', detail: `no route to ${target} from ${e.ns}` };
  return { outcome: 'broken', detail: `ping could not run (${r.stderr.trim().split('\n')[0] || `exit ${r.code}`})` };
}

async function runOne(e: ExpectObj, executor: Executor, reachWindowS: number): Promise<ExpectationResult> {
  const target = e.stmt.target.value;
  let last: Probe;
  if (e.stmt.reach) {
    const deadline = Date.now() + reachWindowS * 1000;
    for (;;) {
      const windowS = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      last = await probe(executor, e, target, windowS);
      if (last.outcome !== 'no-route' || Date.now() + NO_ROUTE_PAUSE_MS >= deadline) break;
      await new Promise((r) => setTimeout(r, NO_ROUTE_PAUSE_MS));
    }
  } else {
    last = await probe(executor, e, target, 0);
  }
  if (last.outcome === 'broken') return { expect: e, passed: false, detail: last.detail };
  const reached = last.outcome === 'reached';
  if (!e.stmt.reach && last.outcome === 'no-route') {
    return { expect: e, passed: true, detail: `passes only because ${e.ns} has no route to ${target}: this proves nothing about isolation` };
  }
  const detail = e.stmt.reach && !reached ? `${last.detail} within ${reachWindowS} s` : last.detail;
  return { expect: e, passed: reached === e.stmt.reach, detail };
}

/** Runs every expect line of the model, each on its host's executor, all at once. */
export async function runExpectations(model: Model, executorFor: (host: string) => Executor, reachWindowS = REACH_WINDOW_S): Promise<ExpectationResult[]> {
  return Promise.all(
    model.expects.map((e) => runOne(e, executorFor(e.host), reachWindowS).catch((err: unknown) => ({ expect: e, passed: false, detail: (err as Error).message }))),
  );
}
