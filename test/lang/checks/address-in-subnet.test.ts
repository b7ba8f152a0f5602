import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';
const net = (opts: string) => withCode(`${HOST}network lab mode nat ${opts}\n`, 'VN131');

describe('VN131 address-in-subnet', () => {
  it('flags a gateway outside the subnet, related to the subnet', () => {
    const [d, ...rest] = net('subnet 10.0.0.0/24 gateway 10.0.1.1');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('2:49');
    expect(d!.message).toBe("network 'lab' on hostA: gateway 10.0.1.1 is outside subnet 10.0.0.0/24");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 2, column: 29 });
  });

  it('flags a gateway that is the broadcast address', () => {
    const [d] = net('subnet 10.0.0.0/24 gateway 10.0.0.255');
    expect(d!.message).toContain('is the broadcast address of 10.0.0.0/24');
  });

  it('flags a subnet whose host address is the broadcast address', () => {
    const [d] = net('subnet 10.0.0.255/24');
    expect(at(d)).toBe('2:29');
    expect(d!.message).toContain('10.0.0.255 is the broadcast address of 10.0.0.0/24');
  });

  it('flags bridge and port addresses that are the network or broadcast address', () => {
    const ds = withCode(`${HOST}bridge br0 address 10.1.0.0/24\nport p1 type internal address 10.2.255.255/16\n`, 'VN131');
    expect(ds.map(at)).toEqual(['2:20', '3:31']);
    expect(ds[0]!.message).toBe("bridge 'br0' on hostA: 10.1.0.0 is the network address of 10.1.0.0/24, not a host address");
    expect(ds[1]!.message).toContain("port 'p1' on br0@hostA");
    expect(ds[1]!.message).toContain('broadcast address of 10.2.0.0/16');
  });

  it('flags a reversed DHCP range', () => {
    const [d] = net('subnet 10.0.0.0/24 dhcp 10.0.0.200-10.0.0.100');
    expect(at(d)).toBe('2:46');
    expect(d!.message).toContain('DHCP range 10.0.0.200-10.0.0.100 is reversed');
    expect(d!.hint).toContain('10.0.0.100-10.0.0.200');
  });

  it('flags a DHCP range outside the subnet', () => {
    const [d] = net('subnet 10.0.0.0/24 dhcp 10.0.0.100-10.0.1.10');
    expect(d!.message).toContain('is not inside subnet 10.0.0.0/24');
  });

  it('flags a DHCP range containing the default gateway .1, pointing at the subnet', () => {
    const [d] = net('subnet 10.0.0.0/24 dhcp 10.0.0.1-10.0.0.50');
    expect(at(d)).toBe('2:46');
    expect(d!.message).toContain('contains the gateway 10.0.0.1 (the default: first host address)');
    expect(d!.related?.[0]?.span).toMatchObject({ line: 2, column: 29 });
  });

  it('takes the gateway from a subnet with host bits set, or from gateway', () => {
    expect(net('subnet 10.0.0.50/24 dhcp 10.0.0.2-10.0.0.99')[0]!.message).toContain('gateway 10.0.0.50 (the address in subnet)');
    const [d] = net('subnet 10.0.0.0/24 gateway 10.0.0.254 dhcp 10.0.0.128-10.0.0.254');
    expect(d!.message).toContain('contains the gateway 10.0.0.254');
    expect(d!.related?.[0]?.span).toMatchObject({ line: 2, column: 49 });
  });

  it('flags a DHCP range containing the broadcast address', () => {
    const [d] = net('subnet 10.0.0.0/24 dhcp 10.0.0.100-10.0.0.255');
    expect(d!.message).toContain('contains the broadcast address of 10.0.0.0/24');
  });

  it('does not fire for a well-formed network, nor for /31 and /32 addresses', () => {
    expect(net('subnet 192.168.100.0/24 gateway 192.168.100.1 dhcp 192.168.100.2-192.168.100.254')).toEqual([]);
    expect(net('subnet 192.168.100.1/24 dhcp 192.168.100.128-192.168.100.254')).toEqual([]);
    expect(withCode(`${HOST}bridge br0 address 10.9.0.0/31\nport lo1 type internal address 10.9.1.0/32\n`, 'VN131')).toEqual([]);
  });

  it('reports invalid addresses as VN001, in any statement', () => {
    const ds = withCode(
      `host hostA address 300.1.1.1
bridge br0 address 10.0.0.1/33
network lab mode nat subnet 10.0.0.0/24 dhcp 10.0.0.10-10.0.0.256
`,
      'VN001',
    );
    expect(ds.map(at)).toEqual(['1:20', '2:20', '3:46']);
    expect(ds[0]!.message).toBe("'300.1.1.1' is not an IPv4 address");
    expect(ds[1]!.message).toBe("'10.0.0.1/33' has prefix /33, over 32");
    expect(ds[2]!.message).toBe("'10.0.0.256' is not an IPv4 address");
  });
});
