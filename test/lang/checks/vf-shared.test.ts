import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\nsriov ens1f0 vfs 8\n';

describe('VN142 vf-shared', () => {
  it('flags one VF attached to two domains, at the second, related to the first', () => {
    const [d, ...rest] = withCode(`${HOST}attach vm1 to vf ens1f0#2\nattach vm2 to vf ens1f0#2\n`, 'VN142');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:18');
    expect(d!.message).toBe("VF ens1f0#2 on hostA is attached to both domain 'vm1' and domain 'vm2'");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 1 });
  });

  it('flags a VF attached twice to one domain', () => {
    const [d] = withCode(`${HOST}attach vm1 to vf ens1f0#2\nattach vm1 to vf ens1f0#2 mac 52:54:00:00:00:02\n`, 'VN142');
    expect(d!.message).toBe("VF ens1f0#2 on hostA is attached twice to domain 'vm1'");
  });

  it('does not fire for different VFs, or the same VF index on another host', () => {
    expect(
      withCode(
        `${HOST}host hostB address 192.0.2.12
attach vm1 to vf ens1f0#2 on hostA
attach vm2 to vf ens1f0#3 on hostA
attach vm3 to vf ens1f0#2 on hostB
`,
        'VN142',
      ),
    ).toEqual([]);
  });
});
