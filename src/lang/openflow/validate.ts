/**
 * Offline validation of a flow's match and actions, as ovs-ofctl would read them (VN170):
 * every field and action known (fields.ts, actions.ts), values well formed, prerequisites
 * met (`nw_src` after `ip`). Problems carry the character range inside the string, so the
 * diagnostic points at the column of the mistake. Never throws.
 */
import { closest } from '../suggest.js';
import { ACTIONS, type ActionSpec } from './actions.js';
import { DEC, portProblem, valueProblem } from './values.js';
import { FIELDS, SHORTHANDS, STATEMENT_FIELDS, type FieldSpec, type Prereq } from './fields.js';

/** A mistake at [from, to) of the string. */
export interface FlowProblem {
  from: number;
  to: number;
  message: string;
  hint?: string;
}

/** One item of a comma list: its text and where it starts. */
export interface Item {
  text: string;
  at: number;
}

/** Whitespace as /\s/ reads it, without a regular expression for the ASCII characters. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** Split at top-level commas (and, in a match, blanks), keeping parentheses and brackets together. */
export function splitItems(s: string, blanks: boolean): Item[] {
  const out: Item[] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    let a = start;
    let b = end;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ text: s.slice(a, b), at: a });
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40 || c === 91) depth++; // ( [
    else if ((c === 41 || c === 93) && depth > 0) depth--; // ) ]
    else if (depth === 0 && (c === 44 || (blanks && isSpace(c)))) {
      push(i);
      start = i + 1;
    }
  }
  push(s.length);
  return out;
}

/** What the match says about the packet's protocol so far (for prerequisites). */
interface Proto {
  eth?: number;
  ipProto?: number;
}

function prereqMet(p: Prereq, proto: Proto): boolean {
  if (proto.eth === undefined || !p.eth.includes(proto.eth)) return false;
  return !('ipProto' in p) || (proto.ipProto !== undefined && p.ipProto.includes(proto.ipProto));
}

/** Problems of a match string. */
export function validateMatch(match: string): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const proto: Proto = {};
  const seen = new Map<string, number>();
  for (const item of splitItems(match, true)) {
    const eq = item.text.indexOf('=');
    const name = eq === -1 ? item.text : item.text.slice(0, eq);
    const value = eq === -1 ? undefined : item.text.slice(eq + 1);
    const nameAt = { from: item.at, to: item.at + name.length };
    const valueAt = { from: item.at + eq + 1, to: item.at + item.text.length };
    if (value === undefined) {
      const sh = SHORTHANDS[name];
      if (sh) {
        if (sh.eth !== undefined) proto.eth = sh.eth;
        if (sh.proto !== undefined) proto.ipProto = sh.proto;
        continue;
      }
      const field = FIELDS[name];
      const guess = closest(name, [...Object.keys(SHORTHANDS), ...Object.keys(FIELDS)]);
      problems.push(field ? { ...nameAt, message: `match field '${name}' needs a value ('${name}=…')` } : { ...nameAt, message: `unknown match '${name}'`, ...(guess ? { hint: `did you mean '${guess}'?` } : {}) });
      continue;
    }
    if (STATEMENT_FIELDS[name]) {
      problems.push({ ...nameAt, message: `'${name}' does not belong in the match`, hint: STATEMENT_FIELDS[name] });
      continue;
    }
    const spec: FieldSpec | undefined = FIELDS[name];
    if (!spec) {
      const guess = closest(name, Object.keys(FIELDS));
      problems.push({ ...nameAt, message: `unknown match field '${name}'`, hint: guess ? `did you mean '${guess}'?` : 'see ovs-fields(7) for the fields OpenFlow matches on' });
      continue;
    }
    const canonical = spec.canonical ?? name;
    const before = seen.get(canonical);
    if (before !== undefined) problems.push({ ...nameAt, message: `field '${name}' is matched twice`, hint: 'a packet has one value per field: keep one' });
    seen.set(canonical, item.at);
    const bad = valueProblem(spec.shape, value);
    if (bad) {
      problems.push({ ...valueAt, message: bad });
      continue;
    }
    if (spec.prereq && !prereqMet(spec.prereq, proto)) {
      problems.push({ ...nameAt, message: `'${name}' needs ${spec.prereq.what} earlier in the match`, hint: `OpenFlow only reads ${name} of packets of that protocol: write e.g. '${prereqExample(spec.prereq)},${item.text}'` });
      continue;
    }
    if (canonical === 'dl_type') proto.eth = Number(BigInt(value));
    if (canonical === 'nw_proto') proto.ipProto = Number(BigInt(value));
  }
  return problems;
}

