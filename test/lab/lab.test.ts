/**
 * A real 2-host lab, used as a person would: ssh into each host with the lab's key and
 * known_hosts, look at its OVS, make a namespace on one host, ping across the underlay,
 * check the inventory, run `up` again, read `status --json`, then `down` and look for
 * anything left behind. Root only (CI runs as root).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/lang/pipeline.js';
import { labStatusOf, labUp, labDown, type UpResult } from '../../src/lab/lab.js';
import { readState } from '../../src/lab/state.js';
import {
  ensureDown,
  isRoot,
  leftovers,
  makeSentinels,
  netnsNames,
  NOT_ROOT,
  NOTHING_LEFT,
  readText,
  removeTemp,
  rootLinks,
  run,
  ssh,
  tracesOf,
  tempLabDir,
  vsh,
} from './support.js';
import { skipping } from '../support/skip.js';

describe.skipIf(skipping('vsh lab', !isRoot && NOT_ROOT))(`vsh lab: a 2-host lab${isRoot ? '' : ` (skipped: ${NOT_ROOT})`}`, () => {
  const dir = tempLabDir('two');
  let up: UpResult;
  let sentinels: ReturnType<typeof makeSentinels>;

  beforeAll(async () => {
    sentinels = makeSentinels();
    up = await labUp({ dir, hosts: 2 });
  }, 60_000);

  afterAll(async () => {
    await ensureDown(dir);
    sentinels?.remove();
    removeTemp(dir);
  }, 60_000);

  it('is built: hostA and hostB, each with its management and underlay address', () => {
    expect(up.outcome).toBe('started');
    expect(up.plan.hosts.map((h) => [h.name, h.underlayAddress])).toEqual([
      ['hostA', '10.200.0.1'],
      ['hostB', '10.200.0.2'],
    ]);
    expect(up.plan.hosts.map((h) => h.mgmtAddress)).toEqual([`10.254.${up.plan.labNo}.11`, `10.254.${up.plan.labNo}.12`]);
    expect(readState(up.plan.dir)?.status).toBe('up');
  });

  it('answers ssh on each host with the lab key and a verified host key; each shows its own OVS br-phy only', () => {
    const uuids = new Set<string>();
    for (const h of up.plan.hosts) {
      const r = ssh(up.plan, h.mgmtAddress, 'hostname; ovs-vsctl get Open_vSwitch . _uuid; ovs-vsctl show');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const [hostname, uuid] = r.stdout.split('\n');
      expect(hostname).toBe(h.name);
      uuids.add(uuid!);
      expect(r.stdout.match(/Bridge /g)).toEqual(['Bridge ']);
      expect(r.stdout).toMatch(/Bridge br-phy\n\s+datapath_type: netdev/);
      expect(r.stdout).toContain('Interface eth1');
    }
    expect(uuids.size).toBe(2); // two databases, not one seen twice
  });

  it('gives each host its own host key, pinned to its address in known_hosts (a wrong key is refused)', () => {
    const [a, b] = up.plan.hosts;
    const lines = readText(up.plan.files.knownHosts).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith(`${a!.mgmtAddress} ssh-ed25519 `)).toBe(true);
    expect(lines[1]!.startsWith(`${b!.mgmtAddress} ssh-ed25519 `)).toBe(true);
    expect(lines[0]!.split(' ')[2]).not.toBe(lines[1]!.split(' ')[2]);
    // hostA's key written down for hostB's address: ssh must refuse hostB.
    const wrong = join(up.plan.dir, '..', 'wrong_known_hosts');
    writeFileSync(wrong, `${b!.mgmtAddress} ${lines[0]!.split(' ').slice(1).join(' ')}\n`);
    const r = ssh({ ...up.plan, files: { ...up.plan.files, knownHosts: wrong } }, b!.mgmtAddress, 'true');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('keeps namespaces made inside a host to that host', () => {
    const [a, b] = up.plan.hosts;
    const name = `t${process.pid}`;
    expect(ssh(up.plan, a!.mgmtAddress, `ip netns add ${name} && ip netns list`).stdout).toContain(name);
    expect(ssh(up.plan, b!.mgmtAddress, 'ip netns list').stdout).not.toContain(name);
    expect(netnsNames()).not.toContain(name);
    // The host's sysfs is its own too.
    expect(ssh(up.plan, a!.mgmtAddress, 'ls /sys/class/net').stdout.split('\n')).toEqual(expect.arrayContaining(['br-phy', 'eth0', 'eth1']));
  });

  it('carries traffic between the hosts on the underlay (br-phy), and none from the root namespace', () => {
    const [a, b] = up.plan.hosts;
    // The first packet takes the userspace slow path: allow a few bounded tries.
    const ping = (ns: string, to: string) => [1, 2, 3].some(() => run(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', to], 5000).code === 0);
    expect(ping(a!.netns, b!.underlayAddress)).toBe(true);
    expect(ping(b!.netns, a!.underlayAddress)).toBe(true);
    // The root namespace has no route into the underlay.
    expect(run(['ip', 'route', 'get', a!.underlayAddress]).stdout).not.toContain('vsh');
  });

  it('writes an inventory that checks clean, with the lab key and known_hosts', () => {
    const text = readText(up.plan.files.inventory);
    const result = frontEnd([{ file: up.plan.files.inventory, text }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.statements).toHaveLength(2);
    expect(text).toContain(`host hostA address ${up.plan.hosts[0]!.mgmtAddress} user root key "${up.plan.files.key}" known-hosts "${up.plan.files.knownHosts}" underlay 10.200.0.1 datapath netdev`);
    expect(vsh(['check', up.plan.files.inventory]).code).toBe(0);
    // The private key is the user's alone.
    expect(run(['stat', '-c', '%a', up.plan.files.key]).stdout.trim()).toBe('600');
  });

  it("drives vsh's own SSH executor: `vsh plan` reads both hosts live through the inventory", () => {
    const script = join(up.plan.dir, '..', 'plan.vnet');
    writeFileSync(script, 'bridge br-test on hostA kind linux\nbridge br-test on hostB kind linux\n');
    const r = vsh(['plan', '--json', up.plan.files.inventory, script]);
    expect(r.stderr).not.toMatch(/error|refused|unknown host key/i);
    expect(r.code).toBe(0);
    const hosts = new Set((JSON.parse(r.stdout).steps as { host: string }[]).map((s) => s.host));
    expect([...hosts].sort()).toEqual(['hostA', 'hostB']);
  });

  it('`lab up` again says it is running and changes nothing', () => {
    const before = { state: readText(up.plan.files.state), netns: netnsNames().sort(), links: rootLinks().map((l) => l.ifname).sort() };
    const r = vsh(['lab', 'up', '--dir', up.plan.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`the lab in ${up.plan.dir} is already up (2 hosts); nothing changed`);
    expect(readText(up.plan.files.state)).toBe(before.state);
    const lab = (names: string[]) => names.filter((n) => n.includes(up.plan.id) || n.startsWith(`vsh${up.plan.labNo}-`));
    expect(lab(netnsNames().sort())).toEqual(lab(before.netns));
    expect(lab(rootLinks().map((l) => l.ifname).sort())).toEqual(lab(before.links));
    // Asking for a different lab in the same directory is refused, still changing nothing.
    const other = vsh(['lab', 'up', '--dir', up.plan.dir, '--hosts', '3']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('already up with 2 hosts; nothing changed');
    expect(readText(up.plan.files.state)).toBe(before.state);
  });

  it('`lab status --json` lists every daemon with a live pid', async () => {
    const r = vsh(['lab', 'status', '--dir', up.plan.dir, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ present: true, state: 'up', healthy: true, id: up.plan.id, managementSubnet: up.plan.mgmtSubnet });
    expect(s.hosts.map((h: { name: string }) => h.name)).toEqual(['hostA', 'hostB']);
    for (const h of s.hosts) {
      expect(h.ssh).toBe(true);
      expect(h.daemons.map((d: { name: string }) => d.name)).toEqual(['ovsdb-server', 'ovs-vswitchd', 'sshd']);
      for (const d of h.daemons) {
        expect(d.alive).toBe(true);
        expect(run(['kill', '-0', String(d.pid)]).code).toBe(0);
      }
    }
    expect((await labStatusOf(up.plan.dir)).healthy).toBe(true);
    const text = vsh(['lab', 'status', '--dir', up.plan.dir]);
    expect(text.stdout).toMatch(/^lab [0-9a-f]{6} in .*: up, healthy$/m);
    expect(text.stdout).toMatch(/hostA\s+vsh-[0-9a-f]{6}-hostA\s+10\.254\.\d+\.11\s+10\.200\.0\.1\s+open\s+\d+\s+\d+\s+\d+/);
  });

  it('`lab down` removes every namespace, link, process, mount and file of the lab, and nothing else', async () => {
    const traces = tracesOf(up.plan.dir);
    expect(Object.values(readState(up.plan.dir)!.daemons).flatMap((d) => Object.values(d))).toHaveLength(6);
    expect(traces.pids.length).toBeGreaterThanOrEqual(6);
    expect(leftovers(traces).processes.length).toBeGreaterThanOrEqual(6);
    const r = await labDown({ dir: up.plan.dir });
    expect(r.outcome).toBe('removed');
    expect(r.report?.problems).toEqual([]);
    expect(leftovers(traces)).toEqual(NOTHING_LEFT);
    // The lab created its directory, so it is gone too; the look-alikes of another lab are not.
    expect(run(['test', '-e', up.plan.dir]).code).toBe(1);
    expect(netnsNames()).toContain(sentinels.netns);
    expect(rootLinks().map((l) => l.ifname)).toContain(sentinels.link);
    // And again: nothing to do.
    expect((await labDown({ dir: up.plan.dir })).outcome).toBe('absent');
  }, 30_000);
});
