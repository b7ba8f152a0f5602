/** A trace as a short story for people: per hop the bridge, VLAN, rules hit and where the packet goes. */
import type { Outcome, TraceHop, TracedRule, TraceResult } from './trace.js';

/** One rule hit, with whose it is. */
export function ruleLine(r: TracedRule): string {
  if (r.priority === undefined) return `table ${r.table}: no rule matched (table miss)`;
  const what = `table ${r.table}, priority ${r.priority}${r.match ? `, ${r.match}` : ', every packet'}`;
  const acts = r.actions.filter((a) => !a.startsWith('->')).join(', ');
  const owner =
    r.owner.kind === 'model'
      ? `your rule, ${r.owner.file}:${r.owner.line}: ${r.owner.text}`
      : r.owner.kind === 'bridge-default'
        ? "the bridge's own flow: NORMAL = ordinary MAC-learning switching"
        : r.owner.kind === 'other-project'
          ? `another vsh project's rule (cookie 0x${(r.cookie ?? 0n).toString(16)})`
          : `a rule vsh did not make (cookie 0x${(r.cookie ?? 0n).toString(16)})`;
  return `${what} -> ${acts || '(no actions)'}   [${owner}]`;
}

function outcomeLine(o: Outcome, bridge: string): string {
  switch (o.kind) {
    case 'delivered':
      return `delivered: out of ${o.ports.map((p) => `${p.name}${p.ns ? ` -> namespace ${p.ns}@${p.host}` : p.name === bridge ? ` (the host's own interface on the bridge)` : ''}`).join(', ')}`;
    case 'tunnel':
      return `leaves by tunnel ${o.port ?? '?'}${o.type ? ` (${o.type}${o.key !== undefined ? `, key/VNI ${o.key}` : ''})` : ''} to ${o.remote}${o.nextHost ? ` = ${o.nextHost}` : ''}`;
    case 'dropped':
      return `DROPPED${o.rule && o.rule.priority !== undefined ? ` by table ${o.rule.table} priority ${o.rule.priority}${o.rule.owner.kind === 'model' ? ` (${o.rule.owner.file}:${o.rule.owner.line})` : ''}` : ''}: ${o.why}`;
    case 'not-traced':
      return `not traced: ${o.why}`;
  }
}

function hopText(h: TraceHop, i: number): string[] {
  const out = [`${i + 1}. ${h.host} ${h.bridge} (${h.bridgeKind === 'ovs' ? 'Open vSwitch' : 'Linux bridge'}): in on ${h.inPort}, ${h.vlan}`];
  for (const r of h.rules) {
    out.push(`     rule: ${ruleLine(r)}`);
    for (const note of r.actions.filter((a) => a.startsWith('->'))) out.push(`           ${note}`);
  }
  for (const o of h.outcomes) out.push(`   => ${outcomeLine(o, h.bridge)}`);
  return out;
}

/** The whole story. */
export function renderTrace(t: TraceResult): string {
  const p = t.packet;
  const what = `${p.proto}${p.port !== undefined ? ` port ${p.port}` : ''}`;
  const lines = [`trace ${what} from ${p.from} (${p.srcIp}, ${p.srcMac ?? '?'}) to ${p.dstIp} (${p.dstMac ?? 'ff:ff:ff:ff:ff:ff'})`];
  for (const n of t.notes) lines.push(`   note: ${n}`);
  t.hops.forEach((h, i) => lines.push(...hopText(h, i)));
  const last = t.hops.at(-1)?.outcomes ?? [];
  const verdict = last.find((o) => o.kind === 'dropped')
    ? 'The packet is dropped.'
    : last.some((o) => o.kind === 'delivered')
      ? 'The packet is delivered.'
      : last.some((o) => o.kind === 'not-traced')
        ? 'The rest of the path is not traced.'
        : 'The packet leaves the traced bridges.';
  lines.push(verdict);
  return lines.join('\n') + '\n';
}

/** JSON of a trace (bigint cookies as hex). */
export function traceJson(t: TraceResult): string {
  return JSON.stringify(t, (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v));
}
