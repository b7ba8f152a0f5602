/** `flow on BRIDGE[@HOST] [table INT] [priority INT] match "…" actions "…"`: one OpenFlow rule on an OVS bridge. */
import type { FlowStmt } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';

/** ovs-ofctl's default priority when a flow names none. */
export const DEFAULT_PRIORITY = 32768;

export const buildFlow: Build = (b, base) => {
  const match = b.text('match');
  const actions = b.text('actions');
  if (!match || !actions) return undefined;
  return { kind: 'flow', ...base, on: b.onRef(), table: b.int('table'), priority: b.int('priority'), match, actions };
};

/** What a flow's actions do, in words (the common ones; the rest are named as written). */
function actionWords(actions: string): string {
  const a = actions.trim().toLowerCase();
  if (a === 'drop') return 'drops it (no output: the packet goes nowhere)';
  if (a === 'normal') return "hands it to NORMAL: the switch's ordinary MAC-learning layer-2 forwarding, with VLANs, as if there were no flow";
  if (/^(output:)?\d+$/.test(a)) return `sends it out of OpenFlow port ${a.replace('output:', '')}`;
  if (a.startsWith('resubmit') || a.startsWith('goto_table')) return `passes it on to another table (${actions})`;
  return `applies the actions ${actions}, in order`;
}

export const flow: Kind<FlowStmt> = {
  place(s, r) {
    const ctx = r.ctx;
    if (s.on) {
      const host = s.on.host?.value ?? ctx.host;
      if (!host) return r.noContext(s.span, 'host', `write 'on ${s.on.name.value}@HOST', or 'use HOST' first`);
      return r.place({ stmt: s, host, bridge: s.on.name.value });
    }
    if (!ctx.bridge || !ctx.host) return r.noContext(s.span, 'bridge', `add 'on BRIDGE' (or 'on BRIDGE@HOST'), or declare the bridge first`);
    r.place({ stmt: s, host: ctx.host, bridge: ctx.bridge });
  },
  resolve({ stmt: s, host, bridge }, r) {
    const span = s.on?.span ?? s.span;
    if (!r.knownHost(host!, s.on?.host?.span ?? span)) return;
    if (!r.knownBridge(host!, bridge!, s.on?.name.span ?? span)) return;
    r.model.flows.push({
      stmt: s, host: host!, bridge: bridge!, table: s.table?.value ?? 0, priority: s.priority?.value ?? DEFAULT_PRIORITY,
      match: s.match.value.trim(), actions: s.actions.value.trim(),
    });
  },
  concept(s) {
    const table = s.table?.value ?? 0;
    const priority = s.priority?.value ?? DEFAULT_PRIORITY;
    const match = s.match.value.trim();
    return (
      `An OpenFlow rule ("flow") on an Open vSwitch bridge: every packet entering the bridge is looked up in table 0, and the highest-priority flow whose match fits decides its fate. ` +
      `This one sits in table ${table}${table > 0 ? ' (reached only from a resubmit or goto_table of an earlier table)' : ''} with priority ${priority} (higher wins; 0-65535), ` +
      `matches ${match === '' ? 'every packet' : `packets with ${match}`} and ${actionWords(s.actions.value)}. ` +
      `A new OVS bridge has one flow of its own, priority 0 actions=NORMAL, so everything no rule catches is switched normally; vsh leaves that flow and every other rule alone. ` +
      `vsh marks its flows with a cookie (a 64-bit tag OpenFlow stores with each flow) whose upper half comes from the project and lower half from the flow itself, so it can find, compare and remove exactly its own (ovs-ofctl dump-flows BR cookie=C/MASK).`
    );
  },
  lower: ['ovs'],
  example: 'flow on br-int@hostA table 0 priority 200 match "ip,nw_src=10.0.10.2,nw_dst=10.0.20.0/24" actions "drop"',
};
