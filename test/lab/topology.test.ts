/** The lab's names, addresses and generated files, without touching the machine. */
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/lang/ip.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { sshdConfigText } from '../../src/lab/daemons.js';
import { containersConfText, containersResource, dockerdArgs, storageConfText } from '../../src/lab/containers.js';
import { daemonsOf, pidfileOf } from '../../src/lab/daemons.js';
import { hostMounts } from '../../src/lab/host.js';
import { inventoryText, vnetString } from '../../src/lab/inventory.js';
import { sshConfigText } from '../../src/lab/keys.js';
import { isFree } from '../../src/lab/network.js';
import { hostName, labIdOf, labNoCandidates, MAX_HOSTS, planLab, SAFE_DIR } from '../../src/lab/topology.js';

const plan = planLab('/srv/labs/one', 'a1b2c3', 7, 3, false);

describe('lab topology', () => {
  it('names hosts hostA…hostZ, then hostAA…, and their namespaces after the lab id', () => {
    expect([0, 1, 25].map(hostName)).toEqual(['hostA', 'hostB', 'hostZ']);
    expect([26, 27, 51, 52, 63, 701, 702].map(hostName)).toEqual(['hostAA', 'hostAB', 'hostAZ', 'hostBA', 'hostBL', 'hostZZ', 'hostAAA']);
    expect(MAX_HOSTS).toBeGreaterThanOrEqual(64);
    const names = Array.from({ length: MAX_HOSTS }, (_, i) => hostName(i));
    expect(new Set(names).size).toBe(MAX_HOSTS);
    // OVN names tunnel ports from the first 6 characters of the chassis name (= host name).
    expect(new Set(names.map((n) => n.slice(0, 6))).size).toBe(MAX_HOSTS);
    expect(plan.hosts.map((h) => h.netns)).toEqual(['vsh-a1b2c3-hostA', 'vsh-a1b2c3-hostB', 'vsh-a1b2c3-hostC']);
    expect(plan.underlayNetns).toBe('vsh-a1b2c3-underlay');
    expect(labIdOf('/srv/labs/one')).toMatch(/^[0-9a-f]{6}$/);
    expect(labIdOf('/srv/labs/one')).not.toBe(labIdOf('/srv/labs/two'));
  });

  it('gives a 10.254.N.0/24 management network (controller .1, hosts from .11) and a 10.200.0.0/24 underlay', () => {
    expect(plan.mgmtSubnet).toBe('10.254.7.0/24');
    expect(plan.controller).toBe('10.254.7.1');
    expect(plan.hosts.map((h) => [h.mgmtAddress, h.underlayAddress])).toEqual([
      ['10.254.7.11', '10.200.0.1'],
      ['10.254.7.12', '10.200.0.2'],
      ['10.254.7.13', '10.200.0.3'],
    ]);
    expect(planLab('/x', 'ffffff', 255, 26, false).hosts[25]!.mgmtAddress).toBe('10.254.255.36');
  });

  it('keeps every link name within 15 bytes and every address in its /24, up to MAX_HOSTS', () => {
    const big = planLab('/x', 'ffffff', 255, MAX_HOSTS, true);
    for (const name of [big.mgmtBridge, ...big.hosts.flatMap((h) => [h.mgmtLink, h.underlayPort])]) expect(name.length).toBeLessThanOrEqual(15);
    expect(big.hosts[25]!.mgmtLink).toBe('vsh255-hostZ');
    expect(big.hosts[63]!.mgmtLink).toBe('vsh255-hostBL');
    expect(big.hosts[63]!.mgmtAddress).toBe('10.254.255.74');
    expect(big.hosts[63]!.underlayAddress).toBe('10.200.0.64');
    const last = big.hosts[MAX_HOSTS - 1]!;
    for (const a of [last.mgmtAddress, last.underlayAddress]) expect(Number(a.split('.')[3])).toBeLessThan(255);
  });

  it('tries every lab number once, starting from one derived from the id', () => {
    const c = labNoCandidates('a1b2c3');
    expect(c[0]).toBe(0xa1);
    expect(new Set(c).size).toBe(256);
  });

  it('skips a management /24 the root namespace already routes or has a nameserver in', () => {
    const used = ['10.254.7.0/25', '10.255.255.53/32', '192.0.2.0/24'].map((c) => parseCidr(c)!);
    expect(isFree(7, used)).toBe(false);
    expect(isFree(8, used)).toBe(true);
    expect(isFree(3, [parseCidr('10.0.0.0/8')!])).toBe(false);
  });

  it('mounts the host’s own /run, /root, OVS and (with libvirt) libvirt directories', () => {
    expect(hostMounts(false)).toEqual([
      ['run', '/run'],
      ['root', '/root'],
      ['etc-openvswitch', '/etc/openvswitch'],
      ['var-log-openvswitch', '/var/log/openvswitch'],
    ]);
    expect(hostMounts(true).map(([, t]) => t)).toEqual(expect.arrayContaining(['/etc/libvirt', '/var/lib/libvirt', '/var/log/libvirt', '/var/cache/libvirt']));
  });

  it('accepts only lab directories that need no quoting in ssh configs and .vnet strings', () => {
    for (const ok of ['/tmp/vsh-lab-x1/lab', '/srv/a_b/c.d', '/home/me/lab@2']) expect(SAFE_DIR.test(ok)).toBe(true);
    for (const bad of ['relative', '/a b', '/a%h', '/a"b', '/a\\b', '/a\nb']) expect(SAFE_DIR.test(bad)).toBe(false);
  });
});

