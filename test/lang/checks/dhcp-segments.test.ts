import { describe, expect, it } from 'vitest';
import { at, codes, TWO_HOSTS, withCode } from '../../helpers.js';

/** A server on hostA VLAN `serverTag`, a client on hostB VLAN 10, joined by `tunnel`. */
const lab = (serverTag: string, tunnel: string, more = '') => `${TWO_HOSTS}bridge br-c on hostA
bridge br-c on hostB
namespace cli on hostB
dhcp on br-c@hostA ${serverTag} address 10.50.0.1/24 range 10.50.0.100-10.50.0.150
port c1-p on br-c@hostB type veth peer cli:eth0 tag 10 address dhcp
${tunnel}
${more}`;

describe('VN162 address dhcp that no server reaches', () => {
  it('is quiet when a tunnel carries the VLAN to the server', () => {
    expect(codes(lab('tag 10', 'tunnel geneve hostA <-> hostB on br-c trunk 10'))).toEqual([]);
    expect(codes(lab('tag 10', 'tunnel vxlan hostA <-> hostB on br-c'))).toEqual([]);
  });

  it('points at the address of a client whose VLAN the tunnel leaves out, and names the servers', () => {
    const [d, ...rest] = withCode(lab('tag 10', 'tunnel geneve hostA <-> hostB on br-c trunk 20'), 'VN162');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('7:64');
    expect(d!.message).toBe("'address dhcp' on cli:eth0 (port 'c1-p' on br-c@hostB VLAN 10): no dhcp server is on this segment, so no lease would come");
    expect(d!.hint).toContain('the dhcp servers are on br-c@hostA VLAN 10');
  });

  it('reports a server on another VLAN, or no tunnel at all, and says what to add when there is no server', () => {
    expect(withCode(lab('tag 20', 'tunnel geneve hostA <-> hostB on br-c'), 'VN162')).toHaveLength(1);
    expect(withCode(lab('', 'tunnel geneve hostA <-> hostB on br-c'), 'VN162')).toHaveLength(1); // untagged server, client on VLAN 10
    expect(withCode(lab('tag 10', ''), 'VN162')).toHaveLength(1);
    const text = `${TWO_HOSTS}bridge br-c on hostB\nnamespace cli on hostB\nport c1-p on br-c@hostB type veth peer cli:eth0 address dhcp\n`;
    const [d] = withCode(text, 'VN162');
    expect(d!.message).toContain('br-c@hostB (untagged)');
    expect(d!.hint).toBe("add 'dhcp on br-c@hostB address CIDR range FIRST-LAST', or give the port an address");
  });

  it('is quiet for a server on the same bridge and VLAN of the same host', () => {
    const text = `${TWO_HOSTS}bridge br-c on hostB\nnamespace cli on hostB\ndhcp on br-c@hostB tag 10 address 10.50.0.1/24 range 10.50.0.100-10.50.0.150\nport c1-p on br-c@hostB type veth peer cli:eth0 tag 10 address dhcp\n`;
    expect(codes(text)).toEqual([]);
  });
});

describe('VN163 two dhcp servers on one segment', () => {
  it('warns at the second server, across a tunnel, with the first as related', () => {
    const second = 'dhcp on br-c@hostB tag 10 address 10.50.0.2/24 range 10.50.0.160-10.50.0.200';
    const [d, ...rest] = withCode(lab('tag 10', 'tunnel geneve hostA <-> hostB on br-c trunk 10', second), 'VN163');
    expect(rest).toEqual([]);
    expect(d!.severity).toBe('warning');
    expect(at(d)).toBe('9:9');
    expect(at(d!.related?.[0])).toBe('6:9');
    expect(d!.message).toBe('a second dhcp server on br-c@hostB VLAN 10, the segment of the one on br-c@hostA VLAN 10: clients take whichever answers first');
  });

  it('is quiet for servers on different VLANs or segments', () => {
    const other = 'dhcp on br-c@hostB tag 20 address 10.60.0.1/24 range 10.60.0.100-10.60.0.200';
    expect(withCode(lab('tag 10', 'tunnel geneve hostA <-> hostB on br-c trunk 10', other), 'VN163')).toEqual([]);
    const same = 'dhcp on br-c@hostB tag 10 address 10.50.0.2/24 range 10.50.0.160-10.50.0.200';
    expect(withCode(lab('tag 10', 'tunnel geneve hostA <-> hostB on br-c trunk 20', same), 'VN163')).toEqual([]);
  });

  it('refuses a second server on the same bridge and VLAN of one host as a redeclaration', () => {
    const text = `${TWO_HOSTS}bridge br-c on hostA\ndhcp on br-c@hostA address 10.50.0.1/24 range 10.50.0.100-10.50.0.150\ndhcp on br-c@hostA address 10.50.0.1/24 range 10.50.0.100-10.50.0.160\n`;
    expect(codes(text)).toEqual(['VN105']);
  });
});

describe('address dhcp is a port value only', () => {
  it('is refused on a bridge, a host, a server and a non-veth port', () => {
    expect(codes(`${TWO_HOSTS}bridge br0 on hostA address dhcp\n`)).toEqual(['VN001']);
    expect(codes('host h1 address dhcp\n')).toEqual(['VN001']);
    expect(codes(`${TWO_HOSTS}bridge br0 on hostA\ndhcp on br0 address dhcp range 10.0.0.2-10.0.0.9\n`)).toContain('VN001');
    const [d] = withCode(`${TWO_HOSTS}bridge br0 on hostA\nport p1 on br0 type internal address dhcp\n`, 'VN004');
    expect(d!.message).toContain("'address dhcp' applies to a veth port with a peer");
  });
});
