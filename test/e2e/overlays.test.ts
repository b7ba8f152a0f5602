/**
 * GENEVE and VXLAN tunnels between OVS bridges on two lab hosts (OVS's userspace datapath
 * does the encapsulation: this kernel has vxlan but no geneve or gre devices), and a Linux
 * bridge with veth guests on one host — all through `vsh run` over SSH, with `expect`
 * lines that must pass. Then checked by hand: the tunnel ports are what the script says,
 * the Linux bridge is a kernel bridge holding both veths, and the traffic between the
 * overlay guests really is encapsulated on the underlay (OVS's datapath flows on hostB:
 * UDP 6081 and 4789 decapsulated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: GENEVE, VXLAN and a Linux bridge on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up('overlay');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('vsh run applies both overlays and the Linux bridge; every expect line passes', async () => {
    const r = await vsh(['run', lab.inventory, scenario('overlays.vnet')]);
    expect(r.stderr).not.toContain('apply failed');
    expect(r.stdout).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^passed: /gm)).toHaveLength(8);
  }, 45_000);

  it('the tunnel ports are GENEVE and VXLAN with the VNIs and remote underlay addresses of the script', async () => {
    const ifaces = (host: string) => lab.sh(host, 'for i in $(ovs-vsctl --bare --columns=name list Interface | sort); do echo "$i $(ovs-vsctl get Interface $i type) $(ovs-vsctl get Interface $i options)"; done');
    const [a, b] = await Promise.all([ifaces('hostA'), ifaces('hostB')]);
    expect(a).toContain('geneve-hostB geneve {key="5001", remote_ip="10.200.0.2"}');
    expect(a).toContain('vxlan-hostB vxlan {key="5002", remote_ip="10.200.0.2"}');
    expect(b).toContain('geneve-hostA geneve {key="5001", remote_ip="10.200.0.1"}');
    expect(b).toContain('vxlan-hostA vxlan {key="5002", remote_ip="10.200.0.1"}');
    expect(await lab.sh('hostA', 'ovs-vsctl port-to-br geneve-hostB; ovs-vsctl port-to-br vxlan-hostB')).toBe('br-gnv\nbr-vxl\n');
  }, 20_000);

  it('the Linux bridge is a kernel bridge (not OVS) holding both guests, with the gateway address', async () => {
    const out = await lab.sh('hostA', 'ip -json -d link show lbr0; echo; ip -json link show master lbr0; echo; ip -json addr show dev lbr0; echo; ovs-vsctl br-exists lbr0; echo "ovs:$?"');
    const [bridge, members, addr] = out.split('\n').filter((l) => l.startsWith('[')).map((l) => JSON.parse(l));
    expect(bridge[0].linkinfo.info_kind).toBe('bridge');
    expect(bridge[0].linkinfo.info_data.stp_state).toBe(0);
    expect(members.map((m: { ifname: string }) => m.ifname).sort()).toEqual(['l1-p', 'l2-p']);
    expect(addr[0].addr_info.map((a: { local: string; prefixlen: number }) => `${a.local}/${a.prefixlen}`)).toContain('192.168.77.1/24');
    expect(out).toContain('ovs:2'); // not an OVS bridge
  }, 20_000);

  it('overlay traffic is encapsulated on the underlay: GENEVE on UDP 6081, VXLAN on UDP 4789 (hostB decapsulates it)', async () => {
    // No tcpdump needed (nor installed by CI): OVS's datapath on hostB shows the underlay flows
    // it decapsulated (tnl_pop), keyed by UDP destination port, with their packet counts.
    const pings = await Promise.all([lab.ssh('hostA', 'ip netns exec g1 ping -c 3 -i 0.2 -W 1 172.16.1.2'), lab.ssh('hostA', 'ip netns exec x1 ping -c 3 -i 0.2 -W 1 172.16.1.4')]);
    expect(pings.map((p) => p.code)).toEqual([0, 0]);
    const flows = await lab.sh('hostB', 'ovs-appctl dpctl/dump-flows');
    expect(flows).toMatch(/ipv4\(dst=10\.200\.0\.2,proto=17[^)]*\),udp\(dst=6081\), packets:[1-9]\d*.*actions:tnl_pop/);
    expect(flows).toMatch(/ipv4\(dst=10\.200\.0\.2,proto=17[^)]*\),udp\(dst=4789\), packets:[1-9]\d*.*actions:tnl_pop/);
  }, 30_000);
});
