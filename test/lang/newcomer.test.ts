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
