/**
 * Real Open vSwitch (userspace datapath) in throw-away namespaces (test/support/ovs-sandbox.ts):
 * plan a model, apply the steps (through the real applier: one ovsdb transaction per host),
 * read back, re-plan → zero steps; drift by hand → exactly that `~`; destroy → nothing of
 * vsh's left. Interfaces that the Linux driver would make (veth, tap) are made by hand
 * here, so that only the OVS driver is under test. Skips only where OVS is not installed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import type { OvsState } from '../../../src/backends/ovs/state.js';
import { readHost } from '../../../src/backends/read-host.js';
import { applySteps } from '../../../src/exec/apply.js';
import type { FrontEndResult } from '../../../src/lang/pipeline.js';
import { OvsSandbox, ovsUnavailable, run, withOvsSandboxes } from '../../support/ovs-sandbox.js';
import { model, viewOf } from '../libvirt/support.js';
import { skipping } from '../../support/skip.js';

const unavailable = await ovsUnavailable();

/** Read `host` from its sandbox (the driver's own probe, through readHost) and plan or destroy. */
async function planOn(box: OvsSandbox, front: FrontEndResult, host: string, mode: 'apply' | 'destroy' = 'apply'): Promise<{ steps: Step[]; state: OvsState }> {
  const view = viewOf(front, host);
  const read = ovsBackend.read(view, await readHost(box.executor(host), ovsBackend.probes(view)));
  expect(read.diagnostics?.filter((d) => d.severity === 'error'), 'read diagnostics').toEqual([]);
  return { steps: mode === 'apply' ? ovsBackend.plan(view, read.state) : ovsBackend.destroy(view, read.state), state: read.state };
}

/** Apply through the real applier (consecutive ovs-vsctl steps merged into one transaction). */
async function apply(box: OvsSandbox, host: string, steps: Step[]): Promise<void> {
  const outcome = await applySteps(new Map([[host, steps]]), { executorFor: () => box.executor(host), lock: false });
  expect(outcome.failure, `apply failed; ovs-vswitchd log:\n${await box.log('ovs-vswitchd')}`).toBeUndefined();
}

