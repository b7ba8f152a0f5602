/**
 * The actions of ovs-actions(7) that vsh validates offline: for each, how its argument is
 * written (`output:PORT`, `resubmit(,T)`, `set_field:V->F` …). Actions with a structured
 * argument of their own language (`learn(…)`, `ct(…)`) are checked for their parentheses
 * only and passed through to ovs-ofctl, which the atomic bundle lets refuse them safely.
 */
import { parseIpv4 } from '../ip.js';
import { FIELDS } from './fields.js';
import { portProblem, readInt, valueProblem } from './values.js';

/** What is wrong with an action's argument, `at` characters after the action's name. */
export interface ArgProblem {
  message: string;
  at?: number;
  hint?: string;
}

export interface ActionSpec {
  /** `rest` is what follows the action's name: '', ':ARG' or '(ARGS)'. */
  check(rest: string): ArgProblem | undefined;
}

const none: ActionSpec = { check: (r) => (r === '' ? undefined : { message: 'takes no argument' }) };

/** `:ARG` (or `(ARG)`), checked by `arg`. */
const colon = (what: string, arg: (v: string) => string | undefined, optional = false): ActionSpec => ({
  check(r) {
    if (r === '' && optional) return undefined;
    const m = /^:(.*)$/s.exec(r) ?? /^\((.*)\)$/s.exec(r);
    if (!m) return { message: `needs ${what} (write ':${what}')` };
    const bad = arg(m[1]!);
    return bad ? { message: bad, at: 1 } : undefined;
  },
});

/** `(…)` with balanced parentheses, passed through. */
const parens = (optional = false): ActionSpec => ({
  check(r) {
    if (r === '' && optional) return undefined;
    if (!/^\(.*\)$/s.test(r)) return { message: 'needs its arguments in parentheses' };
    let depth = 0;
    for (const c of r) {
      depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (depth < 0) break;
    }
    return depth === 0 ? undefined : { message: 'unbalanced parentheses' };
  },
});

const int = (bits: number, max?: number) => (v: string) => {
  const n = readInt(v, bits);
  return n === undefined || (max !== undefined && n > BigInt(max)) ? `'${v}' is not a number from 0 to ${max ?? `2^${bits}-1`}` : undefined;
};
const mac = (v: string) => valueProblem({ kind: 'mac' }, v);
const ipv4 = (v: string) => (parseIpv4(v) === undefined ? `'${v}' is not an IPv4 address` : undefined);
const port = (v: string) => (/\[/.test(v) ? undefined : portProblem(v));

/** A field reference `NAME[]`, `NAME[a..b]` or `NXM_…[…]`. */
function fieldRef(v: string): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[(\d+(\.\.\d+)?)?\])?$/.exec(v);
  if (!m) return `'${v}' is not a field reference (FIELD[] or FIELD[a..b])`;
  const name = m[1]!;
  if (/^(NXM|OXM)_/.test(name) || FIELDS[name]) return undefined;
  return `unknown field '${name}'`;
}

/** `VALUE->FIELD` with the value checked against the field (set_field). */
function setField(v: string): string | undefined {
  const i = v.lastIndexOf('->');
  if (i === -1) return `write VALUE->FIELD, e.g. set_field:10.0.0.1->nw_dst`;
  const [value, field] = [v.slice(0, i), v.slice(i + 2)];
  const spec = FIELDS[field.replace(/\[\]$/, '')];
  if (!spec) return `unknown field '${field}'`;
  return valueProblem(spec.shape, value);
}

function load(v: string): string | undefined {
  const i = v.lastIndexOf('->');
  if (i === -1) return 'write VALUE->FIELD[…], e.g. load:1->reg0[]';
  if (readInt(v.slice(0, i), 64) === undefined) return `'${v.slice(0, i)}' is not a number`;
  return fieldRef(v.slice(i + 2));
}

function move(v: string): string | undefined {
  const i = v.indexOf('->');
  if (i === -1) return 'write SRC[…]->DST[…], e.g. move:reg0[]->reg1[]';
  return fieldRef(v.slice(0, i)) ?? fieldRef(v.slice(i + 2));
}

