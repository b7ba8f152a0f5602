/**
 * The SR-IOV driver: VF counts in sysfs (`sriov PF vfs N`) and VFs handed to guests as
 * hostdev NICs (`attach DOMAIN to vf PF#N`, `virsh attach-device --config`). It reads each
 * PF's `sriov_totalvfs` (the VN140 live check), `sriov_numvfs` and `virtfnN` links, and the
 * guests it attaches VFs to.
 */
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import type { AttachVfObj, SriovObj } from '../../lang/model.js';
import { LOOK, PHASE, type Backend, type HostView, type Probe, type ProbeOutputs, type ReadResult, type Step } from '../backend.js';
import { deviceCommand, domainProbes, hostdevNicXml, missingGuest, pciAttrs, readDomains, verifyInDomain, type GuestNic, type LiveDomain } from '../libvirt/guests.js';
import { el, renderXml } from '../libvirt/xml.js';
import { holdsCommand, numvfsPath, parsePf, readPfCommand, resolvedDeviceCommand, sysfsRoot, virtfnPath, writeCommand, type PfState } from './sysfs.js';

export interface SriovState {
  /** PFs that were read, by name. */
  pfs: Map<string, PfState>;
  /** Guests that VFs are attached to, by name. */
  domains: Map<string, LiveDomain>;
}

function objects(view: HostView): { sriovs: SriovObj[]; vfs: AttachVfObj[]; pfs: string[] } {
  const sriovs = view.model.sriovs.filter((s) => s.host === view.name);
  const vfs = view.model.vfAttachments.filter((a) => a.host === view.name);
  const pfs = [...new Set([...sriovs.map((s) => s.stmt.pf.value), ...vfs.map((a) => a.stmt.pf.value)])];
  return { sriovs, vfs, pfs };
}

const pfId = (pf: string) => `sriov.pf.${pf}`;

function probes(view: HostView): Probe[] {
  const { vfs, pfs } = objects(view);
  const root = sysfsRoot();
  return [...pfs.map((pf) => ({ id: pfId(pf), command: readPfCommand(root, pf) })), ...domainProbes('sriov', vfs.map((a) => a.stmt.domain.value))];
}

function read(view: HostView, outputs: ProbeOutputs): ReadResult<SriovState> {
  const { sriovs, vfs, pfs } = objects(view);
  const state: SriovState = { pfs: new Map(), domains: new Map() };
  if (!outputs) return { state };
  const diagnostics: Diagnostic[] = [];
  const totals = new Map<string, number>();
  for (const pf of pfs) {
    const r = outputs.get(pfId(pf));
    if (!r) continue;
    const parsed = parsePf(pf, r);
    if ('lacks' in parsed) {
      const at = sriovs.find((s) => s.stmt.pf.value === pf)?.stmt.pf.span ?? vfs.find((a) => a.stmt.pf.value === pf)!.stmt.pf.span;
      diagnostics.push(diag('VN201', at, `SR-IOV on ${view.name}: ${parsed.lacks}`, { hint: `'ls ${sysfsRoot()}/class/net/${pf}/device/' on ${view.name} shows what the device offers` }));
      continue;
    }
    state.pfs.set(pf, parsed);
    totals.set(pf, parsed.totalvfs);
  }
  const guests = readDomains('sriov', vfs.map((a) => a.stmt.domain.value), outputs);
  state.domains = guests.domains;
  for (const [d, why] of guests.missing) diagnostics.push(missingGuest(view.name, d, why, vfs.find((a) => a.stmt.domain.value === d)!.stmt.domain.span));
  return { state, facts: totals.size ? { sriovTotalVfs: totals } : undefined, diagnostics };
}

/**
 * Writes that take a PF from `from` VFs to `to`. The kernel refuses to change a non-zero
 * count directly (EBUSY), so a change between two non-zero counts goes through 0.
 */
function numvfsWrites(path: string, from: number, to: number) {
  return from !== 0 && to !== 0 ? [writeCommand(path, 0), writeCommand(path, to)] : [writeCommand(path, to)];
}

function planCounts(view: HostView, state: SriovState): Step[] {
  const root = sysfsRoot();
  return objects(view).sriovs.flatMap(({ stmt }): Step[] => {
    const pf = stmt.pf.value;
    const want = stmt.vfs.value;
    const have = state.pfs.get(pf)?.numvfs ?? 0; // offline: an empty host has no VFs
    if (have === want) return [];
    const path = numvfsPath(root, pf);
    const viaZero = have !== 0 && want !== 0;
    return [
      {
        host: view.name,
        backend: 'sriov',
        action: have === 0 ? '+' : '~',
        object: `sriov ${pf} vfs ${want}`,
        phase: PHASE.sriov,
        commands: numvfsWrites(path, have, want),
        undo: numvfsWrites(path, want, have),
        verify: holdsCommand(path, want),
        look: LOOK.link(pf),
        explain:
          `Asks ${pf}'s driver for ${want} virtual functions (sysfs sriov_numvfs): each VF is a PCI device of its own that a guest can own directly, ` +
          `bypassing the host's bridges, OVS and network stack (near line-rate, but no host-side filtering and no live migration).` +
          (viaZero ? ` The count can only change through 0, so ${pf} first drops all ${have} VFs: guests using one lose it.` : ''),
        ...(have !== 0 ? { changes: [`vfs: ${have} -> ${want}`] } : {}),
        span: stmt.span,
      },
    ];
  });
}