/** Run each step's commands one by one (no batching): every step must also stand alone. */
async function runEach(box: OvsSandbox, host: string, steps: Step[]): Promise<void> {
  for (const s of steps) {
    for (const c of s.commands) {
      const r = await box.executor(host).run(c);
      expect(r.code, `${s.object}: ${c.argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }
}

async function verifies(box: OvsSandbox, host: string, steps: Step[]): Promise<void> {
  for (const s of steps.filter((x) => x.verify)) {
    const r = await box.executor(host).run(s.verify!);
    expect(r.code, `verify of ${s.object}: ${s.verify!.argv.join(' ')}: ${r.stderr}`).toBe(0);
  }
}

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

/** examples/ovs-access-trunk.vnet on this machine: a local host with the userspace datapath. */
const ACCESS_TRUNK = example('ovs-access-trunk.vnet').replace('host sw1 address 192.0.2.31', 'host sw1 local datapath netdev');

async function accessTrunkDevices(box: OvsSandbox): Promise<void> {
  for (const v of ['eth1', 'eth2', 'n10a-p', 'n10b-p', 'n20-p']) await box.must('ip', 'link', 'add', v, 'type', 'veth', 'peer', 'name', `${v}-x`);
  for (const t of ['web-tap', 'db-tap']) await box.must('ip', 'tuntap', 'add', 'dev', t, 'mode', 'tap');
}

describe.skipIf(skipping('real Open vSwitch', unavailable))(`real Open vSwitch, userspace datapath${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('access ports, trunks, native-untagged: apply, re-plan zero, drift one ~, undo, destroy to empty', { timeout: 60_000 }, async () => {
    await withOvsSandboxes(1, async ([box]) => {
      const front = model(ACCESS_TRUNK, 'examples/ovs-access-trunk.vnet');
      await accessTrunkDevices(box!);

      const first = await planOn(box!, front, 'sw1');
      expect(first.state.read).toBe(true);
      expect(first.steps.map((s) => `${s.action} ${s.object}`)).toEqual([
        '+ bridge br-access',
        ...['eth1', 'eth2', 'web-tap', 'db-tap', 'mgmt0', 'n10a-p', 'n10b-p', 'n20-p'].map((p) => `+ port ${p} on br-access`),
      ]);
      await apply(box!, 'sw1', first.steps);
      await verifies(box!, 'sw1', first.steps);
      expect((await box!.must('ovs-vsctl', 'get', 'Port', 'eth2', 'vlan_mode')).trim()).toBe('native-untagged');
      expect((await box!.must('ovs-vsctl', 'get', 'Interface', 'mgmt0', 'type')).trim()).toBe('internal');
      expect((await planOn(box!, front, 'sw1')).steps).toEqual([]);

      // A tag changed by hand: exactly one ~ with that change, which puts it back.
      await box!.must('ovs-vsctl', 'set', 'Port', 'web-tap', 'tag=11');
      const drift = (await planOn(box!, front, 'sw1')).steps;
      expect(drift.map((s) => [s.action, s.object, s.changes])).toEqual([['~', 'port web-tap on br-access', ['tag: 11 -> 10']]]);
      await apply(box!, 'sw1', drift);
      await verifies(box!, 'sw1', drift);
      expect((await planOn(box!, front, 'sw1')).steps).toEqual([]);
      // Its undo is the exact reverse.
      await runEach(box!, 'sw1', [{ ...drift[0]!, commands: drift[0]!.undo }]);
      expect((await box!.must('ovs-vsctl', 'get', 'Port', 'web-tap', 'tag')).trim()).toBe('11');
      await apply(box!, 'sw1', (await planOn(box!, front, 'sw1')).steps);

      // Destroy, each step on its own: nothing of vsh's is left, the NICs stay.
      const destroy = (await planOn(box!, front, 'sw1', 'destroy')).steps;
      expect(destroy.map((s) => `${s.action} ${s.object}`)).toEqual(['- bridge br-access']);
      await runEach(box!, 'sw1', destroy);
      const after = await planOn(box!, front, 'sw1');
      expect(after.state.bridges.size).toBe(0);
      expect((await box!.exec('ip', 'link', 'show', 'eth1')).code).toBe(0);
    });
  });

  it('a changed model: a port moves to another bridge, an mtu is asked for, a dropped port goes — in one transaction', { timeout: 60_000 }, async () => {
    await withOvsSandboxes(1, async ([box]) => {
      await accessTrunkDevices(box!);
      await apply(box!, 'sw1', (await planOn(box!, model(ACCESS_TRUNK), 'sw1')).steps);

      const changed = ACCESS_TRUNK.replace('port eth1 trunk 10,20,30-39\n', '')
        .replace('port n20-p type veth peer n20:eth0 address 10.10.0.13/24 tag 20\n', '')
        .replace('expect noreach n20 10.10.0.11\n', '')
        .replace('port mgmt0 type internal tag 30 address 10.30.0.2/24', 'port mgmt0 type internal tag 30 address 10.30.0.2/24 mtu 1400')
        .concat('\nbridge br-up on sw1 stp on mtu 1400\nport eth1 trunk 10,20\n');
      const front = model(changed);
      const steps = (await planOn(box!, front, 'sw1')).steps;
      expect(steps.map((s) => [s.action, s.object, s.changes ?? []])).toEqual([
        ['-', 'port n20-p on br-access', []],
        ['~', 'port mgmt0 on br-access', ['mtu_request: (none) -> 1400']],
        ['+', 'bridge br-up', []],
        ['~', 'port eth1 on br-up', ['bridge: br-access -> br-up', 'trunks: 10,20,30-39 -> 10,20']],
      ]);
      await apply(box!, 'sw1', steps);
      await verifies(box!, 'sw1', steps);
      expect((await planOn(box!, front, 'sw1')).steps).toEqual([]);
      expect((await box!.must('ovs-vsctl', 'port-to-br', 'eth1')).trim()).toBe('br-up');
      expect((await box!.must('ovs-vsctl', 'get', 'Interface', 'mgmt0', 'mtu')).trim()).toBe('1400');
      expect((await box!.must('ovs-vsctl', 'get', 'Bridge', 'br-up', 'stp_enable')).trim()).toBe('true');

      // Back to the first model: every change reverts, br-up (vsh's, no longer declared) goes.
      const back = (await planOn(box!, model(ACCESS_TRUNK), 'sw1')).steps;
      expect(back.map((s) => `${s.action} ${s.object}`)).toEqual(['- bridge br-up', '+ port eth1 on br-access', '+ port n20-p on br-access']);
      await apply(box!, 'sw1', back);
      // mtu_request stays: the first model says nothing about it, so vsh leaves it.
      expect((await planOn(box!, model(ACCESS_TRUNK), 'sw1')).steps).toEqual([]);
    });
  });

  it('GRE between two hosts trunking VLANs 10 and 20: VLAN 10 reaches across, VLAN 20 does not; re-plan zero; destroy', { timeout: 90_000 }, async () => {
    await withOvsSandboxes(2, async ([a, b]) => {
      const boxes = { hostA: a!, hostB: b! };
      const text = `host hostA local underlay 10.200.0.1 datapath netdev
host hostB local underlay 10.200.0.2 datapath netdev
bridge br-phy on hostA uplink eth1 address 10.200.0.1/24
bridge br-int on hostA
port red-p tag 10
bridge br-phy on hostB uplink eth1 address 10.200.0.2/24
bridge br-int on hostB
port blue-p tag 10
port green-p tag 20
tunnel gre hostA<->hostB on br-int trunk 10,20
`;
      const front = model(text);
      // The underlay: one cable between the two hosts. Guests: a namespace each with a veth into its host.
      // (Namespaces are added from the root namespace: one added under `ip netns exec` would vanish with that command.)
      const here = async (...argv: string[]) => expect((await run(argv)).code, argv.join(' ')).toBe(0);
      await here('ip', '-n', a!.ns, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1', 'netns', b!.ns);
      const guests: string[] = [];
      const guest = async (box: OvsSandbox, port: string, addr: string) => {
        const ns = `${box.ns}-${port.slice(0, 1)}`;
        guests.push(ns);
        await here('ip', 'netns', 'add', ns);
        await here('ip', '-n', box.ns, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        await here('ip', '-n', box.ns, 'link', 'set', port, 'up');
        await here('ip', '-n', ns, 'addr', 'add', addr, 'dev', 'eth0');
        await here('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
        return ns;
      };
      try {
        const red = await guest(a!, 'red-p', '10.0.10.1/24');
        await guest(b!, 'blue-p', '10.0.10.2/24');
        await guest(b!, 'green-p', '10.0.10.3/24');

        for (const [host, box] of Object.entries(boxes)) {
          const { steps } = await planOn(box, front, host);
          expect(steps.map((s) => s.object)).toContain(`tunnel gre-${host === 'hostA' ? 'hostB' : 'hostA'} on br-int`);
          await apply(box, host, steps);
          await verifies(box, host, steps);
          // The Linux driver's part of the recipe, by hand: the underlay address on br-phy, links up.
          const ip = host === 'hostA' ? '10.200.0.1/24' : '10.200.0.2/24';
          await box.must('ip', 'addr', 'add', ip, 'dev', 'br-phy');
          for (const dev of ['eth1', 'br-phy', 'br-int']) await box.must('ip', 'link', 'set', dev, 'up');
        }
        for (const [host, box] of Object.entries(boxes)) expect((await planOn(box, front, host)).steps, host).toEqual([]);

        const ping = (ns: string, to: string, count: number) => run(['ip', 'netns', 'exec', ns, 'ping', '-c', String(count), '-W', '1', to]);
        // Learning and ARP take a moment: a few tries, each bounded.
        let reach = await ping(red, '10.0.10.2', 1);
        for (let i = 0; i < 10 && reach.code !== 0; i++) reach = await ping(red, '10.0.10.2', 1);
        expect(reach.code, `red (VLAN 10, hostA) -> blue (VLAN 10, hostB): ${reach.stdout}`).toBe(0);
        expect((await ping(red, '10.0.10.3', 2)).code, 'red (VLAN 10) must not reach green (VLAN 20)').not.toBe(0);

        for (const [host, box] of Object.entries(boxes)) {
          const destroy = (await planOn(box, front, host, 'destroy')).steps;
          expect(destroy.map((s) => s.object)).toEqual(['bridge br-phy', 'bridge br-int']);
          await apply(box, host, destroy);
          expect((await planOn(box, front, host)).state.bridges.size).toBe(0);
        }
      } finally {
        for (const ns of guests) await run(['ip', 'netns', 'del', ns]);
      }
    });
  });
});
