import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';

describe('VN141 vf-index', () => {
  it('flags a VF index not below the declared vfs, related to the vfs', () => {
    const [d, ...rest] = withCode(`${HOST}sriov ens1f0 vfs 7\nattach vm1 to vf ens1f0#7\n`, 'VN141');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('3:25');
    expect(d!.message).toBe("VF ens1f0#7 for domain 'vm1' does not exist on hostA: sriov ens1f0 declares 7 VFs (ens1f0#0-ens1f0#6)");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 2, column: 18 });
  });

  it('does not fire below the count, without a sriov statement, or for the same PF name on another host', () => {
    expect(
      withCode(
        `${HOST}host hostB address 192.0.2.12
sriov ens1f0 on hostA vfs 7
attach vm1 to vf ens1f0#6 on hostA
attach vm2 to vf ens1f0#9 on hostB
attach vm3 to vf ens2f0#40 on hostA
`,
        'VN141',
      ),
    ).toEqual([]);
  });
});
