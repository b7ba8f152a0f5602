import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

describe('VN100 jump-hosts: unknown jump host', () => {
  it('fires at the jump value, naming both hosts, with a did-you-mean', () => {
    const text = 'host hostA address 192.0.2.1 jump bastoin\nhost bastion address 192.0.2.9\n';
    const [d, ...more] = withCode(text, 'VN100');
    expect(more).toEqual([]);
    expect(at(d)).toBe('1:35');
    expect(d!.message).toContain("'bastoin'");
    expect(d!.message).toContain("'hostA'");
    expect(d!.hint).toContain("'bastion'");
  });

  it('does not suggest the host itself', () => {
    const [d] = withCode('host hostE address 192.0.2.5 jump hostX\n', 'VN100');
    expect(d!.hint).not.toContain("'hostE'");
  });

  it('near miss: a jump host declared further down', () => {
    expect(withCode('host hostA address 192.0.2.1 jump bastion\nhost bastion address 192.0.2.9\n', 'VN100')).toEqual([]);
  });
});

describe('VN004 jump-hosts: jump cycles', () => {
  it('a host that jumps through itself', () => {
    const [d, ...more] = withCode('host hostD address 192.0.2.4 jump hostD\n', 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('1:35');
    expect(d!.message).toBe("host 'hostD' jumps through itself");
  });

  it('a cycle is reported once, at its first host, naming the chain, with the others related', () => {
    const text = `host hostA address 192.0.2.1 jump hostB
host hostB address 192.0.2.2 jump hostC
host hostC address 192.0.2.3 jump hostB
`;
    const [d, ...more] = withCode(text, 'VN004');
    expect(more).toEqual([]);
    expect(at(d)).toBe('2:35');
    expect(d!.message).toContain('hostB -> hostC -> hostB');
    expect(at(d?.related?.[0])).toBe('3:35');
  });

  it('near miss: a chain that ends at a directly reachable host', () => {
    const text = `host hostA address 192.0.2.1 jump hostB
host hostB address 192.0.2.2 jump hostC
host hostC address 192.0.2.3
`;
    expect(withCode(text, 'VN004')).toEqual([]);
    expect(withCode(text, 'VN100')).toEqual([]);
  });
});
