/** `show routes` and `show flows` in the shell: layer 3 and OpenFlow rules as the model holds them. */
import { describe, expect, it } from 'vitest';
import { showTable } from '../../src/repl/show.js';
import { frontEnd } from '../../src/lang/pipeline.js';

const TEXT = `host hostA local
bridge br0 on hostA kind ovs
namespace r1 on hostA forward on
port r1-a on br0 type veth peer r1:eth0 address 10.1.0.1/24
port r1-b on br0 type veth peer r1:eth1 address 10.2.0.1/24
route default via 10.1.0.254 in r1@hostA
nat masquerade in r1@hostA out eth0 source 10.2.0.0/24
flow on br0 priority 100 match "ip" actions "NORMAL"
flow on br0 table 0 priority 200 match "ip,nw_src=10.2.0.9" actions "drop"
flow on br0 table 1 match "" actions "NORMAL"
`;

const model = () => {
  const r = frontEnd([{ file: 't.vnet', text: TEXT }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model;
};

describe('show routes and flows', () => {
  it('lists routes then NAT rules, each with where it lives', () => {
    expect(showTable(model(), 'routes')).toBe(
      [
        '  HOST   IN  KIND   WHAT',
        '  hostA  r1  route  default via 10.1.0.254',
        '  hostA  r1  nat    masquerade out eth0 from 10.2.0.0/24',
        '',
      ].join('\n'),
    );
  });

  it('lists flows in the order OVS matches them: by table, highest priority first', () => {
    const rows = showTable(model(), 'flows').split('\n').map((l) => l.trim().split(/\s+/).slice(1, 4).join(' '));
    expect(rows.slice(1, 4)).toEqual(['br0 0 200', 'br0 0 100', 'br0 1 32768']);
  });

  it('says when there are none', () => {
    const empty = frontEnd([{ file: 't.vnet', text: 'host hostA local\n' }]).model;
    expect(showTable(empty, 'flows')).toBe('no flows declared\n');
    expect(showTable(empty, 'routes')).toBe('no routes declared\n');
  });
});
