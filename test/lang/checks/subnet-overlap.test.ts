import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOSTS = 'host hostA address 192.0.2.11\nhost hostB address 192.0.2.12\n';

describe('VN130 subnet-overlap', () => {
  it('flags a bridge address overlapping a nat network on the same host, at the second', () => {
    const [d, ...rest] = withCode(
      `${HOSTS}network default on hostA mode nat subnet 192.168.122.0/24
bridge br0 on hostA address 192.168.122.1/25
`,
      'VN130',
    );
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:29');
    expect(d!.message).toBe("subnet 192.168.122.0/25 of bridge 'br0' overlaps 192.168.122.0/24 of network 'default' on hostA");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 42 });
  });

  it('flags an internal port overlapping its bridge, declared before the bridge in the file order', () => {
    const [d] = withCode(
      `${HOSTS}port mgmt on br0@hostA type internal address 10.0.0.2/24
bridge br0 on hostA address 10.0.0.1/16
`,
      'VN130',
    );
    expect(at(d)).toBe('4:29');
    expect(d!.message).toContain("bridge 'br0'");
    expect(d!.message).toContain("internal port 'mgmt' of br0");
    expect(d!.message).toContain('10.0.0.0/16');
    expect(d!.message).toContain('10.0.0.0/24');
  });

  it('does not fire for the same subnet on two hosts', () => {
    expect(
      withCode(
        `${HOSTS}network default on hostA mode nat subnet 192.168.122.0/24
network default on hostB mode nat subnet 192.168.122.0/24
`,
        'VN130',
      ),
    ).toEqual([]);
  });

  it('does not count veth addresses (they live in a namespace) nor adjacent subnets', () => {
    expect(
      withCode(
        `${HOSTS}bridge br0 on hostA address 10.0.0.1/24
namespace red on hostA
port v1 on br0 type veth peer red:eth0 address 10.0.0.2/24
port v2 on br0 type internal address 10.0.1.1/24
`,
        'VN130',
      ),
    ).toEqual([]);
  });
});