/** The hostdev NIC the statement asks for (`pci` when the VF exists now). */
function wanted(a: AttachVfObj, state: SriovState): GuestNic {
  const s = a.stmt;
  const nic: GuestNic = { type: 'hostdev' };
  const pci = state.pfs.get(s.pf.value)?.vfs.get(s.vf.value);
  if (pci) nic.pci = pci;
  if (s.mac) nic.mac = s.mac.value.toLowerCase();
  if (s.vlan) nic.vlan = String(s.vlan.value);
  return nic;
}

const findVf = (d: LiveDomain | undefined, pci: string | undefined) => (pci ? d?.config.find((n) => n.type === 'hostdev' && n.pci === pci) : undefined);

/** attach-device / detach-device of a hostdev NIC: literal XML when its address is known, else read from `virtfnN` as the step runs. */
function vfDevice(verb: 'attach-device' | 'detach-device', root: string, a: AttachVfObj, nic: GuestNic) {
  const xml = hostdevNicXml(nic);
  const domain = a.stmt.domain.value;
  return nic.pci ? deviceCommand(verb, domain, xml, ['config']) : resolvedDeviceCommand(verb, virtfnPath(root, a.stmt.pf.value, a.stmt.vf.value), domain, renderXml(xml));
}

function planVfs(view: HostView, state: SriovState): Step[] {
  const root = sysfsRoot();
  return objects(view).vfs.flatMap((a): Step[] => {
    const s = a.stmt;
    const want = wanted(a, state);
    const old = findVf(state.domains.get(s.domain.value), want.pci);
    const changes = old ? (['mac', 'vlan'] as const).filter((k) => want[k] !== undefined && want[k] !== old[k]).map((k) => `${k}: ${old[k] ?? '(none)'} -> ${want[k]}`) : [];
    if (old && changes.length === 0) return [];
    const vf = `${s.pf.value}#${s.vf.value}`;
    const address = want.pci
      ? `(PCI ${want.pci})`
      : `(its PCI address is read from ${virtfnPath(root, s.pf.value, s.vf.value)} when the step runs: ${state.pfs.has(s.pf.value) ? 'the VF does not exist yet' : 'the host was not read'})`;
    const verify = want.pci
      ? verifyInDomain(s.domain.value, renderXml(el('address', pciAttrs(want.pci))).trim(), 'config')
      : want.mac && verifyInDomain(s.domain.value, renderXml(el('mac', { address: want.mac })).trim(), 'config');
    return [
      {
        host: view.name,
        backend: 'sriov',
        action: old ? '~' : '+',
        object: `vf ${vf} to ${s.domain.value}`,
        phase: PHASE.guests,
        commands: [...(old ? [vfDevice('detach-device', root, a, old)] : []), vfDevice('attach-device', root, a, want)],
        undo: [vfDevice('detach-device', root, a, want), ...(old ? [vfDevice('attach-device', root, a, old)] : [])],
        ...(verify ? { verify } : {}),
        look: LOOK.guestNics(s.domain.value),
        explain:
          `Hands VF ${s.vf.value} of ${s.pf.value} ${address} to guest ${s.domain.value} as a hostdev NIC (managed: libvirt binds the VF to vfio-pci when the guest starts). ` +
          (want.mac ? `The PF driver sets MAC ${want.mac} on the VF. ` : '') +
          (want.vlan ? `The NIC tags and untags VLAN ${want.vlan} itself, so the guest sees untagged traffic and cannot leave the VLAN. ` : '') +
          'Persistent (--config): it takes effect at the guest\'s next start.',
        ...(changes.length ? { changes } : {}),
        span: s.span,
      },
    ];
  });
}

function destroyCounts(view: HostView, state: SriovState): Step[] {
  const root = sysfsRoot();
  return objects(view).sriovs.flatMap(({ stmt }): Step[] => {
    const have = state.pfs.get(stmt.pf.value)?.numvfs ?? 0;
    if (have === 0) return [];
    const path = numvfsPath(root, stmt.pf.value);
    return [
      {
        host: view.name,
        backend: 'sriov',
        action: '-',
        object: `sriov ${stmt.pf.value} vfs ${have}`,
        phase: PHASE.sriov,
        commands: [writeCommand(path, 0)],
        undo: [writeCommand(path, have)],
        verify: holdsCommand(path, 0),
        explain: `Removes all ${have} VFs of ${stmt.pf.value} (sriov_numvfs 0); a guest still using one loses it.`,
        span: stmt.span,
      },
    ];
  });
}

function destroyVfs(view: HostView, state: SriovState): Step[] {
  const root = sysfsRoot();
  return objects(view).vfs.flatMap((a): Step[] => {
    const s = a.stmt;
    const have = findVf(state.domains.get(s.domain.value), wanted(a, state).pci);
    if (!have) return [];
    return [
      {
        host: view.name,
        backend: 'sriov',
        action: '-',
        object: `vf ${s.pf.value}#${s.vf.value} to ${s.domain.value}`,
        phase: PHASE.guests,
        commands: [vfDevice('detach-device', root, a, have)],
        undo: [vfDevice('attach-device', root, a, have)],
        explain: `Takes VF ${s.vf.value} of ${s.pf.value} (PCI ${have.pci}) out of guest ${s.domain.value}'s persistent definition.`,
        span: s.span,
      },
    ];
  });
}

export const sriovBackend: Backend<SriovState> = {
  id: 'sriov',
  probes,
  read,
  plan: (view, state) => [...planCounts(view, state), ...planVfs(view, state)],
  destroy: (view, state) => [...destroyVfs(view, state), ...destroyCounts(view, state)],
};
