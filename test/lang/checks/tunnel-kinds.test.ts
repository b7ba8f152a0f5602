import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const lab = (kindB: string, trunk: string) =>
  `${TWO_HOSTS}bridge br-int on hostA\nbridge br-int on hostB kind ${kindB}\ntunnel gre hostA <-> hostB on br-int ${trunk}\n`;

describe('VN125 tunnel between bridge kinds that cannot be joined', () => {
  it('reports a trunked tunnel between ovs and linux at the linux end', () => {
    const [d] = withCode(lab('linux', 'trunk 10,20'), 'VN125');
    expect(at(d)).toBe('5:22');
    expect(d!.message).toContain('the linux end br-int@hostB');
    expect(d!.message).toContain('trunk 10,20');
    expect(d!.hint).toContain("'kind ovs'");
    expect(at(d!.related?.[0])).toBe('5:44');
  });

  it('accepts mixed kinds without a trunk (they interoperate on the wire), and ovs on both ends', () => {
    expect(withCode(lab('linux', ''), 'VN125')).toEqual([]);
    expect(withCode(lab('ovs', 'trunk 10,20'), 'VN125')).toEqual([]);
  });
});
