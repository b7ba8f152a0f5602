/**
 * Reading a host: the probes (one `ip -json -details addr show` for the host's own
 * links with their addresses, one per namespace the model names, `bridge -json vlan
 * show` only when the model puts VLANs on a Linux bridge there, and the feature probe),
 * and their outputs → state, facts (MTUs, kernel features) and what the host lacks.
 */
import type { HostView, ProbeOutputs, ReadResult } from '../backend.js';
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import { isVshLink } from '../ownership.js';
import { mismatches } from './diff.js';
import { FEATURE_SCRIPT, missingFeature, parseFeatures } from './features.js';
import { hasVlans, madeNames, type HostModel } from './host-model.js';
import type { Desired } from './spec.js';
import { emptyState, findPeers, parseBridgeVlans, parseLinks, parseRoutes, type LinuxState } from './state.js';
import type { Probe } from '../backend.js';
import { ROUTES_PROBE, routesProbe } from './uplink.js';

export const PROBE = {
  links: 'linux.links',
  features: 'linux.features',
  vlans: 'linux.vlans',
  netns: (name: string) => `linux.netns.${name}`,
};

/** Every namespace whose links the diff needs: declared ones and those veth peers go into. */
export function namespacesToRead(desired: Desired): string[] {
  return [...new Set([...desired.namespaces.map((n) => n.name), ...desired.peerNamespaces.keys()])];
}

export function linuxProbes(desired: Desired, hm: HostModel): Probe[] {
  const probes: Probe[] = [
    { id: PROBE.links, command: { argv: ['ip', '-json', '-details', 'addr', 'show'] } },
    { id: PROBE.features, command: { argv: ['sh', '-c', FEATURE_SCRIPT] } },
  ];
  if (hm.ports.some((p) => hasVlans(p.stmt) && hm.isLinuxBridge(p.bridge)) || hm.ends.some((e) => e.tunnel.stmt.trunk && hm.isLinuxBridge(e.end.bridge))) {
    probes.push({ id: PROBE.vlans, command: { argv: ['bridge', '-json', 'vlan', 'show'] } });
  }
  const routes = routesProbe(hm);
  if (routes) probes.push(routes);
  for (const ns of namespacesToRead(desired)) probes.push({ id: PROBE.netns(ns), command: { argv: ['ip', '-n', ns, '-json', '-details', 'addr', 'show'] } });
  return probes;
}

/** The outputs → state; `desired` is built with the features the outputs report (see index.ts). */
export function readState(desired: Desired, outputs: ProbeOutputs): LinuxState {
  if (!outputs) return emptyState();
  const state = emptyState(true);
  const links = outputs.get(PROBE.links);
  if (links?.code === 0) state.links = parseLinks(links.stdout);
  for (const ns of namespacesToRead(desired)) {
    const r = outputs.get(PROBE.netns(ns));
    if (r?.code === 0) state.namespaces.set(ns, parseLinks(r.stdout));
  }
  findPeers(state.links, state.namespaces);
  const vlans = outputs.get(PROBE.vlans);
  if (vlans?.code === 0) state.vlans = parseBridgeVlans(vlans.stdout);
  const routes = outputs.get(ROUTES_PROBE);
  if (routes?.code === 0) state.routes = parseRoutes(routes.stdout);
  const features = outputs.get(PROBE.features);
  if (features?.code === 0) state.features = parseFeatures(features.stdout);
  return state;
}

/** What the host cannot do or does not have for this model (VN201), and interfaces in vsh's way (VN106). */
export function hostDiagnostics(view: HostView, hm: HostModel, desired: Desired, state: LinuxState, outputs: NonNullable<ProbeOutputs>): Diagnostic[] {
  const host = view.name;
  const out: Diagnostic[] = [];
  const links = outputs.get(PROBE.links);
  if (links?.code !== 0) {
    out.push(diag('VN200', view.host.name.span, `could not list the interfaces of ${host}: ${links?.stderr.trim() || 'no output from ip'}`, { hint: 'is iproute2 installed there?' }));
    return out;
  }
  for (const d of desired.devices) {
    if (state.features && !state.features.has(d.feature)) out.push(missingFeature(host, d.feature, d.label.replace(/ \(.*$/, ''), d.span));
    const have = state.links.get(d.name);
    if (have && !isVshLink(have.alias) && mismatches(d, have).length > 0) {
      out.push(
        diag('VN106', d.span, `'${d.label.replace(/ \(.*$/, '')}' cannot be created on ${host}: an interface ${d.name} (${have.kind ?? 'a NIC'}) is there already, and vsh did not make it`, {
          hint: `pick another name in the script, or delete that interface ('ip link del dev ${d.name}') if it is a leftover`,
        }),
      );
    }
  }
  const made = madeNames(hm);
  const seen = new Set<string>();
  for (const n of desired.needs) {
    const key = `${n.name} ${n.span.offset}`;
    if (state.links.has(n.name) || made.has(n.name) || seen.has(key)) continue;
    seen.add(key);
    out.push(diag('VN201', n.span, `${host} has no interface '${n.name}' (${n.why})`, { hint: `'ip link' on ${host} lists the interfaces it has` }));
  }
  // Endpoints: declared namespaces and containers (whose network namespace the container driver names).
  const declared = new Set([...desired.namespaces.map((n) => n.name), ...[...view.model.containers.values()].filter((c) => c.host === host).map((c) => c.name)]);
  for (const [ns, span] of desired.peerNamespaces) {
    if (declared.has(ns) || state.namespaces.has(ns)) continue;
    out.push(diag('VN201', span, `${host} has no namespace '${ns}' for the veth peer`, { hint: `declare it ('namespace ${ns} on ${host}') so vsh creates it` }));
  }
  return out;
}
