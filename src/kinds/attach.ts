/**
 * `attach DOMAIN to NETWORK …` and `attach DOMAIN to vf PF#N …`: a libvirt guest's NIC on
 * a network, or an SR-IOV VF passed through. One statement keyword, two kinds.
 */
import type { AttachNetworkStmt, AttachVfStmt, NicModel } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey } from '../lang/model.js';
import { closest } from '../lang/suggest.js';
import type { Build, Kind, Placer } from './kind.js';

export const buildAttach: Build = (b, base) => {
  const domain = b.spanned(b.token('AnyName', 0)!);
  const on = b.onRef();
  const vfRef = b.token('VfRef');
  if (vfRef) {
    b.rejectOptions(['portgroup', 'model', 'live', 'config'], 'to a VF (it is a hostdev, not a network port)');
    const hash = vfRef.image.lastIndexOf('#');
    const s = b.span_(vfRef);
    return {
      kind: 'attach-vf', ...base, domain, on,
      pf: { value: vfRef.image.slice(0, hash), span: { ...s, endOffset: s.offset + hash, endColumn: s.column + hash } },
      vf: { value: Number(vfRef.image.slice(hash + 1)), span: { ...s, offset: s.offset + hash + 1, column: s.column + hash + 1 } },
      mac: b.text('mac'), vlan: b.int('vlan'),
    };
  }
  b.rejectOptions(['vlan'], "to a network (use the network's portgroups for VLANs)");
  return {
    kind: 'attach-network', ...base, domain, network: b.spanned(b.token('AnyName', 1)!), on,
    portgroup: b.text('portgroup'), model: b.text<NicModel>('model'), mac: b.text('mac'),
    live: b.flag('live'), config: b.flag('config'),
  };
};

function placeAttach(s: AttachNetworkStmt | AttachVfStmt, r: Placer): void {
  const host = r.hostOf(s, 'attach');
  if (host) r.place({ stmt: s, host });
}

export const attachNetwork: Kind<AttachNetworkStmt> = {
  place: placeAttach,
  resolve({ stmt: s, host }, r) {
    if (!r.knownHost(host!, r.hostSpan(s))) return;
    if (!r.model.networks.has(hostKey(host!, s.network.value))) {
      const nets = [...r.model.networks.values()].filter((n) => n.host === host).map((n) => n.name);
      const guess = closest(s.network.value, nets);
      r.report(
        diag('VN102', s.network.span, `unknown network '${s.network.value}' on ${host}`, {
          hint: guess ? `did you mean '${guess}'?` : `declare it: 'network ${s.network.value} on ${host} mode …'`,
        }),
      );
      return;
    }
    r.model.attachments.push({ stmt: s, host: host! });
  },
  concept: (s) =>
    `Gives guest ${s.domain.value} a virtual NIC (${s.model?.value ?? 'virtio'}) on network ${s.network.value}${s.portgroup ? `, in portgroup ${s.portgroup.value}` : ''}. ${s.live && s.config ? 'It changes both the running guest and its saved definition.' : s.live ? 'It changes the running guest only: the NIC is gone after a shutdown.' : "It changes the guest's saved definition (next boot); add 'live' to change the running guest too."}`,
  lower: ['libvirt'],
  example: 'attach vmx to ovsnet on hostA portgroup pg10 model virtio config',
};

export const attachVf: Kind<AttachVfStmt> = {
  place: placeAttach,
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.vfAttachments.push({ stmt: s, host: host! });
  },
  concept: (s) =>
    `Passes virtual function ${s.vf.value} of ${s.pf.value} straight through to guest ${s.domain.value} (<interface type='hostdev'>): the guest's traffic bypasses the host's bridges and vSwitch entirely, for near line-rate speed${s.vlan ? `; the NIC itself tags it with VLAN ${s.vlan.value}` : ''}. The VF's PCI address is read from the host (device/virtfn${s.vf.value}).`,
  lower: ['sriov'],
  example: 'attach vmy to vf ens9f0#1 on hostA vlan 30',
  interfaceNames: (s) => [[s.pf, 'physical function']],
  vlans: (s) => ({ ids: s.vlan ? [s.vlan] : [], lists: [] }),
};
