/**
 * VN134: a network's options fit its mode (libvirt's formatnetwork): route/hostdev need
 * `dev`, bridge needs `bridge`; bridge/hostdev carry no IP (subnet, gateway, dhcp), STP or
 * DNS domain, bridge mode no `dev`, hostdev no bridge; isolated has no `dev`; dhcp and
 * gateway need a subnet;
 * `virtualport openvswitch` only with mode bridge.
 */
import type { NetworkMode } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { createsBridge } from './network-util.js';
import type { CheckRule } from './rule.js';

interface ModeRule {
  needs?: { option: string; why: string };
  refuses?: { options: string[]; why: string };
}

const MODES: Record<NetworkMode, ModeRule> = {
  nat: {},
  route: { needs: { option: 'dev', why: 'the interface to route through' } },
  isolated: { refuses: { options: ['dev'], why: 'an isolated network forwards nowhere' } },
  bridge: {
    needs: { option: 'bridge', why: 'the existing bridge to join' },
    // libvirt refuses these in bridge mode (checked with virsh net-define): the bridge is not libvirt's to configure.
    refuses: { options: ['subnet', 'gateway', 'dhcp', 'stp', 'domain', 'dev'], why: 'libvirt only plugs guests into an existing bridge here: no IP, DNS domain, STP or device of its own; configure the bridge itself' },
  },
  hostdev: {
    needs: { option: 'dev', why: 'the SR-IOV physical function whose VFs form the pool' },
    refuses: { options: ['subnet', 'gateway', 'dhcp', 'bridge', 'stp', 'domain'], why: 'guests get VFs directly: there is no bridge, no host address and no DNS' },
  },
};

export const networkModeOptions: CheckRule = {
  id: 'network-mode-options',
  codes: ['VN134'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const n of model.networks.values()) {
      const s = n.stmt;
      const mode = s.mode.value;
      const given = s.optionSpans;
      const where = `network '${n.name}' on ${n.host}`;
      const { needs, refuses } = MODES[mode];
      if (needs && !given[needs.option])
        out.push(diag('VN134', s.mode.span, `${where}: mode ${mode} needs '${needs.option}' (${needs.why})`, { hint: `add '${needs.option} IFACE'` }));
      for (const option of refuses?.options ?? []) {
        const span = given[option];
        if (span) out.push(diag('VN134', span, `${where}: mode ${mode} takes no '${option}' (${refuses!.why})`, { hint: `remove '${option}', or change the mode` }));
      }
      // DHCP and a gateway live on the bridge libvirt makes, and need the subnet's prefix.
      if (createsBridge(mode) && !given.subnet)
        for (const option of ['dhcp', 'gateway'])
          if (given[option])
            out.push(diag('VN134', given[option]!, `${where}: '${option}' needs a 'subnet' (the address and prefix of the network)`, { hint: "add 'subnet A.B.C.D/PREFIX'" }));
      if (given.virtualport && mode !== 'bridge')
        out.push(
          diag('VN134', given.virtualport, `${where}: 'virtualport openvswitch' only applies to mode bridge, not ${mode}`, {
            hint: "use 'mode bridge bridge OVSBRIDGE virtualport openvswitch' to put the network on an Open vSwitch bridge",
          }),
        );
    }
    return out;
  },
};