describe('lab files', () => {
  it('writes an inventory that checks clean: one host statement per host, with key, known_hosts, underlay, netdev', () => {
    const text = inventoryText(plan);
    const result = frontEnd([{ file: 'hosts.vnet', text }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.statements).toHaveLength(3);
    expect(text.split('\n').filter((l) => l.startsWith('host '))).toEqual([
      'host hostA address 10.254.7.11 user root key "/srv/labs/one/id_ed25519" known-hosts "/srv/labs/one/known_hosts" underlay 10.200.0.1 datapath netdev',
      'host hostB address 10.254.7.12 user root key "/srv/labs/one/id_ed25519" known-hosts "/srv/labs/one/known_hosts" underlay 10.200.0.2 datapath netdev',
      'host hostC address 10.254.7.13 user root key "/srv/labs/one/id_ed25519" known-hosts "/srv/labs/one/known_hosts" underlay 10.200.0.3 datapath netdev',
    ]);
  });

  it('an inventory followed by a script is one model', () => {
    const script = 'bridge br-int on hostA\nport p1 tag 10\nbridge br-int on hostB\ntunnel gre hostA<->hostB on br-int trunk 10\n';
    const result = frontEnd([
      { file: 'hosts.vnet', text: inventoryText(plan) },
      { file: 's.vnet', text: script },
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('adds the OVN lines only with --ovn: the central on hostA, every host a chassis mapping physnet to br-phy', () => {
    expect(inventoryText(plan)).not.toContain('ovn ');
    const lines = inventoryText(planLab('/srv/labs/one', 'a1b2c3', 7, 3, false, { ovn: true })).split('\n');
    expect(lines.filter((l) => l.startsWith('ovn '))).toEqual([
      'ovn central hostA',
      'ovn chassis hostA mapping physnet:br-phy',
      'ovn chassis hostB mapping physnet:br-phy',
      'ovn chassis hostC mapping physnet:br-phy',
    ]);
  });

  it('configures podman per host: runc, cgroupfs, ulimits the kernel accepts, no network, its own storage', () => {
    const conf = containersConfText();
    expect(conf).toContain('runtime = "runc"');
    expect(conf).toContain('cgroup_manager = "cgroupfs"');
    expect(conf).toContain('default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]');
    expect(conf).toContain('netns = "none"');
    expect(storageConfText(plan.hosts[1]!)).toContain('graphroot = "/srv/labs/one/hosts/hostB/containers/storage"');
    expect(hostMounts(false, { containers: true, ovn: true }).map(([, t]) => t)).toEqual(
      expect.arrayContaining(['/etc/containers', '/etc/ovn', '/var/lib/ovn', '/var/log/ovn']),
    );
  });

  it('--docker implies --containers and runs one dockerd per host: own data root, pidfile and socket in the host\'s /run, no bridge or iptables, ulimits the kernel accepts, its own config file', () => {
    const p = planLab('/srv/labs/one', 'a1b2c3', 7, 2, false, { docker: true });
    expect([p.containers, p.docker]).toEqual([true, true]);
    expect([planLab('/srv/labs/one', 'a1b2c3', 7, 2, false, { containers: true }).docker]).toEqual([false]);
    expect(daemonsOf(p)).toEqual(['ovsdb-server', 'ovs-vswitchd', 'sshd', 'dockerd']);
    expect(daemonsOf(plan)).not.toContain('dockerd');
    expect(pidfileOf(p.hosts[1]!, 'dockerd')).toBe('/srv/labs/one/hosts/hostB/run/docker.pid');
    expect(dockerdArgs(p.hosts[1]!)).toEqual([
      '--config-file=/srv/labs/one/hosts/hostB/docker-daemon.json',
      '--data-root=/srv/labs/one/hosts/hostB/docker',
      '--exec-root=/run/docker',
      '--pidfile=/run/docker.pid',
      '--host=unix:///run/docker.sock',
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      '--default-ulimit=nofile=1024:1024',
      '--default-ulimit=nproc=1024:1024',
    ]);
    expect(containersResource(p, p.hosts[0]!)).toMatchObject({ kind: 'containers', host: 'hostA', docker: true });
    expect(containersResource(plan, plan.hosts[0]!)).not.toHaveProperty('docker');
  });

  it('quotes .vnet strings', () => {
    expect(vnetString('/a/b')).toBe('"/a/b"');
    expect(vnetString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('configures sshd for the management address only, key-only root login, its own key and pidfile', () => {
    const text = sshdConfigText(plan, plan.hosts[1]!);
    expect(text).toContain('ListenAddress 10.254.7.12\n');
    expect(text).toContain('HostKey /srv/labs/one/hosts/hostB/ssh_host_ed25519_key\n');
    expect(text).toContain('AuthorizedKeysFile /srv/labs/one/id_ed25519.pub\n');
    expect(text).toContain('PermitRootLogin prohibit-password\n');
    expect(text).toContain('PasswordAuthentication no\n');
    expect(text).toContain('KbdInteractiveAuthentication no\n');
    expect(text).toContain('PidFile /run/sshd.pid\n');
  });

  it('writes an ssh_config people can use: ssh -F DIR/ssh_config hostA', () => {
    const text = sshConfigText(plan);
    expect(text).toContain('Host hostA\n  HostName 10.254.7.11\n  User root\n  IdentityFile /srv/labs/one/id_ed25519\n');
    expect(text).toContain('  UserKnownHostsFile /srv/labs/one/known_hosts\n  StrictHostKeyChecking yes\n');
  });
});
