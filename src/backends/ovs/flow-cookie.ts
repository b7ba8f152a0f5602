/**
 * The OpenFlow cookie vsh writes on its flows. A cookie is 64 bits that OpenFlow stores
 * with a flow and lets `dump-flows`/`del-flows` select by value and mask. vsh splits it:
 *
 *   upper 32 bits  FNV-1a of the project's OVS mark (ownership.ts: the project name, or
 *                  `owned` without one) — which project's flow it is;
 *   lower 32 bits  FNV-1a of the flow as written: `table|priority|match|actions` — which flow.
 *
 * So `dump-flows BR cookie=0xPPPPPPPP00000000/0xffffffff00000000` lists exactly one
 * project's flows, and a flow's cookie says whether it is the one the model wants: the
 * diff compares cookies, not ovs-ofctl's re-spelling of matches and actions (it prints
 * `tcp,tp_dst=80` for `eth_type=0x800,nw_proto=6,tp_dst=0x50`), so a re-plan after apply
 * finds 0 changes whatever the spelling. A project half of all-ones is avoided (OpenFlow
 * reserves cookie 0xffffffffffffffff).
 */
import { ovsMark } from '../ownership.js';

/** FNV-1a, 32 bits: stable across runs and machines (not a security hash; collisions only cost a re-add). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const PROJECT_MASK = 0xffffffff00000000n;

/** The upper half of every cookie of `project` (the last one is kept: every flow of a plan asks). */
export function projectCookie(project: string | undefined): bigint {
  if (last && last.project === project) return last.cookie;
  const h = fnv1a32(`vsh:${ovsMark(project)}`);
  last = { project, cookie: BigInt(h === 0xffffffff ? 0xfffffffe : h) << 32n };
  return last.cookie;
}
let last: { project: string | undefined; cookie: bigint } | undefined;

/** A flow's fields as the cookie hashes them. */
export interface FlowKey {
  table: number;
  priority: number;
  match: string;
  actions: string;
}

/** The full cookie of one flow of `project`. */
export function flowCookie(project: string | undefined, f: FlowKey): bigint {
  return projectCookie(project) | BigInt(fnv1a32(`${f.table}|${f.priority}|${f.match}|${f.actions}`));
}

/** `0x…` as ovs-ofctl writes cookies. */
export const hex = (n: bigint): string => `0x${n.toString(16)}`;

/** The `cookie=VALUE/MASK` selector of a project's flows. */
export const projectSelector = (project: string | undefined): string => `cookie=${hex(projectCookie(project))}/${hex(PROJECT_MASK)}`;
