/**
 * The model's flows against the project's flows read from each bridge → one step per
 * bridge whose flows differ: ONE `ovs-ofctl --bundle add-flows BR -` with a line per flow
 * change on stdin (OpenFlow 1.4 bundles are atomic: the switch applies all of them or, if
 * it rejects one, none). Flows are told apart by cookie (flow-cookie.ts): a wanted cookie
 * that is there is kept, one that is not is added, a project cookie the model no longer
 * wants is deleted by its exact cookie. A changed flow whose table, priority and match stay
 * is one `add` line (OpenFlow replaces the flow with the same match). Other cookies — the
 * bridge's own `priority=0 actions=NORMAL`, other projects' rules — are never named.
 */
import type { FlowObj } from '../../lang/model.js';
import { flowIdentity } from '../../lang/checks/flow-duplicates.js';
import { normalizeMatch } from '../../lang/openflow/normalize.js';
import type { Command } from '../../exec/command.js';
import { PHASE, type HostView, type Step } from '../backend.js';
import { flowCookie, hex } from './flow-cookie.js';
import { flowText, type FlowsRead, type LiveFlow } from './flows-read.js';
import { isOwnedBy, type OvsState } from './state.js';

/** A wanted flow with its cookie. */
interface WantFlow extends LiveFlow {
  obj: FlowObj;
}

/** The model's flows on this host, by bridge; of two with one identity the later wins (VN172), as in OpenFlow. */
export function wantedFlows(view: HostView): Map<string, WantFlow[]> {
  const byId = new Map<string, WantFlow>();
  for (const obj of view.model.flows) {
    if (obj.host !== view.name) continue;
    const key = flowIdentity(obj);
    byId.delete(key);
    byId.set(key, { obj, cookie: flowCookie(view.project, obj), table: obj.table, priority: obj.priority, match: obj.match, actions: obj.actions });
  }
  const out = new Map<string, WantFlow[]>();
  for (const f of byId.values()) {
    const list = out.get(f.obj.bridge);
    if (list) list.push(f);
    else out.set(f.obj.bridge, [f]);
  }
  return out;
}

/** The one command that applies a bundle of flow-mod lines to a bridge. */
export function bundle(bridge: string, lines: readonly string[]): Command {
  return { argv: ['ovs-ofctl', '--bundle', 'add-flows', bridge, '-'], stdin: lines.join('\n') + '\n', batch: 'alone' };
}

const addLine = (f: LiveFlow): string => `add ${flowText(f)}`;
const deleteLine = (f: LiveFlow): string => `delete table=${f.table},cookie=${hex(f.cookie)}/-1`;
const shown = (f: LiveFlow): string => `table=${f.table} priority=${f.priority} ${f.match === '' ? '(all)' : f.match} actions=${f.actions}`;

/** Flows with one rule key are the same rule for OpenFlow (an `add` of one replaces the other). */
const ruleKey = (f: LiveFlow): string => `${f.table}/${f.priority}/${normalizeMatch(f.match)}`;

