/**
 * The lab's two shared segments: the management bridge in the root namespace (claimed
 * atomically, which also picks the lab number) and the underlay bridge in a namespace of
 * its own. See topology.ts for why they live where they do.
 */
import { readFileSync } from 'node:fs';
import { parseCidr, subnetsOverlap, type Cidr } from '../lang/ip.js';
import { LabError } from './errors.js';
import type { Runner } from './run.js';
import type { Journal } from './state.js';
import { labNoCandidates, managementSubnet, MGMT_BASE, type LabPlan } from './topology.js';

/** What the root namespace already reaches: every IPv4 route in every table except default ones, and every nameserver. */
export async function usedSubnets(run: Runner): Promise<Cidr[]> {
  const r = await run.run([run.tools.ip, '-4', '-json', 'route', 'show', 'table', 'all']);
  const used: Cidr[] = [];
  for (const route of JSON.parse(r.stdout || '[]') as { dst?: string }[]) {
    const dst = route.dst;
    if (!dst || dst === 'default') continue;
    const c = parseCidr(dst.includes('/') ? dst : `${dst}/32`);
    if (c) used.push(c);
  }
  // A nameserver reached by the default route has no route of its own; a lab over it would hijack DNS.
  for (const ns of nameservers()) {
    const c = parseCidr(`${ns}/32`);
    if (c) used.push(c);
  }
  return used;
}

function nameservers(): string[] {
  try {
    return [...readFileSync('/etc/resolv.conf', 'utf8').matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)/gm)].map((m) => m[1]!);
  } catch {
    return [];
  }
}

/** Is the management /24 of lab number `labNo` clear of everything in `used`? */
export function isFree(labNo: number, used: readonly Cidr[]): boolean {
  const mine = parseCidr(managementSubnet(labNo))!;
  return !used.some((u) => subnetsOverlap(u, mine));
}

/**
 * Claim a lab number by creating its management bridge `vsh<N>-mgmt` (with the lab's alias,
 * in one `ip -batch` so a crash cannot leave it unmarked); give it the controller address.
 */
export async function claimManagement(run: Runner, journal: Journal, id: string, alias: string): Promise<number> {
  const used = await usedSubnets(run);
  for (const labNo of labNoCandidates(id)) {
    if (!isFree(labNo, used)) continue;
    const bridge = `vsh${labNo}-mgmt`;
    const link = { kind: 'link', name: bridge } as const;
    journal.record(link);
    const r = await run.attempt([run.tools.ip, '-batch', '-'], `link add name ${bridge} type bridge\nlink set dev ${bridge} alias ${alias}\n`);
    if (r.code !== 0) {
      journal.forget(link); // not ours: another lab holds this number
      if (/File exists/i.test(r.stderr)) continue;
      throw new LabError(`cannot create the management bridge ${bridge}: ${r.stderr.trim()}`);
    }
    journal.update((s) => (s.labNo = labNo));
    await run.run([run.tools.ip, '-batch', '-'], `addr add ${MGMT_BASE}.${labNo}.1/24 dev ${bridge}\nlink set dev ${bridge} up\n`);
    return labNo;
  }
  throw new LabError(
    `no free management network: every /24 of ${MGMT_BASE}.0.0/16 is routed here or taken by another lab`,
    'remove other labs (vsh lab down --dir …) or the routes that cover 10.254.0.0/16',
  );
}

/** The underlay: a namespace holding one bridge, to which each host's eth1 is wired. */
export async function createUnderlay(run: Runner, journal: Journal, plan: LabPlan): Promise<void> {
  journal.record({ kind: 'netns', name: plan.underlayNetns });
  await run.run([run.tools.ip, 'netns', 'add', plan.underlayNetns]);
  await run.ipIn(plan.underlayNetns, ['-batch', '-'], `link set dev lo up\nlink add name ${plan.underlayBridge} type bridge\nlink set dev ${plan.underlayBridge} up\n`);
}
