/**
 * Reading `ovs-appctl lacp/show` (src/commands/lacp-partners.ts), on output Open vSwitch
 * printed in the lab (a bond with no partner, and one whose partner answers), and which
 * bonds count as running LACP and as touched by an apply. The warning itself is tested
 * end to end in test/e2e/lacp.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bondsTouched, lacpWarnings, parseLacpShow, partnered, usesLacp } from '../../src/commands/lacp-partners.js';
import { RecordingExecutor } from '../../src/exec/recording.js';
import { frontEnd } from '../../src/lang/pipeline.js';

const member = (name: string, state: string, partner: string) => `member: ${name}: ${state}
  port_id: 2
  may_enable: false

  actor sys_id: 5a:03:8c:31:77:43
  actor state: activity aggregation defaulted

  partner sys_id: ${partner}
  partner sys_priority: 0
  partner state:
`;
const LONELY = `---- bond0 ----
  status: active negotiated
  sys_id: 5a:03:8c:31:77:43
  lacp_time: slow

${member('sw-a', 'defaulted detached', '00:00:00:00:00:00')}
${member('sw-b', 'expired attached', '00:00:00:00:00:00')}`;
const PAIRED = `---- bond0 ----
  status: active negotiated

${member('cab-a', 'current attached', 'ea:62:e5:c5:b7:46')}
${member('cab-b', 'current attached', 'ea:62:e5:c5:b7:46')}`;

const model = () =>
  frontEnd([
    {
      file: 't.vnet',
      text: 'host hostA local\nbridge br0 on hostA\nbond bond0 on br0 slaves sw-a,sw-b mode 802.3ad\nbond bond1 on br0 slaves e3,e4 mode active-backup\nbond bond2 on br0 slaves e5,e6 mode balance-slb lacp passive\nbond bond3 on br0 slaves e7,e8 mode 802.3ad lacp off\n',
    },
  ]).model;

describe('LACP partners', () => {
  it('reads each member, its state and its partner', () => {
    expect(parseLacpShow(LONELY)).toEqual([
      { name: 'sw-a', state: ['defaulted', 'detached'], partner: '00:00:00:00:00:00' },
      { name: 'sw-b', state: ['expired', 'attached'], partner: '00:00:00:00:00:00' },
    ]);
    expect(parseLacpShow(LONELY).some(partnered)).toBe(false);
    expect(parseLacpShow(PAIRED).every(partnered)).toBe(true);
  });

  it('802.3ad (unless lacp off) and lacp active|passive run LACP; active-backup does not', () => {
    expect(model().bonds.map((b) => [b.name, usesLacp(b)])).toEqual([
      ['bond0', true],
      ['bond1', false],
      ['bond2', true],
      ['bond3', false],
    ]);
  });

  it('a bond is touched by a step on its host naming it or its bridge', () => {
    const m = model();
    expect([...bondsTouched(m, [{ host: 'hostA', object: 'bridge br0' }])]).toEqual(['hostA/bond0', 'hostA/bond1', 'hostA/bond2', 'hostA/bond3']);
    expect([...bondsTouched(m, [{ host: 'hostA', object: 'port bond2 on br0x' }])]).toEqual(['hostA/bond2']);
    expect([...bondsTouched(m, [{ host: 'hostB', object: 'bridge br0' }, { host: 'hostA', object: 'namespace red' }])]).toEqual([]);
  });

  it('warns once per LACP bond without a partner, reading an untouched bond once; a bond it cannot read is left alone', async () => {
    const exec = new RecordingExecutor('hostA', [
      { match: 'ovs-appctl lacp/show bond0', result: { stdout: LONELY } },
      { match: 'ovs-appctl lacp/show bond2', result: { stdout: PAIRED } },
    ]);
    const warnings = await lacpWarnings(model(), () => exec);
    expect(warnings).toEqual([expect.stringMatching(/^warning: bond bond0 on hostA: no LACP partner answered on sw-a \(defaulted detached\), sw-b \(expired attached\); /)]);
    expect(exec.commands.map((c) => c.argv.join(' '))).toEqual(['ovs-appctl lacp/show bond0', 'ovs-appctl lacp/show bond2']);
    const gone = new RecordingExecutor('hostA', [{ match: 'ovs-appctl', result: { code: 2, stderr: 'no such bond' } }]);
    expect(await lacpWarnings(model(), () => gone)).toEqual([]);
  });

  it('waits for a fresh bond within the bound, and stops as soon as a partner answers', async () => {
    /** bond0 has no partner for its first `lonelyReads` reads, then one answers. */
    const host = (lonelyReads: number) => {
      let reads = 0;
      const exec = new RecordingExecutor('hostA');
      exec.run = async (c) => ({ code: 0, stderr: '', stdout: c.argv[2] !== 'bond0' ? '' : reads++ < lonelyReads ? LONELY : PAIRED });
      return { exec, reads: () => reads };
    };
    const soon = host(2);
    const t0 = Date.now();
    expect(await lacpWarnings(model(), () => soon.exec, { fresh: new Set(['hostA/bond0']), waitMs: 5_000 })).toEqual([]);
    expect(soon.reads()).toBe(3);
    expect(Date.now() - t0).toBeLessThan(2_000);
    const never = host(Infinity);
    expect(await lacpWarnings(model(), () => never.exec, { fresh: new Set(['hostA/bond0']), waitMs: 600 })).toEqual([expect.stringContaining('no LACP partner answered within 0.6 s')]);
    expect(never.reads()).toBeGreaterThan(1);
  });
});
