/**
 * `vsh lab up --libvirt`: each host runs its own libvirtd (own /run/libvirt, /etc/libvirt,
 * /var/lib/libvirt). virsh over ssh answers, a network defined and started on a host
 * exists on that host only, and `down` stops libvirtd and the dnsmasq it started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp, type UpResult } from '../../src/lab/lab.js';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { inNetns, namespaceInode } from '../../src/lab/processes.js';
import { ensureDown, isRoot, leftovers, NOT_ROOT, NOTHING_LEFT, removeTemp, rootLinks, ssh, tempLabDir, tracesOf } from './support.js';
import { skipping } from '../support/skip.js';

const hasLibvirt = !!findProgram('libvirtd', labPath()) && !!findProgram('virsh', labPath());
const skip = !isRoot ? NOT_ROOT : !hasLibvirt ? 'libvirtd/virsh not installed (apt-get install libvirt-daemon-system libvirt-clients dnsmasq-base; CI installs them)' : '';

const NETWORK = `<network>
  <name>vshlabtest</name>
  <bridge name='virbr-vsh'/>
  <ip address='10.77.0.1' netmask='255.255.255.0'>
    <dhcp><range start='10.77.0.10' end='10.77.0.20'/></dhcp>
  </ip>
</network>
`;

describe.skipIf(skipping('vsh lab --libvirt', skip))(`vsh lab --libvirt${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = tempLabDir('libvirt');
  let up: UpResult;

  beforeAll(async () => {
    up = await labUp({ dir, hosts: 2, libvirt: true });
  }, 60_000);

  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 60_000);

  it('answers virsh over ssh on each host, each with its own (empty) libvirt', () => {
    for (const h of up.plan.hosts) {
      const r = ssh(up.plan, h.mgmtAddress, 'virsh -c qemu:///system net-list --all --name; echo end');
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('end'); // no networks: not even the system's "default"
    }
  });

  it('defines and starts an isolated network on hostA only; its bridge and dnsmasq live in hostA', () => {
    const [a, b] = up.plan.hosts;
    const define = ssh(up.plan, a!.mgmtAddress, 'virsh -c qemu:///system net-define /dev/stdin && virsh -c qemu:///system net-start vshlabtest', 30_000, NETWORK);
    expect(define.stderr).toBe('');
    expect(define.stdout).toContain('Network vshlabtest started');
    const dump = ssh(up.plan, a!.mgmtAddress, 'virsh -c qemu:///system net-dumpxml vshlabtest; ip -br addr show virbr-vsh; cat /run/libvirt/network/vshlabtest.pid');
    expect(dump.stdout).toContain("<bridge name='virbr-vsh'");
    expect(dump.stdout).toMatch(/virbr-vsh\s+\S+\s+10\.77\.0\.1\/24/);
    // The network's dnsmasq runs on hostA: in hostA's network namespace.
    const dnsmasq = Number(dump.stdout.trim().split('\n').pop());
    expect(inNetns(dnsmasq, namespaceInode(`/run/netns/${a!.netns}`))).toBe(true);
    expect(ssh(up.plan, b!.mgmtAddress, 'virsh -c qemu:///system net-list --all --name').stdout.trim()).toBe('');
    expect(rootLinks().map((l) => l.ifname)).not.toContain('virbr-vsh');
  }, 40_000);

  it('down stops libvirtd and the dnsmasq it started, and removes everything', async () => {
    const traces = tracesOf(up.plan.dir);
    expect(traces.pids.length).toBeGreaterThanOrEqual(9); // 2 × (ovsdb-server, ovs-vswitchd, sshd, libvirtd) + dnsmasq
    const r = await labDown({ dir: up.plan.dir });
    expect(r.report?.problems).toEqual([]);
    expect(leftovers(traces)).toEqual(NOTHING_LEFT);
  }, 30_000);
});