function resubmitArgs(v: string): string | undefined {
  const [p, t, ct, more] = v.split(',');
  if (more !== undefined || (ct !== undefined && ct !== 'ct')) return 'write resubmit(PORT,TABLE) (either may be empty)';
  if (p !== '' && p !== undefined) {
    const bad = portProblem(p);
    if (bad) return bad;
  }
  if (t !== undefined && t !== '') return int(8, 254)(t);
  return undefined;
}

const resubmit: ActionSpec = {
  check(r) {
    const paren = /^\((.*)\)$/s.exec(r);
    if (paren) {
      const bad = resubmitArgs(paren[1]!);
      return bad ? { message: bad, at: 1 } : undefined;
    }
    return colon('PORT', portProblem).check(r);
  },
};

const output: ActionSpec = {
  check(r) {
    if (/^\(.*\)$/s.test(r)) return parens().check(r);
    return colon('PORT', port).check(r);
  },
};

/** Every action vsh knows, lower case (ovs-ofctl reads action names case-insensitively). */
export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  output,
  normal: none,
  flood: none,
  all: none,
  local: none,
  in_port: none,
  drop: none,
  controller: { check: (r) => (r === '' || /^:\d+$/.test(r) ? undefined : parens().check(r)) },
  enqueue: colon('PORT:QUEUE', (v) => (/^[^:]+:\d+$/.test(v) ? portProblem(v.split(':')[0]!) : 'write enqueue:PORT:QUEUE')),
  group: colon('GROUP', int(32)),
  meter: colon('METER', int(32)),
  mod_vlan_vid: colon('VID', int(12, 4095)),
  mod_vlan_pcp: colon('PCP', int(3, 7)),
  strip_vlan: none,
  pop_vlan: none,
  push_vlan: colon('ETHERTYPE', (v) => (['0x8100', '0x88a8', '33024', '34984'].includes(v.toLowerCase()) ? undefined : `'${v}' is not a VLAN ethertype (0x8100 or 0x88a8)`)),
  push_mpls: colon('ETHERTYPE', int(16)),
  pop_mpls: colon('ETHERTYPE', int(16)),
  set_mpls_label: colon('LABEL', int(20)),
  set_mpls_tc: colon('TC', int(3)),
  set_mpls_ttl: colon('TTL', int(8)),
  dec_mpls_ttl: none,
  mod_dl_src: colon('MAC', mac),
  mod_dl_dst: colon('MAC', mac),
  mod_nw_src: colon('IPV4', ipv4),
  mod_nw_dst: colon('IPV4', ipv4),
  mod_nw_tos: colon('TOS', int(8)),
  mod_nw_ecn: colon('ECN', int(2)),
  mod_nw_ttl: colon('TTL', int(8)),
  mod_tp_src: colon('PORT', int(16)),
  mod_tp_dst: colon('PORT', int(16)),
  dec_ttl: parens(true),
  set_field: colon('VALUE->FIELD', setField),
  load: colon('VALUE->FIELD[]', load),
  move: colon('SRC[]->DST[]', move),
  set_tunnel: colon('ID', int(64)),
  set_tunnel64: colon('ID', int(64)),
  set_queue: colon('QUEUE', int(32)),
  pop_queue: none,
  resubmit,
  goto_table: colon('TABLE', int(8, 254)),
  write_metadata: colon('VALUE[/MASK]', (v) => v.split('/').map((p) => (readInt(p, 64) === undefined ? `'${p}' is not a 64-bit number` : undefined)).find(Boolean)),
  write_actions: parens(),
  clear_actions: none,
  note: colon('HEX', (v) => (/^([0-9a-fA-F]{2}\.?)*$/.test(v) ? undefined : `'${v}' is not hex bytes (write note:de.ad.be.ef)`)),
  learn: parens(),
  ct: parens(true),
  ct_clear: none,
  multipath: parens(),
  bundle: parens(),
  bundle_load: parens(),
  conjunction: parens(),
  sample: parens(),
  fin_timeout: parens(),
  check_pkt_larger: { check: () => undefined },
  exit: none,
};
