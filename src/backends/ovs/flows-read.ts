/**
 * The flows probe's output → the project's flows per bridge, as ovs-ofctl printed them
 * (` cookie=0x…, table=1, priority=200,ip,nw_src=10.0.0.2 actions=drop`): cookie, table,
 * priority, match and actions, and the line that adds the flow back exactly (undo).
 */
import type { CommandResult } from '../../exec/command.js';
import { BRIDGE_MARK, FAILED_MARK } from './flows-probe.js';

/** One flow read from a bridge. */
export interface LiveFlow {
  cookie: bigint;
  table: number;
  priority: number;
  /** As ovs-ofctl prints it ('' for match-all). */
  match: string;
  actions: string;
}

export interface FlowsRead {
  /** Bridge → the project's flows on it. */
  flows: Map<string, LiveFlow[]>;
  /** Bridges whose dump failed (their flows are unknown). */
  failed: string[];
}

/** Fields of a dump-flows line that are statistics, not the flow (the probe dumps them: see flows-probe.ts). */
const STATS = new Set(['duration', 'n_packets', 'n_bytes', 'idle_age', 'hard_age', 'reset_counts']);

/**
 * One dump-flows line → a flow; undefined for headers and lines that are not flows. The
 * items before ` actions=` are split at commas and trimmed; cookie, table and priority are
 * read, statistics skipped, the rest is the match. (Written with indexOf, not split: it
 * runs once per flow of a bridge with thousands.)
 */
export function parseFlowLine(line: string): LiveFlow | undefined {
  const at = line.indexOf(' actions=');
  if (at === -1) return undefined;
  const actions = line.slice(at + ' actions='.length).trim();
  let cookie = 0n;
  let table = 0;
  let priority = 32768;
  let match = '';
  for (let start = 0; start <= at; ) {
    let end = line.indexOf(',', start);
    if (end === -1 || end > at) end = at;
    const item = line.slice(start, end).trim();
    start = end + 1;
    if (item === '') continue;
    const eq = item.indexOf('=');
    const k = eq === -1 ? item : item.slice(0, eq);
    const next = eq === -1 ? -1 : item.indexOf('=', eq + 1);
    const v = eq === -1 ? '' : item.slice(eq + 1, next === -1 ? item.length : next);
    if (k === 'cookie' && v) cookie = BigInt(v);
    else if (k === 'table' && v) table = Number(v);
    else if (k === 'priority' && v) priority = Number(v);
    else if (!STATS.has(k)) match = match === '' ? item : `${match},${item}`;
  }
  return { cookie, table, priority, match, actions };
}

/** The probe's stdout → flows per bridge. */
export function parseFlows(r: CommandResult | undefined): FlowsRead {
  const flows = new Map<string, LiveFlow[]>();
  const failed: string[] = [];
  let bridge: string | undefined;
  for (const line of (r?.stdout ?? '').split('\n')) {
    if (line.startsWith(BRIDGE_MARK + ' ')) {
      bridge = line.slice(BRIDGE_MARK.length + 1);
      flows.set(bridge, []);
    } else if (line.startsWith(FAILED_MARK + ' ')) {
      const b = line.slice(FAILED_MARK.length + 1);
      failed.push(b);
      flows.delete(b);
    } else if (bridge !== undefined) {
      const f = parseFlowLine(line);
      if (f) flows.get(bridge)!.push(f);
    }
  }
  return { flows, failed };
}

/** The text that adds `f` back as it was (cookie and all), for an add-flows bundle. */
export function flowText(f: { cookie: bigint; table: number; priority: number; match: string; actions: string }): string {
  const match = f.match.trim() === '' ? '' : `,${f.match.trim()}`;
  return `cookie=0x${f.cookie.toString(16)},table=${f.table},priority=${f.priority}${match} actions=${f.actions}`;
}
