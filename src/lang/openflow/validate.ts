/**
 * Offline validation of a flow's match and actions, as ovs-ofctl would read them (VN170):
 * every field and action known (fields.ts, actions.ts), values well formed, prerequisites
 * met (`nw_src` after `ip`). Problems carry the character range inside the string, so the
 * diagnostic points at the column of the mistake. Never throws.
 */
import { parseIpv4 } from '../ip.js';
import { closest } from '../suggest.js';
import { ACTIONS, type ActionSpec } from './actions.js';
import { FIELDS, RESERVED_PORTS, SHORTHANDS, STATEMENT_FIELDS, type FieldSpec, type Prereq, type ValueShape } from './fields.js';

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

/** Split at top-level commas (and, in a match, blanks), keeping parentheses and brackets together. */
export function splitItems(s: string, blanks: boolean): Item[] {
  const out: Item[] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const raw = s.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim() !== '') out.push({ text: raw.trim(), at: start + lead });
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && (c === ',' || (blanks && /\s/.test(c)))) {
      push(i);
      start = i + 1;
    }
  }
  push(s.length);
  return out;
}

const PORT_NAME = /^[A-Za-z0-9_.@+-]{1,15}$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const DEC = /^[0-9]+$/;

/** A number as ovs-ofctl reads it (decimal or 0x hex) that fits `bits`; undefined if not. */
export function readInt(text: string, bits: number): bigint | undefined {
  if (!DEC.test(text) && !HEX.test(text)) return undefined;
  const n = BigInt(text);
  return n < 1n << BigInt(bits) ? n : undefined;
}

/** Why a port is not one ovs-ofctl reads (a number, a reserved port, a port name), or undefined. */
export function portProblem(v: string): string | undefined {
  if (DEC.test(v)) return Number(v) > 0xffff ? `port number ${v} is out of range` : undefined;
  if (RESERVED_PORTS.includes(v) || PORT_NAME.test(v)) return undefined;
  return `'${v}' is not a port number or a port name`;
}

function ipv4Problem(v: string): string | undefined {
  const [addr, mask, more] = v.split('/');
  if (more !== undefined || parseIpv4(addr!) === undefined) return `'${v}' is not an IPv4 address (A.B.C.D or A.B.C.D/N)`;
  if (mask === undefined) return undefined;
  if (DEC.test(mask)) return Number(mask) <= 32 ? undefined : `prefix /${mask} is longer than 32`;
  return parseIpv4(mask) === undefined ? `'${mask}' is not a prefix length or an IPv4 mask` : undefined;
}

function ipv6Problem(v: string): string | undefined {
  const [addr, mask] = v.split('/');
  const ok = /^[0-9a-fA-F:.]+$/.test(addr!) && addr!.includes(':') && (addr!.match(/::/g) ?? []).length <= 1;
  if (!ok) return `'${v}' is not an IPv6 address`;
  if (mask !== undefined && !(DEC.test(mask) && Number(mask) <= 128)) return `'/${mask}' is not an IPv6 prefix length`;
  return undefined;
}

/** Why `v` is not a value of that shape, or undefined. */
export function valueProblem(shape: ValueShape, v: string): string | undefined {
  if (v === '') return 'the value is missing';
  switch (shape.kind) {
    case 'port':
      return portProblem(v);
    case 'mac': {
      const [mac, mask, more] = v.split('/');
      if (more !== undefined || !MAC.test(mac!) || (mask !== undefined && !MAC.test(mask))) return `'${v}' is not a MAC address (xx:xx:xx:xx:xx:xx[/mask])`;
      return undefined;
    }
    case 'ipv4':
      return ipv4Problem(v);
    case 'ipv6':
      return ipv6Problem(v);
    case 'int': {
      const [n, mask, more] = v.split('/');
      if (more !== undefined || (mask !== undefined && !shape.masked)) return `'${v}': this field takes no /mask`;
      for (const part of mask === undefined ? [n!] : [n!, mask]) {
        if (readInt(part, shape.bits) === undefined) return `'${part}' is not a number that fits in ${shape.bits} bits (decimal or 0x hex)`;
      }
      return undefined;
    }
    case 'enum':
      return shape.values.includes(v) ? undefined : `'${v}' is not one of ${shape.values.join(', ')}`;
    case 'flags': {
      const words = v.split(/[+\-|]/).filter((w) => w !== '');
      const bad = words.find((w) => !shape.values.includes(w));
      return words.length === 0 || bad !== undefined ? `'${bad ?? v}' is not one of ${shape.values.join(', ')} (write +flag-flag)` : undefined;
    }
  }
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
    const eth = match === undefined ? undefined : ethOf(match);
    if (match !== undefined && NEEDS_IP.has(name) && eth !== 0x0800 && eth !== 0x86dd) {
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
