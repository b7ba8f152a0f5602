/**
 * Every semantic check, in one list (CHECKS.md, plus docs/checks.md for vsh's own).
 * A new rule is one file in this folder and one line here.
 */
import type { CheckInput, CheckRule } from './rule.js';
import type { Diagnostic } from '../diagnostics.js';
import { interfaceNames } from './interface-names.js';
import { vlanRange } from './vlan-range.js';
import { addressInSubnet } from './address-in-subnet.js';
import { lacpSingleSlave } from './lacp-single-slave.js';
import { macvtapPassthru } from './macvtap-passthru.js';
import { networkBridgeClash } from './network-bridge-clash.js';
import { networkModeOptions } from './network-mode-options.js';
import { portgroups } from './portgroups.js';
import { sriovVfCount } from './sriov-vf-count.js';
import { subnetOverlap } from './subnet-overlap.js';
import { unicastMac } from './unicast-mac.js';
import { vfIndex } from './vf-index.js';
import { vfShared } from './vf-shared.js';
import { optionCombinations } from './option-combinations.js';
import { jumpHosts } from './jump-hosts.js';
import { interfaceNameClash } from './interface-name-clash.js';
import { bridgeMembership } from './bridge-membership.js';
import { bondSlaves } from './bond-slaves.js';
import { guestTapVlan } from './guest-tap-vlan.js';
import { expectNamespace } from './expect-namespace.js';
import { nativeVlan } from './native-vlan.js';
import { tunnelVlans } from './tunnel-vlans.js';
import { linuxBridgeVlans } from './linux-bridge-vlans.js';
import { tunnelSelf } from './tunnel-self.js';
import { l2Loops } from './l2-loops.js';
import { duplicateTunnels } from './duplicate-tunnels.js';
import { tunnelMtu } from './tunnel-mtu.js';
import { tunnelKinds } from './tunnel-kinds.js';
import { tunnelUnderlay } from './tunnel-underlay.js';
import { duplicateAddresses } from './duplicate-addresses.js';
import { ovsBond } from './ovs-bond.js';
import { endpointRefs } from './endpoint-refs.js';
import { routeNextHop } from './route-next-hop.js';
import { routeForwarding } from './route-forwarding.js';
import { routeConflicts } from './route-conflicts.js';
import { endpointNames } from './endpoint-names.js';
import { dhcpSegments } from './dhcp-segments.js';
import { dhcpRange } from './dhcp-range.js';
import { flowSyntax } from './flow-syntax.js';
import { flowBridgeKind } from './flow-bridge-kind.js';
import { flowDuplicates } from './flow-duplicates.js';
import { ovnCentral } from './ovn-central.js';
import { ovnHosts } from './ovn-hosts.js';
import { ovnMappings } from './ovn-mappings.js';
import { logicalAddresses } from './logical-addresses.js';
import { logicalRoutes } from './logical-routes.js';
import { sshPort } from './ssh-port.js';
// @rules-imports (keep this marker: new rules are imported above it)

export const rules: readonly CheckRule[] = [
  interfaceNames,
  vlanRange,
  subnetOverlap,
  addressInSubnet,
  networkBridgeClash,
  networkModeOptions,
  portgroups,
  unicastMac,
  sriovVfCount,
  vfIndex,
  vfShared,
  macvtapPassthru,
  lacpSingleSlave,
  optionCombinations,
  jumpHosts,
  interfaceNameClash,
  bridgeMembership,
  bondSlaves,
  guestTapVlan,
  expectNamespace,
  nativeVlan,
  tunnelVlans,
  linuxBridgeVlans,
  tunnelSelf,
  l2Loops,
  duplicateTunnels,
  tunnelMtu,
  tunnelKinds,
  tunnelUnderlay,
  duplicateAddresses,
  ovsBond,
  endpointNames,
  dhcpSegments,
  dhcpRange,
  flowSyntax,
  flowBridgeKind,
  flowDuplicates,
  ovnCentral,
  ovnHosts,
  ovnMappings,
  logicalAddresses,
  logicalRoutes,
  sshPort,
  // @rules-list (keep this marker: new rules are listed above it)
  endpointRefs,
  routeNextHop,
  routeForwarding,
  routeConflicts,
];

/** Run every rule over the model (with `live`, only the rules that read the hosts' facts); each returns all it finds. */
export function runChecks(input: CheckInput, { live = false }: { live?: boolean } = {}): Diagnostic[] {
  return rules.flatMap((rule) => (live && !rule.live ? [] : rule.check(input)));
}

/**
 * runChecks, giving the event loop a turn between rules once `sliceMs` have passed: plan and
 * apply connect to the hosts meanwhile (commands/early-connect.ts). Same rules, same order,
 * same diagnostics.
 */
export async function runChecksYielding(input: CheckInput, sliceMs = 4): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  let since = performance.now();
  for (const rule of rules) {
    if (performance.now() - since >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    for (const d of rule.check(input)) out.push(d);
  }
  return out;
}
