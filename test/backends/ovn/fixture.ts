/** The seed-004 topology (LAB.md "OVN logical router with uplinks on external VLANs"), for the OVN driver's tests. */
export const SEED_004 = `host hostA address 192.0.2.11 underlay 10.200.0.1 datapath netdev
host hostB address 192.0.2.12 underlay 10.200.0.2 datapath netdev
ovn central hostA
ovn chassis hostA mapping physnet:br-phy
ovn chassis hostB mapping physnet:br-phy
namespace vm1 on hostA
namespace vm2 on hostB
logical switch ls-web subnet 10.90.1.0/24
logical switch ls-db subnet 10.90.2.0/24
logical router lr1
logical link lr1 to ls-web address 10.90.1.1/24
logical link lr1 to ls-db address 10.90.2.1/24
logical port vm1 on ls-web host hostA address 0a:00:00:90:01:0a 10.90.1.10 peer vm1:eth1
logical port vm2 on ls-db host hostB address 0a:00:00:90:02:0a 10.90.2.10 peer vm2:eth1
logical uplink lr1 vlan 100 network physnet address 172.30.100.1/24 chassis hostA
logical uplink lr1 vlan 200 network physnet address 172.30.200.1/24 gateway 172.30.200.10 chassis hostA
logical route on lr1 10.80.0.0/16 via 172.30.100.10
`;
