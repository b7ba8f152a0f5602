import { describe, expect, it } from 'vitest';
import { check } from "../helpers.js";

describe('front end smoke', () => {
  it('checks a small clean script', () => {
    const r = check('host hostA local\nbridge br0\nport vm1 tag 10\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.model.ports[0]).toMatchObject({ host: 'hostA', bridge: 'br0', name: 'vm1' });
  });
});
