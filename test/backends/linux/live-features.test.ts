/**
 * Plan-only, on this machine's real kernel (read through a throw-away namespace, nothing
 * applied): the LAB kernel has no 8021q, gre/gretap or bonding, so `vlan`, a GRE tunnel
 * between Linux bridges and a Linux bond each get a clear VN201 — and their plan still
 * renders, for reading and for hosts that have them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUseNetns, NetnsExecutor, NetnsSandbox } from '../../support/netns.js';
import { model, readLive, render, viewOf } from './helpers.js';
import { linuxBackend } from '../../../src/backends/linux/index.js';
import { skipping } from '../../support/skip.js';

const root = await canUseNetns();

const TEXT = `host hostA local underlay 10.0.0.1
host hostB local underlay 10.0.0.2
vlan lo.10 on hostA
bond bond0 on hostA slaves lo
bridge br0 on hostA kind linux
bridge br0 on hostB kind linux
tunnel gre hostA<->hostB on br0 key 5
`;

describe.skipIf(skipping('linux driver on this kernel', !root && 'needs root on Linux with iproute2 (network namespaces)'))("plan-only on this machine's kernel (no 8021q, gre, bonding)", () => {
  const sb = new NetnsSandbox();
  let exec: NetnsExecutor;
  beforeAll(async () => {
    exec = new NetnsExecutor('hostA', await sb.add('h'));
  });
  afterAll(() => sb.cleanup());

  it('reports VN201 for vlan, gretap and bond with what is missing, and still renders their plan', async () => {
    const view = viewOf(model(TEXT), 'hostA');
    const read = await readLive(view, exec);
    const missing = ['8021q', 'gre', 'bonding'].filter((f) => !read.state.features?.has(f as never));
    expect(missing, 'this test expects the LAB kernel (LAB.md): no 8021q, gre, bonding').toEqual(['8021q', 'gre', 'bonding']);
    expect(read.diagnostics?.filter((d) => d.code === 'VN201').map((d) => d.message)).toEqual([
      "the kernel on hostA has no bonding support (bonding): 'bond bond0' cannot be created",
      "the kernel on hostA has no 802.1Q VLAN support (8021q): 'vlan lo.10' cannot be created",
      "the kernel on hostA has no GRE tunnel support (ip_gre): 'gretap gre-hostB' cannot be created",
    ]);
    const plan = render(linuxBackend.plan(view, read.state));
    expect(plan).toContain('ip link add link lo name lo.10 type vlan id 10');
    expect(plan).toContain('ip link add name bond0 type bond mode active-backup');
    expect(plan).toContain('ip link add name gre-hostB type gretap remote 10.0.0.2 local 10.0.0.1 key 5');
  });
});
