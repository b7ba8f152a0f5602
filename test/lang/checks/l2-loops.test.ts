import { describe, expect, it } from 'vitest';
import { l2Loops } from '../../../src/lang/checks/l2-loops.js';
import { fullMeshLines, trunkedChainLines } from '../../../bench/generate.mjs';
import { at, check, TWO_HOSTS, withCode } from '../../helpers.js';

/** Three hosts with br-int each (lines 1-6), then `tunnels`. */
const ring = (tunnels: string, stp = '') => `${TWO_HOSTS}host hostC address 192.0.2.13 underlay 10.200.0.3
bridge br-int on hostA ${stp}
bridge br-int on hostB ${stp}
bridge br-int on hostC ${stp}
${tunnels}`;

const RING = `tunnel gre hostA <-> hostB on br-int
tunnel gre hostB <-> hostC on br-int
tunnel gre hostC <-> hostA on br-int
`;

describe('VN122 layer-2 loop', () => {
  it('names the cycle at the tunnel that closes it, pointing at the others', () => {
    const [d, ...rest] = withCode(ring(RING), 'VN122');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('9:1');
    expect(d!.message).toBe('layer-2 loop: br-int@hostA -> br-int@hostB -> br-int@hostC -> br-int@hostA (stp is off on these bridges)');
    expect(d!.related?.map(at)).toEqual(['7:1', '8:1']);
  });

  it('is quiet when the bridges run STP, or one bridge of the ring does', () => {
    expect(withCode(ring(RING, 'stp on'), 'VN122')).toEqual([]);
    expect(withCode(ring(RING).replace('bridge br-int on hostB', 'bridge br-int on hostB stp on'), 'VN122')).toEqual([]);
  });

  it('finds a loop on the VLANs that the whole ring carries', () => {
    const text = ring(`tunnel gre hostA <-> hostB on br-int trunk 10,20
tunnel gre hostB <-> hostC on br-int trunk 10,30
tunnel gre hostC <-> hostA on br-int
`);
    const [d, ...rest] = withCode(text, 'VN122');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('9:1');
    expect(d!.message).toContain('layer-2 loop on VLAN 10: br-int@hostA -> br-int@hostB -> br-int@hostC -> br-int@hostA');
  });

  it('reports a cycle once, with every VLAN it loops', () => {
    const text = ring(`tunnel gre hostA <-> hostB on br-int trunk 10,20
tunnel gre hostB <-> hostC on br-int trunk 10,20
tunnel gre hostC <-> hostA on br-int trunk 10-20
`);
    const ds = withCode(text, 'VN122');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toContain('on VLAN 10,20:');
  });

  it('is quiet for a trunked ring whose VLAN sets do not form a cycle', () => {
    const text = ring(`tunnel gre hostA <-> hostB on br-int trunk 10
tunnel gre hostB <-> hostC on br-int trunk 10,20
tunnel gre hostC <-> hostA on br-int trunk 20
`);
    expect(withCode(text, 'VN122')).toEqual([]);
  });

  it('counts two tunnels between the same bridges that share a VLAN', () => {
    const twice = ring(`tunnel gre hostA <-> hostB on br-int key 1 name gre-b1
tunnel gre hostB <-> hostA on br-int key 2 name gre-a2
`);
    const [d] = withCode(twice, 'VN122');
    expect(at(d)).toBe('8:1');
    expect(d!.message).toContain('br-int@hostA -> br-int@hostB -> br-int@hostA');
    const split = twice.replace('key 1', 'key 1 trunk 10').replace('key 2', 'key 2 trunk 20');
    expect(withCode(split, 'VN122')).toEqual([]);
  });

  it('leaves a repeated tunnel (same key) to VN123', () => {
    const text = ring(`tunnel gre hostA <-> hostB on br-int key 1 name gre-b1
tunnel gre hostA <-> hostB on br-int key 1 name gre-b2
`);
    expect(withCode(text, 'VN122')).toEqual([]);
    expect(withCode(text, 'VN123')).toHaveLength(1);
  });

  it('reports each independent cycle', () => {
    const text = ring(`${RING}tunnel vxlan hostA <-> hostB on br-int\n`);
    expect(withCode(text, 'VN122').map(at)).toEqual(['9:1', '10:1']);
  });

  // How long these take is measured by `npm run bench` (bench/results), not asserted here:
  // a timing bound in a unit test fails on a busy machine and proves nothing on a fast one.
  const loops = (lines: string[]) => {
    const r = check(lines.join('\n'));
    return { tunnels: r.model.tunnels.length, ds: l2Loops.check({ statements: r.statements, model: r.model }) };
  };

  it('checks 10k trunked tunnels, and cuts a long loop short', () => {
    const { tunnels, ds } = loops(trunkedChainLines());
    expect(tunnels).toBe(10_000);
    const long = ds.find((d) => d.message.startsWith('layer-2 loop on VLAN 1-400: br@h0 -> br@h1 -> br@h2'));
    expect(long?.message).toContain('-> … 1985 more … ->');
    expect(long?.related).toHaveLength(16);
  });

  it('checks a 10k-tunnel full mesh: one loop per independent cycle', () => {
    const { tunnels, ds } = loops(fullMeshLines());
    expect(tunnels).toBe(9870);
    expect(ds).toHaveLength(tunnels - (141 - 1));
  });
});
