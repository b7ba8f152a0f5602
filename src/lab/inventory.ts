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
import type { LabPlan } from './topology.js';

/** A .vnet STRING: `"` and `\` escaped with a backslash. */
export function vnetString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
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
  return lines.join('\n') + '\n';
}

/** Write the inventory (journalled first) and check it; an error here is a bug in vsh, reported as such. */
export function writeInventory(journal: Journal, plan: LabPlan): void {
  const text = inventoryText(plan);
  journal.record({ kind: 'file', path: plan.files.inventory });
  writeFileSync(plan.files.inventory, text, { mode: 0o644 });
  const result = frontEnd([{ file: plan.files.inventory, text }]);
  if (!result.ok) {
    const rendered = renderDiagnostics(result.diagnostics, new Map([[plan.files.inventory, text]]), result.written, { color: false });
    throw new LabError(`internal error: the lab's own inventory does not check clean:\n${rendered}`);
  }
}
