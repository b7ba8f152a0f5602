import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/graph/mermaid.js';
import { topologyOf } from '../../src/graph/topology.js';
import { check } from '../helpers.js';
import { SEED_004 } from '../backends/ovn/fixture.js';

describe('graph of an OVN logical topology', () => {
  const t = topologyOf(check(SEED_004).model);

  it('draws switches and routers in a cluster of their own, named after the central', () => {
    expect(t.hosts).toEqual(['hostA', 'hostB', 'OVN logical (central hostA)']);
    const logical = t.nodes.filter((n) => n.host === 'OVN logical (central hostA)').map((n) => `${n.kind} ${n.label.join(' / ')}`);
    expect(logical).toEqual([
      'lswitch ls-web / logical switch 10.90.1.0/24',
      'lswitch ls-db / logical switch 10.90.2.0/24',
      'lrouter lr1 / logical router / route 10.80.0.0/16 via 172.30.100.10',
      'lswitch lr1-ext100 / uplink: localnet physnet VLAN 100',
      'lswitch lr1-ext200 / uplink: localnet physnet VLAN 200',
    ]);
  });

  it('notes the central and each chassis, with its encapsulation and bridge mappings, on its host', () => {
    const notes = t.nodes.filter((n) => n.kind === 'host').map((n) => n.label.join(' / '));
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^hostA \/ host \/ OVN central .*\/ OVN chassis geneve mapping physnet:br-phy$/)]));
    expect(notes.some((n) => n.startsWith('hostB / host / OVN chassis'))).toBe(true);
  });

  it('puts each VIF on the chassis that hosts it, and each uplink on its gateway chassis bridge with its VLAN', () => {
    const text = toMermaid(t);
    expect(text).toContain('port_hostA_vm1["vm1<br/>VIF on br-int, 10.90.1.10"]');
    expect(text).toContain('port_hostB_vm2 -.-|"iface-id"| ls_ovn_ls_2d_db');
    expect(text).toContain('ls_ovn_lr1_2d_ext100 ---|"VLAN 100 on gateway chassis hostA"| br_hostA_br_2d_phy');
    expect(text).toContain('lr_ovn_lr1 ---|"172.30.200.1/24 gw 172.30.200.10"| ls_ovn_lr1_2d_ext200');
  });
});
