/**
 * Real iproute2 (root, Linux): examples/linux-bridge-tap-veth.vnet planned, applied and
 * destroyed inside a throw-away namespace that stands in for the host. Namespace names
 * of the script get this run's unique id, since `ip netns add` names are machine-wide.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUseNetns, NetnsExecutor, NetnsSandbox, run } from '../../support/netns.js';
import { apply, model, planLive, viewOf } from './helpers.js';
import { skipping } from '../../support/skip.js';

const root = await canUseNetns();

/** `ip -json link` of a namespace, reduced to what must come back after destroy. */
async function links(sb: NetnsSandbox, ns: string): Promise<unknown> {
  const r = await sb.exec(ns, ['ip', '-json', '-details', 'link', 'show']);
  const all = JSON.parse(r.stdout) as { ifname: string; flags: string[]; mtu: number; linkinfo?: { info_kind?: string }; ifalias?: string }[];
  return all.map((l) => ({ name: l.ifname, flags: l.flags, mtu: l.mtu, kind: l.linkinfo?.info_kind, alias: l.ifalias })).sort((a, b) => a.name.localeCompare(b.name));
}

/** A bounded wait for a ping from namespace `ns` (STP needs a few seconds to open new ports). */
async function ping(ns: string, ip: string, tries = 1): Promise<boolean> {
  for (let i = 0; i < tries; i++) if ((await run(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', ip])).code === 0) return true;
  return false;
}

describe.skipIf(skipping('linux driver on real iproute2', !root && 'needs root on Linux with iproute2 (network namespaces)'))('linux driver on real iproute2: linux-bridge-tap-veth.vnet', () => {
  const sb = new NetnsSandbox();
  let host: string;
  let ns1: string;
  let ns2: string;
  let text: string;
  let exec: NetnsExecutor;
  let before: unknown;

  beforeAll(async () => {
    host = await sb.add('h');
    [ns1, ns2] = [sb.name('a'), sb.name('b')];
    text = readFileSync(new URL('../../../examples/linux-bridge-tap-veth.vnet', import.meta.url), 'utf8')
      .replace('host lab1 address 192.0.2.81', 'host lab1 local')
      .replace(/(?<![\w-])ns1(?![\w-])/g, ns1)
      .replace(/(?<![\w-])ns2(?![\w-])/g, ns2);
    exec = new NetnsExecutor('lab1', host);
    before = await links(sb, host);
  });
  afterAll(() => sb.cleanup());

  const view = () => viewOf(model(text, 'linux-bridge-tap-veth.vnet'), 'lab1');

  it('applies the plan, after which a re-plan is empty and the namespaces reach each other', async () => {
    const steps = await planLive(view(), exec);
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual([
      `+ namespace ${ns1}`,
      `+ namespace ${ns2}`,
      '+ bridge br0 (linux)',
      '+ tap tap-vm1',
      '+ tap tap-vm2',
      `+ veth veth-ns1 (peer ${ns1}:eth0)`,
      `+ veth veth-ns2 (peer ${ns2}:eth0)`,
      '+ bridge br0 address 192.168.50.1/24',
      '+ port tap-vm1 on br0',
      '+ port tap-vm2 on br0',
      '+ port veth-ns1 on br0',
      '+ port veth-ns2 on br0',
    ]);
    await apply('lab1', exec, steps);
    expect(await planLive(view(), exec)).toEqual([]);
    // STP is on (the example asks for it), so ports listen and learn for 2 x 15 s before they forward. Shorten the
    // forward delay (a setting vsh does not manage) and restart STP on the ports by bouncing the bridge: ~4 s.
    for (const args of [['type', 'bridge', 'forward_delay', '200'], ['down'], ['up']]) await sb.exec(host, ['ip', 'link', 'set', 'dev', 'br0', ...args]);
    expect(await ping(ns1, '192.168.50.12', 12)).toBe(true);
    expect(await ping(ns2, '192.168.50.1', 3)).toBe(true);
    expect(await planLive(view(), exec)).toEqual([]);
  }, 60_000);

  it('shows exactly the `~` for an address changed by hand, and applying it puts the address back', async () => {
    await run(['ip', '-n', ns1, 'addr', 'del', '192.168.50.11/24', 'dev', 'eth0'], true);
    await run(['ip', '-n', ns1, 'addr', 'add', '192.168.50.99/24', 'dev', 'eth0'], true);
    const steps = await planLive(view(), exec);
    expect(steps.map((s) => ({ action: s.action, object: s.object, changes: s.changes, argv: s.commands.map((c) => c.argv.join(' ')) }))).toEqual([
      {
        action: '~',
        object: 'port veth-ns1 on br0',
        changes: [`${ns1}:eth0 address: 192.168.50.99/24 -> 192.168.50.11/24`],
        argv: [`ip -n ${ns1} addr del 192.168.50.99/24 dev eth0`, `ip -n ${ns1} addr add 192.168.50.11/24 dev eth0`],
      },
    ]);
    await apply('lab1', exec, steps);
    expect(await planLive(view(), exec)).toEqual([]);
  });

  it('shows `~ stp` and `~ state` for a bridge changed by hand', async () => {
    await sb.exec(host, ['ip', 'link', 'set', 'dev', 'br0', 'type', 'bridge', 'stp_state', '0']);
    await sb.exec(host, ['ip', 'link', 'set', 'dev', 'tap-vm2', 'down']);
    const steps = await planLive(view(), exec);
    expect(steps.map((s) => [s.action, s.object, s.changes])).toEqual([
      ['~', 'bridge br0 address 192.168.50.1/24', ['stp: off -> on']],
      ['~', 'port tap-vm2 on br0', ['state: down -> up']],
    ]);
    await apply('lab1', exec, steps);
    expect(await planLive(view(), exec)).toEqual([]);
  });

  it('removes a link vsh made that the model no longer has', async () => {
    const shorter = text.replace('port tap-vm2 type tap\n', '');
    const v = viewOf(model(shorter), 'lab1');
    const steps = await planLive(v, exec);
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['- tap tap-vm2 (no longer in the model)']);
    // Its undo brings it back as it was: created, marked, enslaved, up.
    expect(steps[0]!.undo.map((c) => c.argv.join(' '))).toEqual([
      'ip tuntap add dev tap-vm2 mode tap',
      'ip link set dev tap-vm2 alias vsh',
      'ip link set dev tap-vm2 master br0',
      'ip link set dev tap-vm2 up',
    ]);
  });

  it('destroys what it made: the host is as before and the namespaces are gone', async () => {
    const steps = await planLive(view(), exec, 'destroy');
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual([
      `- veth veth-ns2 (peer ${ns2}:eth0)`,
      `- veth veth-ns1 (peer ${ns1}:eth0)`,
      '- tap tap-vm2',
      '- tap tap-vm1',
      '- bridge br0 (linux)',
      `- namespace ${ns2}`,
      `- namespace ${ns1}`,
    ]);
    await apply('lab1', exec, steps, 'destroy');
    expect(await links(sb, host)).toEqual(before);
    expect(await sb.exists(ns1)).toBe(false);
    expect(await sb.exists(ns2)).toBe(false);
    expect((await planLive(view(), exec, 'destroy')).length).toBe(0);
  });
});
