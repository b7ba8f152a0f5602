/**
 * Runs the script's `expect reach|noreach NS@HOST IP` lines after apply: one bounded ping
 * from inside the namespace on its host (`ip netns exec NS ping -c 1 -W 1 IP`).
 */
import type { ExpectObj, Model } from '../lang/model.js';
import type { Executor } from './executor.js';

export interface ExpectationResult {
  expect: ExpectObj;
  passed: boolean;
  /** What happened, e.g. "reached 10.0.10.2" or "no answer from 10.0.10.2". */
  detail: string;
}

export async function runExpectations(model: Model, executorFor: (host: string) => Executor): Promise<ExpectationResult[]> {
  return Promise.all(
    model.expects.map(async (e) => {
      const target = e.stmt.target.value;
      try {
        const r = await executorFor(e.host).run({ argv: ['ip', 'netns', 'exec', e.ns, 'ping', '-c', '1', '-W', '1', target] });
        const reached = r.code === 0;
        const detail =
          r.code === 0 ? `reached ${target}` : r.code === 1 ? `no answer from ${target}` : `ping could not run (${r.stderr.trim().split('\n')[0] || `exit ${r.code}`})`;
        return { expect: e, passed: r.code <= 1 && reached === e.stmt.reach, detail };
      } catch (err) {
        return { expect: e, passed: false, detail: (err as Error).message };
      }
    }),
  );
}
