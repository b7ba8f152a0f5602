/**
 * VN172: two flows on one bridge and table with the same priority and match. OpenFlow
 * keeps one of them (the later add replaces the earlier), so the first is dead text; vsh
 * installs the last one, as ovs-ofctl would.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { normalizeMatch } from '../openflow/normalize.js';
import type { FlowObj } from '../model.js';
import type { CheckRule } from './rule.js';

/** Identity of a flow for OpenFlow: host, bridge, table, priority, canonical match (kept per flow: VN172 and the plan both ask). */
export function flowIdentity(f: FlowObj): string {
  let id = identities.get(f);
  if (id === undefined) {
    id = `${f.host}/${f.bridge}/${f.table}/${f.priority}/${normalizeMatch(f.match)}`;
    identities.set(f, id);
  }
  return id;
}
const identities = new WeakMap<FlowObj, string>();

export const flowDuplicates: CheckRule = {
  id: 'flow-duplicates',
  codes: ['VN172'],
  check({ model }) {
    const first = new Map<string, FlowObj>();
    const out: Diagnostic[] = [];
    for (const f of model.flows) {
      const key = flowIdentity(f);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, f);
        continue;
      }
      const same = earlier.actions === f.actions;
      out.push(
        diag('VN172', f.stmt.match.span, `two flows on ${f.bridge}@${f.host} table ${f.table} with priority ${f.priority} and the same match "${f.match}"`, {
          hint: same ? 'the same rule twice: remove one' : `OpenFlow keeps only one: this one ("${f.actions}") replaces the earlier ("${earlier.actions}"); give one a higher priority or remove it`,
          related: [{ span: earlier.stmt.span, message: 'the earlier flow' }],
        }),
      );
    }
    return out;
  },
};
