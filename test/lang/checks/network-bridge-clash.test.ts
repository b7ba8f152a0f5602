import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOSTS = 'host hostA address 192.0.2.11\nhost hostB address 192.0.2.12\n';

describe('VN133 network-bridge-clash', () => {
  it('flags a nat network whose bridge is a declared bridge on that host', () => {
    const [d, ...rest] = withCode(
      `${HOSTS}bridge br-int on hostA
network lab on hostA mode nat bridge br-int subnet 10.0.0.0/24
`,
      'VN133',
    );
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:38');
    expect(d!.message).toBe("network 'lab' on hostA would create bridge 'br-int', but bridge 'br-int' is declared on hostA");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 8 });
  });

  it('flags the second of two networks creating the same bridge', () => {
    const [d, ...rest] = withCode(
      `${HOSTS}network one on hostA mode nat bridge virbr7 subnet 10.0.1.0/24
network two on hostA mode isolated bridge virbr7 subnet 10.0.2.0/24
`,
      'VN133',
    );
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:43');
    expect(d!.message).toContain("network 'two' on hostA");
    expect(d!.message).toContain("network 'one'");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 38 });
  });

  it('does not fire for mode bridge networks naming a declared (or undeclared) bridge, or for other hosts', () => {
    expect(
      withCode(
        `${HOSTS}bridge br-int on hostA
network ovs on hostA mode bridge bridge br-int virtualport openvswitch
network ovs2 on hostA mode bridge bridge br-int virtualport openvswitch
network ext on hostA mode bridge bridge br-ext
network lab on hostB mode nat bridge br-int subnet 10.0.0.0/24
network lab2 on hostA mode nat bridge virbr9 subnet 10.0.9.0/24
network lab3 on hostB mode nat bridge virbr9 subnet 10.0.9.0/24
`,
        'VN133',
      ),
    ).toEqual([]);
  });
});
