import { describe, expect, it } from 'vitest';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { at, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\n';
const live = (text: string, totals: Record<string, number>) =>
  frontEnd([{ file: 't.vnet', text }], { facts: new Map([['hostA', { sriovTotalVfs: new Map(Object.entries(totals)) }]]) }).diagnostics.filter(
    (d) => d.code === 'VN140',
  );

describe('VN140 sriov-vf-count', () => {
  it('flags more than 256 VFs when the host has not been read', () => {
    const [d, ...rest] = withCode(`${HOST}sriov ens1f0 vfs 300\n`, 'VN140');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('2:18');
    expect(d!.message).toBe('sriov on ens1f0 (hostA) asks for 300 VFs, more than the 256 any PF supports');
  });

  it("flags more VFs than the device's live sriov_totalvfs", () => {
    const [d] = live(`${HOST}sriov ens1f0 vfs 16\n`, { ens1f0: 8 });
    expect(at(d)).toBe('2:18');
    expect(d!.message).toBe('sriov on ens1f0 (hostA) asks for 16 VFs, but ens1f0 supports at most 8 (sriov_totalvfs)');
  });

  it('does not fire within the limits (256 statically, sriov_totalvfs live, other PFs unaffected)', () => {
    expect(withCode(`${HOST}sriov ens1f0 vfs 256\n`, 'VN140')).toEqual([]);
    expect(live(`${HOST}sriov ens1f0 vfs 8\nsriov ens1f1 vfs 63\n`, { ens1f0: 8, ens2f0: 4 })).toEqual([]);
  });
});