/** The step for one bridge: removals, changes and additions, all in one bundle; undefined when nothing differs. */
function bridgeStep(view: HostView, bridge: string, want: readonly WantFlow[], live: readonly LiveFlow[], why: 'apply' | 'destroy'): Step | undefined {
  const wanted = new Set(want.map((f) => f.cookie));
  const have = new Set(live.map((f) => f.cookie));
  const stale = live.filter((f) => !wanted.has(f.cookie));
  const fresh = want.filter((f) => !have.has(f.cookie));
  if (stale.length === 0 && fresh.length === 0) return undefined;
  // A fresh flow with the table, priority and match of a stale one replaces it with one `add`
  // (the first stale one of that rule, in the order the bridge listed them).
  const replaced = new Map<WantFlow, LiveFlow>();
  const left = new Set(stale);
  const staleByRule = new Map<string, LiveFlow[]>();
  for (const s of stale) {
    const list = staleByRule.get(ruleKey(s));
    if (list) list.push(s);
    else staleByRule.set(ruleKey(s), [s]);
  }
  for (const f of fresh) {
    const old = staleByRule.get(ruleKey(f))?.shift();
    if (old) {
      replaced.set(f, old);
      left.delete(old);
    }
  }
  const lines: string[] = [];
  const undo: string[] = [];
  const undoAdds: string[] = []; // deleted first by the undo, last added first
  const changes: string[] = [];
  for (const f of left) {
    lines.push(deleteLine(f));
    undo.push(addLine(f));
    changes.push(`- ${shown(f)}`);
  }
  for (const f of fresh) {
    lines.push(addLine(f));
    const old = replaced.get(f);
    if (old) {
      undo.push(addLine(old));
      changes.push(`~ ${shown(old)} -> actions=${f.actions}`);
    } else {
      undoAdds.push(deleteLine(f));
      changes.push(`+ ${shown(f)}`);
    }
  }
  const action = fresh.length === 0 ? '-' : stale.length === 0 ? '+' : '~';
  const span = want[0]?.obj.stmt.span;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const explain =
    why === 'destroy'
      ? `Removes this project's ${n(stale.length, 'OpenFlow rule')} from ${bridge} in one atomic bundle, selected by exact cookie: the bridge's own NORMAL flow and other projects' rules stay.`
      : `Installs the bridge's OpenFlow rules as one atomic bundle (ovs-ofctl --bundle: all of them or none): ${[
          fresh.length - replaced.size > 0 ? n(fresh.length - replaced.size, 'rule') + ' added' : '',
          replaced.size > 0 ? n(replaced.size, 'rule') + ' replaced in place' : '',
          left.size > 0 ? n(left.size, 'rule') + ' the model no longer has removed' : '',
        ].filter(Boolean).join(', ')}. Each carries this project's cookie, so vsh finds exactly its own rules again; the bridge's own priority-0 NORMAL flow and other cookies are left alone.`;
  return {
    host: view.name,
    backend: 'ovs',
    action,
    object: `flows on ${bridge}`,
    phase: PHASE.flows,
    commands: [bundle(bridge, lines)],
    undo: [bundle(bridge, [...undoAdds.reverse(), ...undo])],
    explain,
    changes,
    look: { argv: ['ovs-ofctl', '--no-stats', 'dump-flows', bridge] },
    ...(span ? { span } : {}),
  };
}

/** Steps that make every bridge's project flows the model's. Bridges this plan deletes take their flows along. */
export function planFlows(view: HostView, read: FlowsRead | undefined, state: OvsState): Step[] {
  const want = wantedFlows(view);
  const declared = new Set([...view.model.bridges.values()].filter((b) => b.host === view.name).map((b) => b.name));
  const steps: Step[] = [];
  const bridges = new Set([...want.keys(), ...(read?.flows.keys() ?? [])]);
  for (const bridge of bridges) {
    if (read?.failed.includes(bridge)) continue;
    const live = read?.flows.get(bridge) ?? [];
    if (!want.has(bridge) && !declared.has(bridge) && isOwnedBy(state.bridges.get(bridge), view.project)) continue;
    const step = bridgeStep(view, bridge, want.get(bridge) ?? [], live, 'apply');
    if (step) steps.push(step);
  }
  return steps;
}

/** Steps that remove the project's flows from the bridges the model declares flows on. */
export function destroyFlows(view: HostView, read: FlowsRead | undefined): Step[] {
  const want = wantedFlows(view);
  return [...want.keys()].flatMap((bridge) => {
    const live = read?.flows.get(bridge) ?? [];
    const step = live.length > 0 ? bridgeStep(view, bridge, [], live, 'destroy') : undefined;
    return step ? [{ ...step, ...(want.get(bridge)?.[0] ? { span: want.get(bridge)![0]!.obj.stmt.span } : {}) }] : [];
  });
}
