import { describe, expect, it } from 'vitest';
import { makePlan, planSteps } from '../../src/backends/plan.js';
import { showTable } from '../../src/repl/show.js';
import { topologyOf } from '../../src/graph/topology.js';
import { at, check, TWO_HOSTS, withCode } from '../helpers.js';

const BRIDGES = `${TWO_HOSTS}bridge br-int on hostA\nbridge br-ex on hostA\nbridge lbr0 on hostA kind linux\n`;

describe('link: two bridges of one host', () => {
  it('two OVS bridges are patched; with a Linux bridge it is a veth; names derive from the bridges, or from name', () => {
    const { model, diagnostics } = check(`${BRIDGES}link br-int <-> br-ex\nlink br-ex@hostA <-> lbr0 name lk0\n`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.links.map((l) => [l.host, l.via, ...l.ends.map((e) => `${e.bridge}:${e.portName}`)])).toEqual([
      ['hostA', 'patch', 'br-int:br-int-br-ex', 'br-ex:br-ex-br-int'],
      ['hostA', 'veth', 'br-ex:lk0', 'lbr0:lk0-p'],
    ]);
  });

  it('ends on two hosts, or one bridge twice, are VN001; an unknown bridge VN101', () => {
    const [two] = withCode(`${BRIDGES}bridge br-int on hostB\nlink br-int@hostA <-> br-int@hostB\n`, 'VN001');
    expect(two!.message).toBe('a link joins two bridges of one host; br-int is on hostA and br-int on hostB');
    expect(two!.hint).toContain("'tunnel gre|vxlan|geneve hostA<->hostB on BRIDGE'");
    expect(withCode(`${BRIDGES}link br-int@hostA <-> br-int\n`, 'VN001')[0]!.message).toBe('a link joins two different bridges; both ends are br-int');
    expect(at(withCode(`${BRIDGES}link br-int@hostA <-> br-xe\n`, 'VN101')[0])).toBe('6:23');
  });

  it('a derived name over 15 bytes is VN002 at the bridge; with name, NAME-p must fit too', () => {
    const long = withCode(`${BRIDGES}bridge br-external on hostA\nlink br-int@hostA <-> br-external\n`, 'VN002');
    expect(long.map((d) => d.message)).toEqual([
      "the link port vsh would name 'br-int-br-external' on br-int is not a valid interface name: it is 18 bytes long (at most 15)",
      "the link port vsh would name 'br-external-br-int' on br-external is not a valid interface name: it is 18 bytes long (at most 15)",
    ]);
    expect(withCode(`${BRIDGES}link br-int@hostA <-> br-ex name abcdefghijklmn\n`, 'VN002')[0]!.message).toContain("'abcdefghijklmn-p'");
    expect(withCode(`${BRIDGES}link br-int@hostA <-> br-ex name abcdefghijklm\n`, 'VN002')).toEqual([]);
  });

  it('plans patch ports in the OVS transaction, each the other’s peer; a veth pair with the Linux end enslaved', async () => {
    const result = check(`${BRIDGES}link br-int@hostA <-> br-ex\nlink br-int@hostA <-> lbr0 name lk0\n`);
    const steps = planSteps(await makePlan(result, { mode: 'apply', offline: true }));
    const line = (object: string) => steps.find((s) => s.object === object)!.commands.map((c) => c.argv.join(' '));
    expect(line('patch br-int-br-ex on br-int')).toEqual([
      'ovs-vsctl --may-exist add-port br-int br-int-br-ex external_ids:vsh=owned -- set Interface br-int-br-ex type=patch options:peer=br-ex-br-int',
    ]);
    expect(line('patch br-ex-br-int on br-ex')[0]).toContain('options:peer=br-int-br-ex');
    expect(line('veth lk0 (peer lk0-p) linking br-int and lbr0')[0]).toBe('ip link add name lk0 type veth peer name lk0-p');
    expect(line('link br-int <-> lbr0')).toEqual(['ip link set dev lk0 up', 'ip link set dev lk0-p master lbr0', 'ip link set dev lk0-p up']);
    expect(steps.find((s) => s.object === 'port lk0 on br-int')?.backend).toBe('ovs');
  });

  it('show links lists them; the graph draws an edge between the two bridges', () => {
    const { model } = check(`${BRIDGES}link br-int@hostA <-> br-ex\nlink br-int@hostA <-> lbr0 name lk0\n`);
    expect(showTable(model, 'links').split('\n').map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['HOST', 'BRIDGE A', 'BRIDGE B', 'VIA', 'PORTS'],
      ['hostA', 'br-int', 'br-ex', 'patch', 'br-int-br-ex, br-ex-br-int'],
      ['hostA', 'br-int', 'lbr0', 'veth', 'lk0, lk0-p'],
      [''],
    ]);
    const edges = topologyOf(model).edges.filter((e) => e.label?.startsWith('patch') || e.label?.startsWith('veth'));
    expect(edges.map((e) => e.label)).toEqual(['patch br-int-br-ex <-> br-ex-br-int', 'veth lk0 <-> lk0-p']);
  });
});
