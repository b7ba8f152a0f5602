import { describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/lang/pipeline.js';

const run = (text: string) => frontEnd([{ file: 't.vnet', text }]);

describe("a newcomer's mistakes get one clear error each", () => {
  it('a script without its inventory: one VN100 per unknown host, counting the other uses, with the hint to load hosts.vnet', () => {
    const r = run('bridge br-int on hostA\nport p1 on br-int@hostA\nbridge br-int on hostB\nnamespace red on hostA\n');
    const vn100 = r.diagnostics.filter((d) => d.code === 'VN100');
    expect(vn100.map((d) => d.message)).toEqual(["unknown host 'hostA' (and 2 more uses)", "unknown host 'hostB'"]);
    expect(vn100[0]!.span.line).toBe(1);
    expect(vn100[0]!.hint).toContain('vsh check lab/hosts.vnet FILE');
  });

  it("'->' between tunnel ends suggests '<->'", () => {
    const r = run('host hostA local\nhost hostB local\nbridge b on hostA\ntunnel gre hostA->hostB\n');
    const d = r.diagnostics.find((x) => x.code === 'VN001');
    expect(d?.hint).toContain("'<->'");
    expect(run('bridge b$ on x\n').diagnostics[0]!.hint).not.toContain('<->');
  });

  it('the summary counts statements a syntax error dropped', () => {
    const r = run('host hostA local\nbridge b on hostA mtu x\nbridge c on hostA\n');
    expect(r.statements).toHaveLength(2);
    expect(r.written).toBe(3);
  });
});

describe('macvtap', () => {
  it('without mode is vepa, as libvirt and the kernel default', () => {
    const r = run('host hostA local\nmacvtap mv0 on hostA link eth0\n');
    expect(r.ok).toBe(true);
    expect(r.model.macvtaps[0]!.stmt.mode.value).toBe('vepa');
    expect(run('host hostA local\nmacvtap mv0 on hostA link eth0 mode nope\n').model.macvtaps).toHaveLength(0);
  });
});

describe('VN113', () => {
  const two = (gre: string, vxlan: string) =>
    run(
      'host hostA local underlay 10.9.0.1\nhost hostB local underlay 10.9.0.2\n' +
        'bridge br-int on hostA\nport a10 tag 10\nport a20 tag 20\nbridge br-int on hostB\nport b10 tag 10\nport b20 tag 20\n' +
        `tunnel gre hostA<->hostB on br-int trunk ${gre}\ntunnel vxlan hostA<->hostB on br-int trunk ${vxlan}\n`,
    ).diagnostics.filter((d) => d.code === 'VN113');
  it('is quiet when another tunnel between the same bridges carries the VLAN (GRE for 10, VXLAN for 20)', () => {
    expect(two('10', '20')).toEqual([]);
  });
  it('still warns when no tunnel carries a VLAN both ends use', () => {
    expect(two('10', '10').map((d) => d.message)).toEqual([
      expect.stringContaining('does not carry VLAN 20'),
      expect.stringContaining('does not carry VLAN 20'),
    ]);
  });
});
