/**
 * The OVN driver (LANGUAGE.md §9). On the central host: the northbound database, read in
 * one ovn-nbctl invocation and changed in ONE ovn-nbctl transaction, then a bounded wait
 * until every chassis has realized it. On each chassis host: its OVS external_ids
 * (`ovn chassis`) and the VIFs of logical ports with a `peer` there.
 */
import { underlayAddress } from '../../lang/checks/tunnel-underlay.js';
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import type { Backend, HostView, Probe } from '../backend.js';
import { destroyChassis, planChassis } from './chassis.js';
import { desiredNb } from './desired.js';
import { emptyNb, type Actual } from './nb.js';
import { chassisProbe, nbProbe, parseChassis, parseEncaps, parseNb, sbProbe, CHASSIS_PROBE, NB_PROBE, SB_PROBE, type ChassisState } from './read.js';
import { nbSteps } from './transaction.js';
import { destroyVifs, planVifs } from './vif.js';

export interface OvnState {
  /** The northbound rows (central host only; empty offline). */
  nb?: Actual;
  /** Chassis name by tunnel address (central host only). */
  encaps: Map<string, string>;
  /** OVS external_ids and interfaces (chassis hosts). */
  chassis?: ChassisState;
}

const hasLogical = (v: HostView): boolean => {
  const o = v.model.ovn;
  return o.switches.size + o.routers.size + o.ports.length + o.links.length + o.uplinks.length + o.routes.length > 0;
};
/** The northbound database is the central's network part; the chassis settings and VIFs are a host's own. */
const isCentral = (v: HostView): boolean => v.part !== 'own' && v.model.ovn.central?.host === v.name;
const isChassisHost = (v: HostView): boolean => v.part !== 'network' && (v.model.ovn.chassis.has(v.name) || v.model.ovn.ports.some((p) => p.peer && p.host.value === v.name));

/** Why the northbound database could not be read, as a diagnostic on `ovn central`. */
function nbUnreadable(view: HostView, stderr: string, code: number): Diagnostic {
  const span = view.model.ovn.central!.stmt.span;
  const first = stderr.trim().split('\n')[0] ?? '';
  if (code === 127) return diag('VN201', span, `ovn-nbctl is not installed on ${view.name}, the 'ovn central'`, { hint: 'install ovn-central there (vsh lab up --ovn starts it in a lab)' });
  return diag('VN200', span, `cannot read the OVN northbound database on ${view.name}${first ? `: ${first}` : ''}`, {
    hint: 'is ovn-central (ovsdb-server with OVN_Northbound, ovn-northd) running there? Nothing was changed.',
  });
}

/** The chassis name OVN knows a host by: from its tunnel address in the southbound Encap table, else its name (the lab's system-id). */
function chassisNamer(view: HostView, encaps: ReadonlyMap<string, string>): (host: string) => string {
  return (host) => {
    const h = view.model.hosts.get(host);
    const ip = h && underlayAddress(h)?.value;
    return (ip && encaps.get(ip)) || host;
  };
}

export const ovnBackend: Backend<OvnState> = {
  id: 'ovn',
  networkWide: true,
  probes(view) {
    const probes: Probe[] = [];
    if (isCentral(view) && hasLogical(view)) probes.push(nbProbe, sbProbe);
    if (isChassisHost(view)) probes.push(chassisProbe);
    return probes;
  },
  read(view, outputs) {
    const diagnostics: Diagnostic[] = [];
    const state: OvnState = { encaps: new Map() };
    if (!outputs) return { state: { ...state, ...(isCentral(view) ? { nb: emptyNb() } : {}), ...(isChassisHost(view) ? { chassis: { externalIds: new Map(), ifaces: new Map() } } : {}) } };
    if (isCentral(view) && hasLogical(view)) {
      const r = outputs.get(NB_PROBE);
      const nb = parseNb(r);
      if (nb) state.nb = nb;
      else diagnostics.push(nbUnreadable(view, r?.stderr ?? 'no answer', r?.code ?? 1));
      state.encaps = parseEncaps(outputs.get(SB_PROBE));
    }
    if (isChassisHost(view)) {
      const r = outputs.get(CHASSIS_PROBE);
      const chassis = parseChassis(r);
      if (chassis) state.chassis = chassis;
      else {
        const stmt = view.model.ovn.chassis.get(view.name) ?? view.model.ovn.ports.find((p) => p.host.value === view.name)!;
        diagnostics.push(diag('VN201', stmt.span, `Open vSwitch does not answer on ${view.name}, an OVN chassis${r?.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`, { hint: 'an OVN chassis needs ovsdb-server, ovs-vswitchd and ovn-controller running' }));
      }
    }
    return { state, diagnostics };
  },
  plan(view, state) {
    const steps = [];
    const chassis = view.model.ovn.chassis.get(view.name);
    if (chassis && state.chassis) {
      const s = planChassis(view, chassis, state.chassis);
      if (s) steps.push(s);
    }
    if (state.chassis) steps.push(...planVifs(view, state.chassis));
    if (isCentral(view) && hasLogical(view) && state.nb) steps.push(...nbSteps(view, desiredNb(view.model.ovn, chassisNamer(view, state.encaps)), state.nb, 'apply'));
    return steps;
  },
  destroy(view, state) {
    const steps = [];
    if (isCentral(view) && hasLogical(view) && state.nb) steps.push(...nbSteps(view, desiredNb(view.model.ovn, chassisNamer(view, state.encaps)), state.nb, 'destroy'));
    if (state.chassis) steps.push(...destroyVifs(view, state.chassis));
    const chassis = view.model.ovn.chassis.get(view.name);
    if (chassis && state.chassis) {
      const s = destroyChassis(view, chassis, state.chassis);
      if (s) steps.push(s);
    }
    return steps;
  },
};
