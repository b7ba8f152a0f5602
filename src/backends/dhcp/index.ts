/**
 * The DHCP driver: DHCP servers (`dhcp on BRIDGE`: an interface of their own on the bridge
 * and a dnsmasq that vsh starts and owns, its files under /run/vsh/PROJECT/dhcp) and DHCP
 * clients (`address dhcp`: busybox udhcpc in the endpoint until it has a lease). Read in the
 * host's one round trip; a lease read back is reported, never diffed.
 */
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import type { Backend } from '../backend.js';
import { desiredFor } from './desired.js';
import { dhcpProbes, readDhcp, type DhcpState } from './read.js';
import { destroyDhcp, leaseNotes, planDhcp } from './steps.js';

export type { DhcpState } from './read.js';

export const dhcpBackend: Backend<DhcpState> = {
  id: 'dhcp',
  probes: (view) => dhcpProbes(desiredFor(view)),
  read(view, outputs) {
    const want = desiredFor(view);
    const state = readDhcp(want, outputs);
    const diagnostics: Diagnostic[] = [];
    if (outputs && outputs.get('dhcp.tools')?.code === 0) {
      const missing = (tool: string, pkg: string, span: Diagnostic['span'], what: string) =>
        diagnostics.push(diag('VN201', span, `${view.name} has no ${tool} (${what})`, { hint: `install it there: apt-get install ${pkg}` }));
      const server = want.servers[0];
      if (server && !state.tools.has('dnsmasq')) missing('dnsmasq', 'dnsmasq-base', server.span, 'vsh runs dnsmasq as the DHCP server');
      const client = want.clients[0];
      if (client && !state.tools.has('busybox')) missing('busybox', 'busybox-static', client.span, "vsh runs busybox's udhcpc as the DHCP client");
    }
    return { state, diagnostics, notes: leaseNotes(want, state) };
  },
  plan: (view, state) => planDhcp(view, desiredFor(view), state),
  destroy: (view, state) => destroyDhcp(view, desiredFor(view), state),
};
