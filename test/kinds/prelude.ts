/** What the kinds' examples may refer to (test/kinds): hosts, bridges, a namespace, a libvirt network, and an OVN topology. */
export const HOSTS = `host hostA address 192.0.2.11 underlay 10.200.0.1
host hostB address 192.0.2.12 underlay 10.200.0.2
`;

/** An OVN central, a chassis, two switches and a router linked to one of them. */
export const OVN_LINES = `ovn central hostA
ovn chassis hostA mapping physnet:br-phy
logical switch ls-x subnet 10.91.1.0/24
logical switch ls-z subnet 10.91.3.0/24
logical router lr-x
logical link lr-x to ls-z address 10.91.3.1/24
`;
