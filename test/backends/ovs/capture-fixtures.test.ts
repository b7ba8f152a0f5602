/**
 * How the fixtures in test/fixtures/ovs/ were made (and how to make them again):
 * `CAPTURE_OVS_FIXTURES=1 npx vitest run test/backends/ovs/capture-fixtures.test.ts`
 * (root, Open vSwitch installed). Each builds a state in a private OVS with the commands a
 * person would type — not with vsh's own lowering, so the unit tests that plan against
 * these fixtures check vsh against hand-made state — then saves what the driver's real
 * probe printed. Skipped in normal runs.
 */
import { writeFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { ovsProbe } from '../../../src/backends/ovs/probe.js';
import { OvsSandbox, withOvsSandboxes } from '../../support/ovs-sandbox.js';

const capture = process.env.CAPTURE_OVS_FIXTURES === '1';
const fixture = (name: string) => new URL(`../../fixtures/ovs/${name}`, import.meta.url);

/** ovs-vsctl commands, each an argv after `ovs-vsctl`. */
type Script = string[][];

/** The interfaces a system/tap/veth port needs (the Linux driver makes them in real plans). */
async function devices(box: OvsSandbox, veths: string[], taps: string[]): Promise<void> {
  for (const v of veths) await box.must('ip', 'link', 'add', v, 'type', 'veth', 'peer', 'name', `${v}-x`.slice(0, 15));
  for (const t of taps) await box.must('ip', 'tuntap', 'add', 'dev', t, 'mode', 'tap');
}

async function save(box: OvsSandbox, name: string, script: Script): Promise<void> {
  for (const argv of script) await box.must('ovs-vsctl', ...argv);
  const r = await box.exec(...ovsProbe.command.argv);
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(fixture(`${name}.stdout`), r.stdout);
}

const ACCESS_TRUNK: Script = [
  ['add-br', 'br-access', '--', 'set', 'Bridge', 'br-access', 'datapath_type=netdev', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'eth1', 'trunks=10,20,30-39', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'eth2', 'tag=10', 'trunks=10,20', 'vlan_mode=native-untagged', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'web-tap', 'tag=10', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'db-tap', 'tag=20', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'mgmt0', 'tag=30', 'external_ids:vsh=owned', '--', 'set', 'Interface', 'mgmt0', 'type=internal'],
  ['add-port', 'br-access', 'n10a-p', 'tag=10', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'n10b-p', 'tag=10', 'external_ids:vsh=owned'],
  ['add-port', 'br-access', 'n20-p', 'tag=20', 'external_ids:vsh=owned'],
];

/** hostA of examples/gre-vlan-namespaces.vnet. */
const OVERLAY: Script = [
  ['add-br', 'br-phy', '--', 'set', 'Bridge', 'br-phy', 'datapath_type=netdev', 'external_ids:vsh=owned'],
  ['add-port', 'br-phy', 'eth1', 'external_ids:vsh=owned'],
  ['add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev', 'external_ids:vsh=owned'],
  ['add-port', 'br-int', 'red-p', 'tag=10', 'external_ids:vsh=owned'],
  ['add-port', 'br-int', 'gre-hostB', 'trunks=10,20', 'external_ids:vsh=owned', '--', 'set', 'Interface', 'gre-hostB', 'type=gre', 'options:remote_ip=10.200.0.2'],
];

/** The overlay after hands and other tools touched it (what `plan` must sort out). */
const DRIFT: Script = [
  ['set', 'Port', 'red-p', 'tag=11'],
  ['set', 'Interface', 'gre-hostB', 'options:remote_ip=10.200.0.9', 'options:key=7'],
  ['set', 'Bridge', 'br-phy', 'stp_enable=true'],
  // vsh made these once; the model no longer has them.
  ['add-port', 'br-int', 'old-p', 'external_ids:vsh=owned', '--', 'set', 'Interface', 'old-p', 'type=internal', 'mtu_request=1400'],
  ['add-br', 'br-old', '--', 'set', 'Bridge', 'br-old', 'datapath_type=netdev', 'external_ids:vsh=owned'],
  ['add-port', 'br-old', 'old-q', 'tag=5', 'external_ids:vsh=owned', '--', 'set', 'Interface', 'old-q', 'type=internal'],
  // Not vsh's: libvirt's guest port (left alone on br-int, taken along by del-br on br-old).
  ['add-port', 'br-int', 'vnet0', 'tag=10', 'external_ids:attached-mac="52:54:00:aa:bb:01"', '--', 'set', 'Interface', 'vnet0', 'type=internal'],
  ['add-port', 'br-old', 'vnet1', 'external_ids:attached-mac="52:54:00:aa:bb:02"', '--', 'set', 'Interface', 'vnet1', 'type=internal'],
];

/** hv7 of examples/bond.vnet. */
const BOND: Script = [
  ['add-br', 'br-ex', '--', 'set', 'Bridge', 'br-ex', 'datapath_type=netdev', 'external_ids:vsh=owned'],
  ['add-bond', 'br-ex', 'bond-ex', 'ens1f0', 'ens1f1', 'bond_mode=balance-tcp', 'lacp=active', 'external_ids:vsh=owned'],
  ['add-port', 'br-ex', 'vm1-tap', 'tag=100', 'external_ids:vsh=owned'],
  ['add-port', 'br-ex', 'vm2-tap', 'tag=200', 'external_ids:vsh=owned'],
];

describe.skipIf(!capture)('capture OVS fixtures from a real ovs-vsctl (CAPTURE_OVS_FIXTURES=1)', () => {
  it('captures', { timeout: 120_000 }, async () => {
    await withOvsSandboxes(1, async ([box]) => save(box!, 'empty', []));
    await withOvsSandboxes(1, async ([box]) => {
      await devices(box!, ['eth1', 'eth2'], ['web-tap', 'db-tap']);
      await devices(box!, ['n10a-p', 'n10b-p', 'n20-p'], []);
      await save(box!, 'access-trunk', ACCESS_TRUNK);
    });
    await withOvsSandboxes(1, async ([box]) => {
      await devices(box!, ['eth1', 'red-p'], []);
      await save(box!, 'overlay', OVERLAY);
      await save(box!, 'overlay-drift', DRIFT);
    });
    await withOvsSandboxes(1, async ([box]) => {
      await devices(box!, ['ens1f0', 'ens1f1'], ['vm1-tap', 'vm2-tap']);
      await save(box!, 'bond', BOND);
    });
    await withOvsSandboxes(1, async ([box]) => {
      // The system datapath needs the openvswitch kernel module, which this machine lacks: the bridge never comes up.
      await save(box!, 'system-datapath-missing', [['add-br', 'br-int']]);
      // ovs-vswitchd gone: ovsdb still answers, but changes are no longer applied (this one commits, then waits in vain).
      await box!.must('sh', '-c', 'kill "$(cat "$1")"', 'sh', `${box!.dir}/ovs-vswitchd.pid`);
      await box!.exec('ovs-vsctl', '--timeout=1', 'add-br', 'br-late');
      await save(box!, 'vswitchd-stopped', []);
      // No OVS at all: the socket is not there.
      const r = await box!.exec('env', `OVS_RUNDIR=${box!.dir}/nowhere`, ...ovsProbe.command.argv);
      writeFileSync(fixture('not-running.result.json'), JSON.stringify(r, null, 2) + '\n');
    });
  });
});
