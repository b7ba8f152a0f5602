import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const TWO = `host hostA address 192.0.2.1
host hostB address 192.0.2.2
namespace red on hostA
namespace blue on hostB
`;

describe('VN150 expect-namespace: expect from an undeclared namespace', () => {
  it('fires at the namespace name, naming it and the host, with a did-you-mean', () => {
    const [d, ...more] = withCode(`${TWO}expect reach rde@hostA 10.0.0.1\n`, 'VN150');
    expect(more).toEqual([]);
    expect(at(d)).toBe('5:14');
    expect(d!.message).toBe("expect names namespace 'rde', which is not declared on hostA");
    expect(d!.hint).toBe("did you mean 'red'?");
  });

  it('expect from a host (its root namespace) needs no namespace; an unknown name still fires', () => {
    expect(withCode(`${TWO}expect reach hostA 10.0.0.1\nexpect noreach hostB 10.0.0.1\n`, 'VN150')).toEqual([]);
    expect(withCode(`${TWO}use hostA\nexpect reach hostC 10.0.0.1\n`, 'VN150')).toHaveLength(1);
  });

  it('points at the host a namespace of that name is declared on', () => {
    const [d] = withCode(`${TWO}use hostA\nexpect noreach blue 10.0.0.1\n`, 'VN150');
    expect(at(d)).toBe('6:16');
    expect(d!.hint).toContain("'blue@hostB'");
  });

  it('a namespace only used as a veth peer is not declared', () => {
    const text = 'host hostA local\nbridge br0\nport v1 type veth peer green:eth0\nexpect reach green 10.0.0.1\n';
    const [d] = withCode(text, 'VN150');
    expect(at(d)).toBe('4:14');
    expect(d!.hint).toBe("declare it: 'namespace green on hostA'");
  });

  it('near miss: declared on that host, by context or by @HOST, before or after the expect', () => {
    const text = `${TWO}expect reach red@hostA 10.0.0.1\nuse hostB\nexpect noreach blue 10.0.0.1\nexpect reach green 10.0.0.1\nnamespace green\n`;
    expect(withCode(text, 'VN150')).toEqual([]);
  });
});
