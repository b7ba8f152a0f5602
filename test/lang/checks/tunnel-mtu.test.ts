import { describe, expect, it } from 'vitest';
import type { UnderlayFacts } from '../../../src/lang/checks/tunnel-mtu.js';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

/** br-int (inner) on both hosts, optional br-phy holding the underlay address, one tunnel on line 7. */
const lab = (inner: string, phy: string, tunnel = 'gre hostA <-> hostB on br-int key 7') => `${TWO_HOSTS}bridge br-int on hostA ${inner}
bridge br-int on hostB
bridge br-phy on hostA address 10.200.0.1/24 ${phy}
bridge br-phy on hostB address 10.200.0.2/24 ${phy}
tunnel ${tunnel}
`;

const withFacts = (text: string, facts: Record<string, UnderlayFacts>) =>
  frontEnd([{ file: 't.vnet', text }], { facts: new Map(Object.entries(facts)) }).diagnostics.filter((d) => d.code === 'VN124');

describe('VN124 tunnel MTU', () => {
  it('warns with the numbers, against an assumed 1500 underlay', () => {
    const [d] = withCode(lab('mtu 1500', ''), 'VN124');
    expect(d!.severity).toBe('warning');
    expect(at(d)).toBe('7:1');
    expect(d!.message).toBe(
      'tunnel gre br-int@hostA <-> br-int@hostB: inner MTU 1500 (br-int@hostA) + 42 bytes of gre (with key) overhead = 1542 exceeds the underlay MTU 1500 (assumed 1500 on hostA)',
    );
    expect(d!.hint).toContain("'mtu 1458'");
    expect(at(d!.related?.[0])).toBe('3:28');
  });

  it("reads the underlay MTU from the bridge that holds the host's underlay address", () => {
    const [d] = withCode(lab('mtu 1500', 'mtu 1400'), 'VN124');
    expect(d!.message).toContain('the underlay MTU 1400 (mtu of br-phy@hostA)');
    expect(at(d!.related?.[1])).toBe('5:50');
    expect(withCode(lab('mtu 1500', 'mtu 9000'), 'VN124')).toEqual([]);
  });

  it('uses 50 bytes for vxlan, and is quiet when the inner MTU fits exactly', () => {
    const vx = 'vxlan hostA <-> hostB on br-int vni 5';
    expect(withCode(lab('mtu 1450', '', vx), 'VN124')).toEqual([]);
    expect(withCode(lab('mtu 1451', '', vx), 'VN124')[0]!.message).toContain('+ 50 bytes of vxlan overhead = 1501');
  });

  it('is quiet without an explicit inner MTU', () => {
    expect(withCode(lab('', 'mtu 1000'), 'VN124')).toEqual([]);
  });

  it('prefers live facts: the measured underlay MTU, the named underlay interface, the underlay bridge', () => {
    const text = lab('mtu 1500', '');
    expect(withFacts(text, { hostA: { underlayMtu: 9000 }, hostB: { underlayIface: 'eth1', mtu: new Map([['eth1', 9000]]) } })).toEqual([]);
    const [d] = withFacts(text, { hostA: { underlayMtu: 9000 }, hostB: { mtu: new Map([['br-phy', 1450]]) } });
    expect(d!.message).toContain('the underlay MTU 1450 (br-phy on hostB)');
  });
});
