/**
 * Real iproute2 (root, Linux): a VXLAN between Linux bridges on two "hosts" — two
 * throw-away namespaces joined by a veth underlay (10.201.0.1 <-> 10.201.0.2) — each
 * with a namespace "container" on its bridge. Applied, pinged across, re-planned to
 * zero, destroyed back to what was there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUseNetns, NetnsExecutor, NetnsSandbox, run } from '../../support/netns.js';
import { apply, model, planLive, readLive, viewOf } from './helpers.js';
import { skipping } from '../../support/skip.js';

const root = await canUseNetns();

describe.skipIf(skipping('linux driver VXLAN on real iproute2', !root && 'needs root on Linux with iproute2 (network namespaces)'))('linux driver on real iproute2: VXLAN between two Linux bridges', () => {
  const sb = new NetnsSandbox();
  const hosts = ['h1', 'h2'] as const;
  const ns: Record<string, string> = {};
  const exec: Record<string, NetnsExecutor> = {};
  const before: Record<string, string> = {};
  let text: string;

  const linkNames = async (h: string) => (await sb.exec(ns[h]!, ['ip', '-br', 'link', 'show'])).stdout.split('\n').map((l) => l.split(/\s+/)[0]).sort().join(' ');

  beforeAll(async () => {
    for (const h of hosts) {
      ns[h] = await sb.add(h);
      exec[h] = new NetnsExecutor(h, ns[h]);
    }
    [ns.c1, ns.c2] = [sb.name('c1'), sb.name('c2')];
    // The underlay: one veth between the two host namespaces, made straight inside them.
    await run(['ip', 'link', 'add', 'name', 'u1', 'netns', ns.h1!, 'type', 'veth', 'peer', 'name', 'u2', 'netns', ns.h2!], true);
    for (const [h, dev, addr] of [['h1', 'u1', '10.201.0.1/24'], ['h2', 'u2', '10.201.0.2/24']] as const) {
      await run(['ip', '-n', ns[h]!, 'addr', 'add', addr, 'dev', dev], true);
      await run(['ip', '-n', ns[h]!, 'link', 'set', 'dev', dev, 'up'], true);
      before[h] = await linkNames(h);
    }
    text = `host h1 local underlay 10.201.0.1
host h2 local underlay 10.201.0.2
bridge br-vx on h1 kind linux mtu 1450
bridge br-vx on h2 kind linux mtu 1450
tunnel vxlan h1<->h2 on br-vx vni 4242
namespace ${ns.c1} on h1
namespace ${ns.c2} on h2
port c1-p on br-vx@h1 type veth peer ${ns.c1}:eth0 address 10.50.0.1/24 mtu 1450
port c2-p on br-vx@h2 type veth peer ${ns.c2}:eth0 address 10.50.0.2/24 mtu 1450
`;
  });
  afterAll(() => sb.cleanup());

  it('applies on both hosts, pings across the tunnel, and re-plans to zero', async () => {
    const front = model(text);
    for (const h of hosts) {
      const steps = await planLive(viewOf(front, h), exec[h]!);
      expect(steps.filter((s) => s.object.startsWith('vxlan ')).map((s) => s.commands[0]!.argv.join(' '))).toEqual([
        h === 'h1'
          ? 'ip link add name vxlan-h2 mtu 1450 type vxlan id 4242 remote 10.201.0.2 local 10.201.0.1 dstport 4789'
          : 'ip link add name vxlan-h1 mtu 1450 type vxlan id 4242 remote 10.201.0.1 local 10.201.0.2 dstport 4789',
      ]);
      await apply(h, exec[h]!, steps);
    }
    for (const h of hosts) expect(await planLive(viewOf(front, h), exec[h]!)).toEqual([]);
    const ping = await run(['ip', 'netns', 'exec', ns.c1!, 'ping', '-c', '1', '-W', '1', '10.50.0.2']);
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
  });

  it('reads the MTUs and features, and re-creates a tunnel device whose VNI the script changed', async () => {
    const read = await readLive(viewOf(model(text), 'h1'), exec.h1!);
    expect(read.facts?.mtu?.get('br-vx')).toBe(1450);
    expect(read.facts?.mtu?.get('u1')).toBe(1500);
    expect(read.facts?.features?.has('vxlan')).toBe(true);
    const front = model(text.replace('vni 4242', 'vni 4243'));
    const steps = await planLive(viewOf(front, 'h1'), exec.h1!);
    expect(steps.map((s) => [s.action, s.object, s.changes])).toEqual([
      ['~', 'vxlan vxlan-h2 (VXLAN VNI 4243 to 10.201.0.2)', ['id: 4242 -> 4243']],
      ['+', 'tunnel vxlan-h2 on br-vx', undefined],
    ]);
  });

  it('destroys both ends back to the bare hosts', async () => {
    const front = model(text);
    for (const h of hosts) await apply(h, exec[h]!, await planLive(viewOf(front, h), exec[h]!, 'destroy'), 'destroy');
    for (const h of hosts) expect(await linkNames(h)).toBe(before[h]);
    expect(await sb.exists(ns.c1!)).toBe(false);
    expect(await sb.exists(ns.c2!)).toBe(false);
  });
});
