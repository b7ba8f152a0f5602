/**
 * After an apply: does each LACP bond have a partner? An 802.3ad bond (or one with `lacp
 * active|passive`) applies cleanly whether or not the switch on the other end runs LACP —
 * OVS makes the port, and even reports `lacp_status: negotiated` — but without a partner
 * every member stays `may_enable: false` and the bond carries nothing. `ovs-appctl
 * lacp/show BOND` says it per member: `current` once LACP PDUs arrive from a partner,
 * `expired`/`defaulted` with a partner sys_id of zeros when none does. A partner answers
 * within a second or two of the bond coming up, so a bond just made is read again for a
 * few seconds before it is warned about; one the apply did not touch is read once.
 */
import type { Executor } from '../exec/executor.js';
import type { BondObj, Model } from '../lang/model.js';

/** How long a bond just made may take to find its partner (LACP answers within ~1 s; slow rate resends every 30 s). */
export const LACP_WAIT_MS = 5_000;
const POLL_MS = 250;
const NO_PARTNER = '00:00:00:00:00:00';

/** One member as `ovs-appctl lacp/show` reports it. */
export interface LacpMember {
  name: string;
  /** Its receive state and attachment: `current attached`, `defaulted detached`, `expired attached`… */
  state: string[];
  partner: string;
}

/** Whether the bond's LACP is on: `802.3ad` turns it on (active) unless `lacp off`; any mode with `lacp active|passive`. */
export function usesLacp(b: BondObj): boolean {
  const lacp = b.stmt.lacp?.value ?? (b.stmt.mode?.value === '802.3ad' ? 'active' : undefined);
  return lacp === 'active' || lacp === 'passive';
}

/** The members of `ovs-appctl lacp/show BOND`'s output. */
export function parseLacpShow(text: string): LacpMember[] {
  const members: LacpMember[] = [];
  for (const line of text.split('\n')) {
    const member = /^member: (.+?): (.*)$/.exec(line.trim());
    if (member) members.push({ name: member[1]!, state: member[2]!.split(/\s+/).filter(Boolean), partner: NO_PARTNER });
    const partner = /^partner sys_id: (\S+)$/.exec(line.trim());
    if (partner && members.length) members[members.length - 1]!.partner = partner[1]!;
  }
  return members;
}

/** A member is partnered when PDUs from a real partner are current. */
export const partnered = (m: LacpMember): boolean => m.state.includes('current') && m.partner !== NO_PARTNER;

export interface LacpCheckOptions {
  /** Bonds (`host/name`) this apply made or changed: these are waited for. Others are read once. */
  fresh?: ReadonlySet<string>;
  /** Only these hosts (`--hosts`). */
  hosts?: readonly string[];
  waitMs?: number;
}

/**
 * Warnings, one per OVS bond with LACP on whose members have no partner (after the wait
 * for a fresh one). A bond that cannot be read (not on the host, host unreachable) is
 * left alone: apply has reported what matters there.
 */
export async function lacpWarnings(model: Model, executorOf: (host: string) => Executor, options: LacpCheckOptions = {}): Promise<string[]> {
  const bonds = model.bonds.filter((b) => b.bridge !== undefined && usesLacp(b) && (!options.hosts || options.hosts.includes(b.host)));
  const warnings = await Promise.all(
    bonds.map(async (b) => {
      const deadline = Date.now() + (options.fresh?.has(`${b.host}/${b.name}`) ? (options.waitMs ?? LACP_WAIT_MS) : 0);
      for (;;) {
        const r = await executorOf(b.host)
          .run({ argv: ['ovs-appctl', 'lacp/show', b.name] })
          .catch(() => undefined);
        if (!r || r.code !== 0) return undefined;
        const members = parseLacpShow(r.stdout);
        if (members.length === 0 || members.some(partnered)) return undefined;
        if (Date.now() >= deadline) {
          const waited = options.fresh?.has(`${b.host}/${b.name}`) ? ` within ${(options.waitMs ?? LACP_WAIT_MS) / 1000} s` : '';
          return (
            `warning: bond ${b.name} on ${b.host}: no LACP partner answered${waited} on ${members.map((m) => `${m.name} (${m.state.join(' ')})`).join(', ')}; ` +
            `every member stays disabled and the bond carries nothing until the switch ports run LACP as one aggregate ` +
            `(or use mode active-backup, or balance-slb with lacp off). See: ovs-appctl lacp/show ${b.name}`
          );
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }),
  );
  return warnings.filter((w): w is string => w !== undefined);
}

/**
 * The bonds (`host/name`) an apply's steps made or changed: OVS makes a bond within its
 * bridge's step (`bridge br-bond`) or changes it as a port (`port bond0 on br-bond`), so a
 * step on the bond's host naming the bond or its bridge counts.
 */
export function bondsTouched(model: Model, steps: readonly { host: string; object: string }[]): Set<string> {
  const out = new Set<string>();
  const names = (object: string) => new Set(object.split(/[\s()]+/));
  for (const b of model.bonds) {
    if (steps.some((s) => s.host === b.host && (names(s.object).has(b.name) || (b.bridge !== undefined && names(s.object).has(b.bridge))))) out.add(`${b.host}/${b.name}`);
  }
  return out;
}
