/** Reading what iproute2 prints (fixtures captured on this machine, see test/fixtures/linux/README.md). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FEATURE_CACHE, FEATURE_SCRIPT, parseFeatures } from '../../../src/backends/linux/features.js';
import { findPeers, parseBridgeVlans, parseLinks } from '../../../src/backends/linux/state.js';
import { fixture } from './helpers.js';

describe('ip -json -details addr show', () => {
  const host = parseLinks(fixture('bridge-host.addr.json'));

  it('reads kind, settings, master, state, alias and IPv4 addresses of each link', () => {
    expect(host.get('br0')).toMatchObject({ kind: 'bridge', mtu: 1500, up: true, alias: 'vsh', addresses: ['192.168.50.1/24'], settings: { stp_state: 1, vlan_filtering: 0 } });
    expect(host.get('tap-vm1')).toMatchObject({ kind: 'tun', master: 'br0', settings: { type: 'tap' } });
    expect(host.get('lo')).toMatchObject({ up: false, addresses: [] });
    expect(host.get('lo')?.kind).toBeUndefined();
  });

  it('leaves out IPv6 and host-scope addresses', () => {
    const ns1 = parseLinks(fixture('bridge-ns1.addr.json'));
    expect(ns1.get('lo')?.addresses).toEqual([]);
    expect(ns1.get('eth0')?.addresses).toEqual(['192.168.50.11/24']);
  });

  it("finds each veth's peer across namespaces by matching indexes both ways", () => {
    const namespaces = new Map([
      ['ns1', parseLinks(fixture('bridge-ns1.addr.json'))],
      ['ns2', parseLinks(fixture('bridge-ns2.addr.json'))],
    ]);
    findPeers(host, namespaces);
    expect(host.get('veth-ns1')?.peer).toBe('ns1:eth0');
    expect(host.get('veth-ns2')?.peer).toBe('ns2:eth0');
  });

  it('reads a VXLAN device and its settings', () => {
    const vx = parseLinks(fixture('vxlan-host.addr.json')).get('vxlan-hv1');
    expect(vx).toMatchObject({ kind: 'vxlan', mtu: 1450, master: 'br-vx', settings: { id: 4242, remote: '10.200.0.21', local: '10.200.0.22', port: 4789 } });
  });

  it('never throws on odd output', () => {
    for (const odd of ['', 'not json', '{}', '[1, null, {"ifname": 3}]', '[{"ifname":"x"}]']) expect(parseLinks(odd).size).toBe(0);
    expect(parseLinks(undefined).size).toBe(0);
  });
});

describe('bridge -json vlan show', () => {
  it('reads flags and expands ranges', () => {
    const v = parseBridgeVlans(fixture('bridge-vlan-show.handwritten.json'));
    expect([...v.get('vm1')!]).toEqual([[10, { pvid: true, untagged: true }]]);
    expect([...v.get('vxlan-b')!.keys()]).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(v.get('eth1')?.get(10)).toEqual({ pvid: false, untagged: false });
  });

  it('reads this kernel\'s empty answer as no memberships', () => {
    expect(parseBridgeVlans(fixture('bridge-vlan-show.json')).size).toBe(0);
  });
});

describe('kernel features', () => {
  it("reads this machine's kernel: no 8021q, ip_gre, geneve, bonding or bridge VLAN filtering", () => {
    expect([...parseFeatures(fixture('features.txt'))].sort()).toEqual(['bridge', 'macvtap', 'tun', 'veth', 'vxlan']);
  });

  it('trusts the kernel config over everything else (m counts as present)', () => {
    expect([...parseFeatures('config\nconfig CONFIG_VLAN_8021Q=m\nmodule bridge\n')]).toEqual(['8021q']);
  });

  it('without a config: evidence counts, and missing evidence is "absent" only where modprobe would know', () => {
    const withModules = parseFeatures('modules\nmodule bridge\npath /sys/class/misc/tun\npath bridge\n');
    expect([...withModules].sort()).toEqual(['bridge', 'tun']);
    // No config, no modules.builtin: what cannot be told is assumed present (real hosts usually have it).
    const blind = parseFeatures('path bridge\n');
    expect(blind.has('bonding')).toBe(true);
    expect(blind.has('vlan-filtering')).toBe(false); // a bridge exists and has no vlan_filtering attribute
    expect(parseFeatures('path bridge\npath vlan_filtering\n').has('vlan-filtering')).toBe(true);
  });
});

describe('kernel feature probe on this machine', () => {
  const readable = existsSync('/proc/config.gz') || existsSync(`/boot/config-${release()}`);
  it.skipIf(process.getuid?.() !== 0 || !readable)('keeps the config lines per boot, and the kept lines say what the config says', () => {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const kept = `${FEATURE_CACHE}.${boot}`;
    rmSync(kept, { force: true });
    const first = spawnSync('sh', ['-c', FEATURE_SCRIPT], { encoding: 'utf8' });
    expect(existsSync(kept)).toBe(true);
    const second = spawnSync('sh', ['-c', FEATURE_SCRIPT], { encoding: 'utf8' });
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout.startsWith('config\n')).toBe(true);
    expect([...parseFeatures(second.stdout)].sort()).toEqual([...parseFeatures(fixture('features.txt'))].sort());
  });
});
