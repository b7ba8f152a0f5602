import { describe, expect, it } from 'vitest';
import { at, codes, withCode } from '../../helpers.js';
import { SEED_004 } from '../../backends/ovn/fixture.js';

describe('VN180 ovn-central: logical statements need an ovn central', () => {
  it('the seed-004 topology is clean', () => {
    expect(codes(SEED_004)).toEqual([]);
  });

  it('fires once, at the first logical statement, counting the others', () => {
    const [d, ...more] = withCode('host hostA local\nlogical switch ls1\nlogical router lr1\n', 'VN180');
    expect(more).toEqual([]);
    expect(at(d)).toBe('2:1');
    expect(d!.message).toBe('a logical network needs an OVN central, and none is declared (and 1 more logical statement)');
    expect(d!.hint).toContain("add 'ovn central HOST'");
  });

  it('does not fire with a central, or without logical statements', () => {
    expect(withCode('host hostA local\novn central hostA\nlogical switch ls1\n', 'VN180')).toEqual([]);
    expect(withCode('host hostA local\novn chassis hostA\n', 'VN180')).toEqual([]);
  });
});
