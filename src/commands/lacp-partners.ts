/**
 * After an apply: does each LACP bond have a partner? An 802.3ad bond (or one with `lacp
 * active|passive`) applies cleanly whether or not the switch on the other end runs LACP —
 * OVS makes the port, and even reports `lacp_status: negotiated`; the kernel makes a Linux
 * bond — but without a partner every member stays disabled and the bond carries nothing.
 * Each says it per member: `ovs-appctl lacp/show BOND` (`current` once LACP PDUs arrive
 * from a partner, `expired`/`defaulted` with a partner sys_id of zeros when none does) and,
 * for a Linux bond, `/proc/net/bonding/BOND` (the partner's system MAC in each slave's
 * "details partner lacp pdu", zeros without one; its actor churn state `none` once in
 * sync, `churned` when it gave up waiting). A partner answers within a second or two of
 * the bond coming up, so a bond just made is read again for a few seconds before it is
 * warned about; one the apply did not touch is read once.
 */
import type { Executor } from '../exec/executor.js';
import { hostKey, type BondObj, type Model } from '../lang/model.js';

/** How long a bond just made may take to find its partner (LACP answers within ~1 s; slow rate resends every 30 s). */
export const LACP_WAIT_MS = 5_000;
const POLL_MS = 250;
const NO_PARTNER = '00:00:00:00:00:00';

/** One member as `ovs-appctl lacp/show` or /proc/net/bonding reports it. */
export interface LacpMember {
  name: string;
  /** OVS: its receive state and attachment (`current attached`, `defaulted detached`…); Linux: its actor churn state (`none`, `churned`, `monitoring`). */
  state: string[];
  partner: string;
  /** LACP PDUs from a real partner are current (OVS) or the member is in sync with one (Linux). */
  partnered: boolean;
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
    if (member) members.push({ name: member[1]!, state: member[2]!.split(/\s+/).filter(Boolean), partner: NO_PARTNER, partnered: false });
    const partner = /^partner sys_id: (\S+)$/.exec(line.trim());
    if (partner && members.length) members[members.length - 1]!.partner = partner[1]!;
  }
  for (const m of members) m.partnered = m.state.includes('current') && m.partner !== NO_PARTNER;
  return members;
}

/**
 * The slaves of a Linux bond's /proc/net/bonding/BOND in 802.3ad mode. The partner is the
 * "system mac address" under "details partner lacp pdu:"; kernels before 4.x print neither
 * that nor the churn state, and then no slave is reported (nothing to warn about).
 */
export function parseProcBonding(text: string): LacpMember[] {
  const members: LacpMember[] = [];
  let inPartner = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const slave = /^Slave Interface: (\S+)$/.exec(line);
    if (slave) {
      members.push({ name: slave[1]!, state: [], partner: NO_PARTNER, partnered: false });
      inPartner = false;
      continue;
    }
    const m = members.at(-1);
    if (!m) continue;
    const churn = /^Actor Churn State: (\S+)$/.exec(line);
    if (churn) m.state = [churn[1]!];
    if (/^details (actor|partner) lacp pdu:$/.test(line)) inPartner = line.includes('partner');
    const mac = /^system mac address: (\S+)$/.exec(line);
    if (mac && inPartner) m.partner = mac[1]!;
  }
  for (const m of members) m.partnered = m.partner !== NO_PARTNER && !m.state.includes('churned');
  return members.filter((m) => m.state.length > 0);
}

/** How each kind of bond is read, and what its warning points to. */
const READERS = {
  ovs: { argv: (bond: string) => ['ovs-appctl', 'lacp/show', bond], parse: parseLacpShow, otherwise: 'use mode active-backup, or balance-slb with lacp off', see: (bond: string) => `ovs-appctl lacp/show ${bond}` },
  linux: { argv: (bond: string) => ['cat', `/proc/net/bonding/${bond}`], parse: parseProcBonding, otherwise: 'use mode active-backup or balance-xor', see: (bond: string) => `cat /proc/net/bonding/${bond}` },
};

/** An OVS bond is a port of an OVS bridge; any other bond (on a Linux bridge, or on its own) is a Linux bond. */
function kindOf(model: Model, b: BondObj): keyof typeof READERS {
  return b.bridge !== undefined && model.bridges.get(hostKey(b.host, b.bridge))?.kind !== 'linux' ? 'ovs' : 'linux';
}

export interface LacpCheckOptions {
  /** Bonds (`host/name`) this apply made or changed: these are waited for. Others are read once. */
  fresh?: ReadonlySet<string>;
  /** Only these hosts (`--hosts`). */
  hosts?: readonly string[];
  waitMs?: number;
}

/**
 * Warnings, one per bond with LACP on (OVS or Linux) whose members have no partner (after the wait
 * for a fresh one). A bond that cannot be read (not on the host, host unreachable) is
 * left alone: apply has reported what matters there.
 */
export async function lacpWarnings(model: Model, executorOf: (host: string) => Executor, options: LacpCheckOptions = {}): Promise<string[]> {
  const bonds = model.bonds.filter((b) => usesLacp(b) && (!options.hosts || options.hosts.includes(b.host)));
  const warnings = await Promise.all(
    bonds.map(async (b) => {
      const reader = READERS[kindOf(model, b)];
      const deadline = Date.now() + (options.fresh?.has(`${b.host}/${b.name}`) ? (options.waitMs ?? LACP_WAIT_MS) : 0);
      for (;;) {
        const r = await executorOf(b.host)
          .run({ argv: reader.argv(b.name) })
          .catch(() => undefined);
        if (!r || r.code !== 0) return undefined;
        const members = reader.parse(r.stdout);
        if (members.length === 0 || members.some((m) => m.partnered)) return undefined;
        if (Date.now() >= deadline) {
          const waited = options.fresh?.has(`${b.host}/${b.name}`) ? ` within ${(options.waitMs ?? LACP_WAIT_MS) / 1000} s` : '';
          return (
            `warning: bond ${b.name} on ${b.host}: no LACP partner answered${waited} on ${members.map((m) => `${m.name} (${m.state.join(' ')})`).join(', ')}; ` +
            `every member stays disabled and the bond carries nothing until the switch ports run LACP as one aggregate ` +
            `(or ${reader.otherwise}). See: ${reader.see(b.name)}`
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
