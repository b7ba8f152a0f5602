/**
 * Reading `ovs-appctl lacp/show` (src/commands/lacp-partners.ts), on output Open vSwitch
 * printed in the lab (a bond with no partner, and one whose partner answers), and a Linux
 * bond's /proc/net/bonding file (a fixture: this kernel has no bonding, LAB.md), and which
 * bonds count as running LACP and as touched by an apply. The OVS warning is tested end to
 * end in test/e2e/lacp.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bondsTouched, lacpWarnings, parseLacpShow, parseProcBonding, usesLacp } from '../../src/commands/lacp-partners.js';
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

/**
 * /proc/net/bonding/BOND of an 802.3ad bond, in the layout of the kernel's
 * drivers/net/bonding/bond_procfs.c (6.1): a fixture, since this kernel has no bonding.
 */
const slave = (name: string, churn: string, partner: string) => `Slave Interface: ${name}
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 52:54:00:aa:bb:0${name.at(-1)}
Slave queue ID: 0
Aggregator ID: 1
Actor Churn State: ${churn}
Partner Churn State: ${churn}
Actor Churned Count: ${churn === 'churned' ? 1 : 0}
Partner Churned Count: ${churn === 'churned' ? 1 : 0}
details actor lacp pdu:
    system priority: 65535
    system mac address: 2e:8b:6a:31:0d:11
    port key: 15
    port priority: 255
    port number: ${name.at(-1)}
    port state: 77
details partner lacp pdu:
    system priority: 65535
    system mac address: ${partner}
    oper key: 1
    port priority: 255
    port number: 1
    port state: 1
`;
const procBonding = (slaves: string) => `Ethernet Channel Bonding Driver: v6.1.0

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer2 (0)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

802.3ad info
LACP active: on
LACP rate: slow
Min links: 0
Aggregator selection policy (ad_select): stable
System priority: 65535
System MAC address: 2e:8b:6a:31:0d:11
Active Aggregator Info:
	Aggregator ID: 1
	Number of ports: 1
	Actor Key: 15
	Partner Key: 1
	Partner Mac Address: 00:00:00:00:00:00

${slaves}`;
const LINUX_LONELY = procBonding(`${slave('eth1', 'churned', '00:00:00:00:00:00')}\n${slave('eth2', 'monitoring', '00:00:00:00:00:00')}`);
const LINUX_PAIRED = procBonding(`${slave('eth1', 'none', '7a:11:22:33:44:55')}\n${slave('eth2', 'none', '7a:11:22:33:44:55')}`);

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
      { name: 'sw-a', state: ['defaulted', 'detached'], partner: '00:00:00:00:00:00', partnered: false },
      { name: 'sw-b', state: ['expired', 'attached'], partner: '00:00:00:00:00:00', partnered: false },
    ]);
    expect(parseLacpShow(PAIRED).every((m) => m.partnered)).toBe(true);
  });

  it('reads a Linux bond\'s slaves from /proc/net/bonding (fixture in the kernel\'s layout: no bonding here), the partner from its own LACP PDU', () => {
    expect(parseProcBonding(LINUX_LONELY)).toEqual([
      { name: 'eth1', state: ['churned'], partner: '00:00:00:00:00:00', partnered: false },
      { name: 'eth2', state: ['monitoring'], partner: '00:00:00:00:00:00', partnered: false },
    ]);
    expect(parseProcBonding(LINUX_PAIRED).every((m) => m.partnered)).toBe(true);
    // An older kernel prints no LACP details: nothing is known, nothing is reported.
    expect(parseProcBonding('Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n\nSlave Interface: eth1\nMII Status: up\n')).toEqual([]);
  });

  it('a Linux bond with LACP and no partner is warned about from /proc/net/bonding (fixture), on its own or on a Linux bridge', async () => {
    const linux = frontEnd([
      { file: 'l.vnet', text: 'host hostA local\nbond bond4 on hostA slaves eth1,eth2 mode 802.3ad\nbridge lbr on hostA kind linux\nbond bond5 on lbr slaves eth3,eth4 mode 802.3ad\n' },
    ]).model;
    const exec = new RecordingExecutor('hostA', [
      { match: 'cat /proc/net/bonding/bond4', result: { stdout: LINUX_LONELY } },
      { match: 'cat /proc/net/bonding/bond5', result: { stdout: LINUX_PAIRED } },
    ]);
    expect(await lacpWarnings(linux, () => exec)).toEqual([
      expect.stringMatching(/^warning: bond bond4 on hostA: no LACP partner answered on eth1 \(churned\), eth2 \(monitoring\); .*\(or use mode active-backup or balance-xor\)\. See: cat \/proc\/net\/bonding\/bond4$/),
    ]);
    expect(exec.commands.map((c) => c.argv.join(' '))).toEqual(['cat /proc/net/bonding/bond4', 'cat /proc/net/bonding/bond5']);
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
