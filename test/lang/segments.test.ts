import { describe, expect, it } from 'vitest';
import { Segments, toIntervals, tunnelEdges, UnionFind, vlanClasses } from '../../src/lang/segments.js';
import { check, TWO_HOSTS } from '../helpers.js';

const items = (...r: Array<[number, number]>) => r.map(([from, to]) => ({ from, to, span: undefined as never }));

describe('segments', () => {
  it('normalises trunk lists: clamped to 1-4094, merged, reversed ranges dropped', () => {
    expect(toIntervals(items([30, 40], [0, 10], [11, 12], [50, 45], [4000, 99999]))).toEqual([
      [1, 12],
      [30, 40],
      [4000, 4094],
    ]);
  });

  it('union-find joins sets and says when an edge closes a cycle', () => {
    const uf = new UnionFind();
    expect(uf.union('a', 'b')).toBe(true);
    expect(uf.union('b', 'c')).toBe(true);
    expect(uf.union('c', 'a')).toBe(false);
    expect(uf.find('a')).toBe(uf.find('c'));
    expect(uf.find('z')).toBe('z');
  });

  const model = check(`${TWO_HOSTS}host hostC address 192.0.2.13
bridge br on hostA
bridge br on hostB
bridge br on hostC
tunnel gre hostA <-> hostB on br trunk 10-20
tunnel gre hostB <-> hostC on br trunk 15,30
`).model;

  it('groups VLANs by the trunked tunnels that carry them', () => {
    const classes = vlanClasses(tunnelEdges(model.tunnels)).map((c) => [c.vlans, c.edges.map((e) => e.index)]);
    expect(classes).toEqual([
      [[[10, 14], [16, 20]], [0]],
      [[[15, 15]], [0, 1]],
      [[[30, 30]], [1]],
    ]);
  });

  it('names a segment per VLAN across the tunnels that carry it', () => {
    const s = new Segments(tunnelEdges(model.tunnels));
    expect(s.id('hostA/br', 15)).toBe(s.id('hostC/br', 15));
    expect(s.id('hostA/br', 10)).toBe(s.id('hostB/br', 10));
    expect(s.id('hostA/br', 10)).not.toBe(s.id('hostC/br', 10));
    expect(s.id('hostA/br', 0)).not.toBe(s.id('hostB/br', 0)); // trunks carry no untagged frames
    expect(s.id('hostA/br', 15)).not.toBe(s.id('hostA/br', 10));
  });
});