function prereqExample(p: Prereq): string {
  return p.what.split(/[',]| or /).map((s) => s.trim()).find((s) => s !== '') ?? 'ip';
}

/** The Ethernet type a match names (a shorthand or dl_type), for the actions that need one. */
export function ethOf(match: string): number | undefined {
  let eth: number | undefined;
  for (const { text } of splitItems(match, true)) {
    const sh = SHORTHANDS[text];
    if (sh?.eth !== undefined) eth = sh.eth;
    const m = /^(dl_type|eth_type)=(0x[0-9a-fA-F]+|\d+)$/.exec(text);
    if (m) eth = Number(BigInt(m[2]!));
  }
  return eth;
}

/** Actions that only apply to IP packets: ovs-ofctl refuses them after a match that does not say ip or ipv6. */
const NEEDS_IP = new Set(['ct', 'mod_nw_src', 'mod_nw_dst', 'mod_nw_tos', 'mod_nw_ecn', 'mod_nw_ttl', 'dec_ttl']);

/** Problems of an actions string (`match`: for the actions that need the match to name a protocol). */
export function validateActions(actions: string, match?: string): FlowProblem[] {
  const items = splitItems(actions, false);
  const problems: FlowProblem[] = [];
  if (items.length === 0) return [{ from: 0, to: actions.length, message: 'no actions: write "drop" to drop packets explicitly' }];
  let eth: { of: number | undefined } | undefined; // ethOf(match), read once if an action needs it
  for (const item of items) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(item.text);
    if (!m) {
      // A bare number is `output:N`.
      if (DEC.test(item.text)) {
        const bad = portProblem(item.text);
        if (bad) problems.push({ from: item.at, to: item.at + item.text.length, message: bad });
        continue;
      }
      problems.push({ from: item.at, to: item.at + item.text.length, message: `'${item.text}' is not an action` });
      continue;
    }
    const [, rawName, rest] = m as unknown as [string, string, string];
    const name = rawName.toLowerCase();
    const spec: ActionSpec | undefined = ACTIONS[name];
    const nameAt = { from: item.at, to: item.at + rawName.length };
    if (!spec) {
      const guess = closest(name, Object.keys(ACTIONS));
      problems.push({ ...nameAt, message: `unknown action '${rawName}'`, hint: guess ? `did you mean '${guess}'?` : 'see ovs-actions(7) for the actions Open vSwitch knows' });
      continue;
    }
    if (match !== undefined && NEEDS_IP.has(name) && ![0x0800, 0x86dd].includes((eth ??= { of: ethOf(match) }).of!)) {
      problems.push({ ...nameAt, message: `'${rawName}' needs the match to say 'ip' or 'ipv6'`, hint: 'it works on IP headers: add ip (or ipv6) to the match' });
      continue;
    }
    if (match !== undefined && (name === 'pop_vlan' || name === 'strip_vlan') && !/(^|[,\s])(dl_vlan|vlan_vid|vlan_tci|dl_vlan_pcp|vlan_pcp)=/.test(match)) {
      problems.push({ ...nameAt, message: `'${rawName}' needs the match to say the packet has a VLAN tag`, hint: "OpenFlow 1.1+ (which vsh's bundles use) refuses it otherwise: add e.g. 'vlan_tci=0x1000/0x1000' (any tag) or 'dl_vlan=10' to the match" });
      continue;
    }
    if (name === 'drop' && items.length > 1) problems.push({ ...nameAt, message: `'drop' must be the only action`, hint: 'leave it out: a flow whose actions do not output the packet drops it anyway' });
    const bad = spec.check(rest);
    if (bad) problems.push({ from: item.at + rawName.length + (bad.at ?? 0), to: item.at + item.text.length, message: `${rawName}: ${bad.message}`, ...(bad.hint ? { hint: bad.hint } : {}) });
  }
  return problems;
}
