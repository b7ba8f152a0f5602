import { describe, expect, it } from 'vitest';
import { at, codes, TWO_HOSTS, withCode } from '../../helpers.js';

const server = (opts: string) => `${TWO_HOSTS}bridge br-c on hostA\ndhcp on br-c@hostA ${opts}\n`;

describe('VN164 dhcp range', () => {
  it('accepts a range inside the subnet that leaves the server and gateway out', () => {
    expect(codes(server('address 10.50.0.1/24 range 10.50.0.100-10.50.0.150 gateway 10.50.0.254'))).toEqual([]);
  });

  it('reports a reversed range at the range, with the fix', () => {
    const [d, ...rest] = withCode(server('address 10.50.0.1/24 range 10.50.0.150-10.50.0.100'), 'VN164');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:47');
    expect(d!.message).toBe('dhcp range 10.50.0.150-10.50.0.100 is reversed: it starts after it ends');
    expect(d!.hint).toBe("write 'range 10.50.0.100-10.50.0.150'");
  });

  it('reports a range outside the subnet of the address, pointing back at the address', () => {
    const [d] = withCode(server('address 10.50.0.1/24 range 10.50.1.100-10.50.1.150'), 'VN164');
    expect(d!.message).toBe("dhcp range 10.50.1.100-10.50.1.150 is not inside 10.50.0.0/24, the subnet of the server's address 10.50.0.1/24");
    expect(d!.hint).toContain('10.50.0.1-10.50.0.254');
    expect(at(d!.related?.[0])).toBe('4:28');
  });

  it("reports a range holding the server's address, the gateway, or the broadcast address", () => {
    expect(withCode(server('address 10.50.0.120/24 range 10.50.0.100-10.50.0.150'), 'VN164')[0]!.message).toContain("holds the server's own address 10.50.0.120");
    const [gw] = withCode(server('address 10.50.0.1/24 range 10.50.0.100-10.50.0.150 gateway 10.50.0.110'), 'VN164');
    expect(gw!.message).toContain('holds the gateway 10.50.0.110');
    expect(at(gw!.related?.[0])).toBe('4:79');
    expect(withCode(server('address 10.50.0.1/24 range 10.50.0.100-10.50.0.255'), 'VN164')[0]!.message).toContain('the broadcast address 10.50.0.255');
  });
});
