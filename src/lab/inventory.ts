/**
 * DIR/hosts.vnet: one `host` statement per lab host, ready to be read before a script
 * (`vsh run DIR/hosts.vnet gre-vlan.vnet`). It is checked with the real front end before
 * `up` reports success, so a lab never hands out an inventory `vsh check` would reject.
 */
import { writeFileSync } from 'node:fs';
import { frontEnd } from '../lang/pipeline.js';
import { renderDiagnostics } from '../lang/render.js';
import { LabError } from './errors.js';
import type { Journal } from './state.js';
import { PHYSNET, PROVIDER_BRIDGE } from './ovn.js';
import type { LabPlan } from './topology.js';

/** A .vnet STRING: `"` and `\` escaped with a backslash. */
export function vnetString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The OVN lines of a lab made with `--ovn`: the central on the first host, every host a chassis mapping physnet to br-phy. */
export function ovnInventoryLines(plan: LabPlan): string[] {
  if (!plan.ovn) return [];
  return [
    `# OVN: NB/SB/ovn-northd on ${plan.hosts[0]!.name}, ovn-controller on every host (GENEVE from its underlay address).`,
    `ovn central ${plan.hosts[0]!.name}`,
    ...plan.hosts.map((h) => `ovn chassis ${h.name} mapping ${PHYSNET}:${PROVIDER_BRIDGE}`),
  ];
}

export function inventoryText(plan: LabPlan): string {
  const lines = [
    `# The hosts of vsh lab ${plan.id} (${plan.dir}), written by \`vsh lab up\`; \`vsh lab down\` removes it.`,
    `# Read it before a script: vsh check ${plan.files.inventory} my-network.vnet`,
    `# Management ${plan.mgmtSubnet} (the controller is ${plan.controller}); underlay 10.200.0.0/24 on br-phy.`,
  ];
  for (const h of plan.hosts) {
    lines.push(
      `host ${h.name} address ${h.mgmtAddress} user root key ${vnetString(plan.files.key)} known-hosts ${vnetString(plan.files.knownHosts)} underlay ${h.underlayAddress} datapath netdev`,
    );
  }
  lines.push(...ovnInventoryLines(plan));
  return lines.join('\n') + '\n';
}

const checks = (file: string, text: string) => frontEnd([{ file, text }]);

/** Write the inventory (journalled first) and check it; an error here is a bug in vsh, reported as such. */
export function writeInventory(journal: Journal, plan: LabPlan): void {
  const text = inventoryText(plan);
  journal.record({ kind: 'file', path: plan.files.inventory });
  writeFileSync(plan.files.inventory, text, { mode: 0o644 });
  let result = checks(plan.files.inventory, text);
  // A front end without the `ovn` statements (LANGUAGE.md §9) cannot check those lines: then
  // check the rest, so the inventory still works for everything else.
  if (!result.ok && plan.ovn) {
    const withoutOvn = text.split('\n').filter((l) => !l.startsWith('ovn ')).join('\n');
    const rest = checks(plan.files.inventory, withoutOvn);
    if (rest.ok) result = rest;
  }
  if (!result.ok) {
    const rendered = renderDiagnostics(result.diagnostics, new Map([[plan.files.inventory, text]]), result.statements.length, { color: false });
    throw new LabError(`internal error: the lab's own inventory does not check clean:\n${rendered}`);
  }
}
