/**
 * Reading what Open vSwitch says about a packet: `ovs-appctl ofproto/trace BR FLOW` (the
 * rules it hits, table by table, with their cookies; the final datapath actions) and
 * `ovs-appctl dpif/show` (which datapath port number is which port, so that
 * "Datapath actions: 3" can be said as a port name). Never throws on odd output.
 */

/** One rule the packet hit. */
export interface RuleHit {
  table: number;
  /** The rule's match as OVS prints it ('' for match-all); undefined for a table miss. */
  match?: string;
  priority?: number;
  cookie?: bigint;
  /** The rule's actions and OVS's notes under it (`NORMAL`, `-> forwarding to learned port`). */
  actions: string[];
}

/** A tunnel the packet leaves by (from a `tnl_push(…)` datapath action). */
export interface TunnelOut {
  /** The far end's underlay address. */
  remote: string;
  local?: string;
  /** VNI / GRE key, when the header says. */
  key?: number;
  type?: string;
}

export interface OfprotoTrace {
  /** The `Flow:` line: the packet as OVS read it. */
  flow: string;
  rules: RuleHit[];
  datapathActions: string;
  dropped: boolean;
  /** Datapath port numbers the packet is output to (besides tunnels). */
  outputs: number[];
  tunnels: TunnelOut[];
}

const RULE = /^\s*(\d+)\.\s+(.*)$/;

/** `ip,nw_src=…, priority 200, cookie 0x…` / `priority 0` / `No match.` → the rule. */
function ruleOf(table: number, text: string): RuleHit {
  if (/^No match/.test(text)) return { table, actions: [] };
  const m = /^(?:(.*?),\s+)?priority (\d+)(?:,\s+cookie (0x[0-9a-fA-F]+))?/.exec(text);
  if (!m) return { table, match: text, actions: [] };
  return { table, match: m[1] ?? '', priority: Number(m[2]), ...(m[3] ? { cookie: BigInt(m[3]) } : {}), actions: [] };
}

/** Split `a,b(c,d),e` at top-level commas. */
function topLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function tunnelOf(push: string): TunnelOut | undefined {
  const ip = /ipv4\(src=([0-9.]+),dst=([0-9.]+)/.exec(push);
  if (!ip) return undefined;
  const vni = /(geneve|vxlan)\([^)]*?vni=(0x[0-9a-fA-F]+|\d+)/.exec(push);
  const gre = /gre\([^)]*?key=(0x[0-9a-fA-F]+|\d+)/.exec(push);
  const key = vni ? Number(vni[2]) : gre ? Number(gre[1]) : undefined;
  const type = vni?.[1] ?? (gre ? 'gre' : undefined);
  return { remote: ip[2]!, local: ip[1]!, ...(key !== undefined ? { key } : {}), ...(type ? { type } : {}) };
}

/** The output of `ovs-appctl ofproto/trace` → what happened on the first bridge (later sections are the underlay's). */
export function parseOfprotoTrace(text: string): OfprotoTrace {
  const lines = text.split('\n');
  const flow = lines.find((l) => l.startsWith('Flow: '))?.slice('Flow: '.length) ?? '';
  const rules: RuleHit[] = [];
  let sections = 0;
  for (const line of lines) {
    if (/^bridge\("/.test(line)) {
      sections++;
      continue;
    }
    if (sections !== 1 || /^-+$/.test(line) || line.trim() === '') continue;
    if (/^(Final flow|Megaflow|Datapath actions):/.test(line)) break;
    const m = RULE.exec(line);
    if (m) rules.push(ruleOf(Number(m[1]), m[2]!.trim()));
    else if (rules.length > 0) rules[rules.length - 1]!.actions.push(line.trim());
  }
  const datapathActions = /^Datapath actions: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const parts = topLevel(datapathActions);
  const tunnels = parts.filter((p) => p.startsWith('tnl_push(')).flatMap((p) => tunnelOf(p) ?? []);
  const outputs = parts.filter((p) => /^\d+$/.test(p)).map(Number);
  return { flow, rules, datapathActions, dropped: datapathActions === 'drop' || (outputs.length === 0 && tunnels.length === 0), outputs, tunnels };
}

/** A port of a bridge as `dpif/show` lists it. */
export interface DpPort {
  bridge: string;
  name: string;
  ofport: number;
  odp: number;
}

/** `ovs-appctl dpif/show` → every port of every bridge with its OpenFlow and datapath numbers. */
export function parseDpifShow(text: string): DpPort[] {
  const out: DpPort[] = [];
  let bridge: string | undefined;
  for (const line of text.split('\n')) {
    const b = /^\s{2}(\S+):\s*$/.exec(line);
    if (b) {
      bridge = b[1]!;
      continue;
    }
    const p = /^\s{4}(\S+) (\d+)\/(\d+):/.exec(line);
    if (p && bridge) out.push({ bridge, name: p[1]!, ofport: Number(p[2]), odp: Number(p[3]) });
  }
  return out;
}
