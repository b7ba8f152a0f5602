import { describe, expect, it } from 'vitest';
import { at, TWO_HOSTS, withCode } from '../../helpers.js';

const PRE = `${TWO_HOSTS}bridge br0 on hostA\n`;

describe('VN172 two flows with the same table, priority and match', () => {
  it('warns on the later one, saying which one OpenFlow keeps, pointing at the earlier', () => {
    const [d] = withCode(`${PRE}flow priority 10 match "ip,nw_src=10.0.0.1" actions "drop"\nflow priority 10 match "nw_src=10.0.0.1,ip" actions "NORMAL"\n`, 'VN172');
    expect(d!.severity).toBe('warning');
    expect(at(d)).toBe('5:24'); // the match string
    expect(at(d!.related?.[0])).toBe('4:1');
    expect(d!.hint).toContain('replaces the earlier ("drop")');
  });

  it('sees aliases and number spellings as the same match', () => {
    expect(withCode(`${PRE}flow match "eth_type=0x800" actions "drop"\nflow match "dl_type=2048" actions "drop"\n`, 'VN172')).toHaveLength(1);
  });

  it('is quiet for another priority, another table, another bridge or another host', () => {
    const text = `${PRE}bridge br1 on hostA\nbridge br0 on hostB\n` +
      ['flow on br0@hostA priority 10 match "ip" actions "drop"', 'flow on br0@hostA priority 11 match "ip" actions "drop"', 'flow on br0@hostA table 1 priority 10 match "ip" actions "drop"', 'flow on br1@hostA priority 10 match "ip" actions "drop"', 'flow on br0@hostB priority 10 match "ip" actions "drop"'].join('\n') + '\n';
    expect(withCode(text, 'VN172')).toEqual([]);
  });
});
