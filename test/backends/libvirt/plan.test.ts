/**
 * The libvirt driver against canned virsh outputs (captured from the real virsh 9.0 here:
 * test/fixtures/libvirt/README.md): what it probes, how it reads, and the steps it plans
 * for missing, matching and differing networks and guest NICs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libvirtBackend } from '../../../src/backends/libvirt/index.js';
import type { Step } from '../../../src/backends/backend.js';
import { example, model, outputs, stepsOf, viewOf } from './support.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/libvirt/${name}`, import.meta.url), 'utf8');
const argvs = (s: Step | undefined) => s?.commands.map((c) => c.argv.join(' '));
const undos = (s: Step | undefined) => s?.undo.map((c) => c.argv.join(' '));

/** Probe outputs of a host where the given networks exist (XML from a fixture or text), with their state. */
function host(networks: Record<string, { xml: string; active?: boolean; autostart?: boolean }>, extra: Record<string, string | { code: number; stderr: string }> = {}) {
  const names = (pick: (n: { active?: boolean; autostart?: boolean }) => boolean | undefined) =>
    Object.entries(networks).filter(([, n]) => pick(n)).map(([name]) => `${name}\n`).join('') + '\n';
  return outputs({
    'libvirt.list-all': names(() => true),
    'libvirt.list-active': names((n) => n.active ?? true),
    'libvirt.list-autostart': names((n) => n.autostart ?? true),
    ...Object.fromEntries(Object.entries(networks).map(([name, n]) => [`libvirt.net.${name}`, n.xml])),
    ...extra,
  });
}

const NOT_DEFINED = { code: 1, stderr: fixture('dumpxml-missing-domain.stderr') };

/** Outputs for a guest: its persistent XML and its running/live XML. */
const guest = (name: string, config: string, live = config) => ({ [`libvirt.domain-config.${name}`]: config, [`libvirt.domain-live.${name}`]: live });

describe('libvirt probes', () => {
  it('lists networks three ways, dumps each declared network and each attached guest, all read-only', () => {
    const probes = libvirtBackend.probes(viewOf(example('libvirt-nat.vnet'), 'kvm1'));
    expect(probes.map((p) => p.command.argv.join(' '))).toEqual([
      'virsh net-list --all --name',
      'virsh net-list --name',
      'virsh net-list --all --autostart --name',
      'virsh net-dumpxml --inactive lab-nat',
      'virsh dumpxml --inactive web1',
      'virsh dumpxml web1',
      'virsh dumpxml --inactive db1',
      'virsh dumpxml db1',
      'virsh dumpxml --inactive legacy1',
      'virsh dumpxml legacy1',
    ]);
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
  });

  it('probes nothing on a host without libvirt objects', () => {
    expect(libvirtBackend.probes(viewOf(model('host h local\nbridge br0 kind linux'), 'h'))).toEqual([]);
  });
});

describe('libvirt networks against live state', () => {
  const cases = [
    ['libvirt-nat.vnet', 'kvm1', 'lab-nat'],
    ['libvirt-isolated.vnet', 'kvm5', 'cluster'],
    ['libvirt-routed.vnet', 'kvm4', 'lab-routed'],
    ['libvirt-ovs-portgroups.vnet', 'kvm6', 'ovs-vlans'],
  ] as const;

  it.each(cases)('%s: a network defined by vsh and read back with virsh net-dumpxml re-plans to zero steps', (file, h, name) => {
    const steps = stepsOf([libvirtBackend], viewOf(example(file), h), host({ [name]: { xml: fixture(`net-dumpxml-${name}.xml`) } }));
    expect(steps.filter((s) => s.object.startsWith('network'))).toEqual([]);
  });

  it('with the lists virsh printed (vf-pool defined but not started: no VFs here), only vf-pool needs a step: net-start', () => {
    const live = outputs({
      'libvirt.list-all': fixture('net-list-all.txt'),
      'libvirt.list-active': fixture('net-list-active.txt'),
      'libvirt.list-autostart': fixture('net-list-autostart.txt'),
      'libvirt.net.vf-pool': fixture('net-dumpxml-vf-pool.xml'),
    });
    const [step, ...rest] = stepsOf([libvirtBackend], viewOf(example('sriov-vfs.vnet'), 'kvm2'), live).filter((s) => s.object.startsWith('network'));
    expect(rest).toEqual([]);
    expect([step!.action, step!.changes, argvs(step)]).toEqual(['~', ['active: no -> yes'], ['virsh net-start vf-pool']]);
  });

  it('an inactive network is started; autostart is set to what the model says', () => {
    const [step] = stepsOf([libvirtBackend], viewOf(example('libvirt-nat.vnet'), 'kvm1'), host({ 'lab-nat': { xml: fixture('net-dumpxml-lab-nat.xml'), active: false, autostart: false } }));
    expect(step!.action).toBe('~');
    expect(step!.changes).toEqual(['active: no -> yes', 'autostart: off -> on']);
    expect(argvs(step)).toEqual(['virsh net-start lab-nat', 'virsh net-autostart lab-nat']);
    expect(undos(step)).toEqual(['virsh net-autostart lab-nat --disable', 'virsh net-destroy lab-nat']);
  });

  it('a changed definition of a running network is redefined and restarted; undo restores the XML as read, uuid included', () => {
    const front = model(`host kvm1 address 192.0.2.41
network lab-nat mode nat bridge virbr10 subnet 192.168.100.0/24 gateway 192.168.100.1 dhcp 192.168.100.50-192.168.100.99 domain lab.example autostart on`);
    const live = fixture('net-dumpxml-lab-nat.xml');
    const [step, ...rest] = stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host({ 'lab-nat': { xml: live } }));
    expect(rest).toEqual([]);
    expect(step!.changes).toEqual(['dhcp: 192.168.100.100-192.168.100.199 -> 192.168.100.50-192.168.100.99']);
    expect(argvs(step)).toEqual(['sh -c cat | virsh "$@" sh net-define /dev/stdin', 'virsh net-destroy lab-nat', 'virsh net-start lab-nat']);
    expect(step!.commands[0]!.stdin).toContain(`<range start='192.168.100.50' end='192.168.100.99'/>`);
    // libvirt refuses to redefine a network under its name with another uuid: the live one is kept.
    expect(step!.commands[0]!.stdin).toContain(`<uuid>${/<uuid>(.*)<\/uuid>/.exec(live)![1]}</uuid>`);
    expect(step!.undo[0]!.stdin).toBe(live);
    expect(step!.explain).toMatch(/redefined and restarted: guests on it lose their link/);
  });

  it('portgroup changes go through net-update (add, modify, delete), live and persistent, without a restart', () => {
    const front = model(`host kvm6 address 192.0.2.46
network ovs-vlans mode bridge bridge br-int virtualport openvswitch autostart on
portgroup mgmt tag 31 default
portgroup web tag 10
portgroup router trunk 10,20
portgroup storage tag 40`);
    const [step, ...rest] = stepsOf([libvirtBackend], viewOf(front, 'kvm6'), host({ 'ovs-vlans': { xml: fixture('net-dumpxml-ovs-vlans.xml') } }));
    expect(rest).toEqual([]);
    expect(step!.changes).toEqual(['portgroup mgmt: default, tag 30 -> default, tag 31', 'portgroup storage: (none) -> tag 40', 'portgroup db: tag 20 -> (none)']);
    expect(argvs(step)).toEqual([
      `virsh net-update ovs-vlans modify portgroup <portgroup name='mgmt' default='yes'><vlan><tag id='31'/></vlan></portgroup> --live --config`,
      `virsh net-update ovs-vlans add-last portgroup <portgroup name='storage'><vlan><tag id='40'/></vlan></portgroup> --live --config`,
      `virsh net-update ovs-vlans delete portgroup <portgroup name='db'><vlan><tag id='20'/></vlan></portgroup> --live --config`,
    ]);
    // Undo runs in reverse and reverts each update with what the host had.
    expect(undos(step)).toEqual([
      `virsh net-update ovs-vlans add-last portgroup <portgroup name='db'><vlan><tag id='20'/></vlan></portgroup> --live --config`,
      `virsh net-update ovs-vlans delete portgroup <portgroup name='storage'><vlan><tag id='40'/></vlan></portgroup> --live --config`,
      `virsh net-update ovs-vlans modify portgroup <portgroup name='mgmt' default='yes'><vlan><tag id='30'/></vlan></portgroup> --live --config`,
    ]);
  });

  it('an inactive network gets portgroup updates to its persistent definition only, then starts', () => {
    const front = model(`host kvm6 address 192.0.2.46
network ovs-vlans mode bridge bridge br-int virtualport openvswitch autostart on
portgroup mgmt tag 30 default
portgroup web tag 10
portgroup db tag 20
portgroup router trunk 10,20,30`);
    const [step] = stepsOf([libvirtBackend], viewOf(front, 'kvm6'), host({ 'ovs-vlans': { xml: fixture('net-dumpxml-ovs-vlans.xml'), active: false } }));
    expect(argvs(step)).toEqual([
      `virsh net-update ovs-vlans modify portgroup <portgroup name='router'><vlan trunk='yes'><tag id='10'/><tag id='20'/><tag id='30'/></vlan></portgroup> --config`,
      'virsh net-start ovs-vlans',
    ]);
  });

  it('destroy removes only networks that carry vsh’s mark, stopping them first when they run', () => {
    const front = example('libvirt-nat.vnet');
    const marked = fixture('net-dumpxml-lab-nat.xml');
    const [step] = stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host({ 'lab-nat': { xml: marked } }), 'destroy');
    expect(step!.action).toBe('-');
    expect(argvs(step)).toEqual(['virsh net-destroy lab-nat', 'virsh net-undefine lab-nat']);
    expect(undos(step)).toEqual(['sh -c cat | virsh "$@" sh net-define /dev/stdin', 'virsh net-start lab-nat', 'virsh net-autostart lab-nat']);
    const foreign = marked.replace(/<metadata>[\s\S]*<\/metadata>\n/, '');
    expect(foreign).not.toContain('vsh');
    expect(stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host({ 'lab-nat': { xml: foreign } }), 'destroy')).toEqual([]);
  });

  it('a network someone else defined is adopted only when it must change (redefining adds the mark); matching, it is left alone', () => {
    const foreign = fixture('net-dumpxml-lab-nat.xml').replace(/<metadata>[\s\S]*<\/metadata>\n/, '');
    expect(stepsOf([libvirtBackend], viewOf(example('libvirt-nat.vnet'), 'kvm1'), host({ 'lab-nat': { xml: foreign } })).filter((s) => s.object.startsWith('network'))).toEqual([]);
  });

  it('VN201 when libvirt cannot be reached; the host is then planned as empty', () => {
    const view = viewOf(example('libvirt-nat.vnet'), 'kvm1');
    const read = libvirtBackend.read(view, outputs({ 'libvirt.list-all': { code: 1, stderr: fixture('net-list-unreachable.stderr') } }));
    expect(read.diagnostics?.map((d) => [d.code, d.message, d.span.line])).toEqual([
      ['VN201', "libvirt is not reachable on kvm1: error: Failed to connect socket to '/nonexistent/libvirt-sock': No such file or directory", 7],
    ]);
    expect(read.diagnostics![0]!.hint).toMatch(/start libvirtd on kvm1/);
    expect(libvirtBackend.plan(view, read.state).map((s) => s.action)).toEqual(['+', '+', '+', '+']);
  });

  it('offline: no diagnostics, every network and NIC planned as new', () => {
    const view = viewOf(example('libvirt-nat.vnet'), 'kvm1');
    const read = libvirtBackend.read(view, undefined);
    expect(read.diagnostics ?? []).toEqual([]);
    expect(stepsOf([libvirtBackend], view).map((s) => `${s.action} ${s.object}`)).toEqual([
      '+ network lab-nat',
      '+ nic 52:54:00:10:00:01 of web1 on lab-nat',
      '+ nic 52:54:00:10:00:02 of db1 on lab-nat',
      '+ nic 52:54:00:79:ed:36 of legacy1 on lab-nat',
    ]);
  });
});

describe('guest NICs against live state', () => {
  // web1 (running) has 52:54:00:10:00:01 on lab-nat (virtio) and 52:54:00:d5:51:d2 on ovs-vlans in portgroup web.
  const web1 = guest('web1', fixture('dumpxml-web1-inactive.xml'), fixture('dumpxml-web1-running.xml'));
  const nat = { 'lab-nat': { xml: fixture('net-dumpxml-lab-nat.xml') } };

  it('a NIC the guest has (found by MAC, same network and model) is no step', () => {
    const front = model('host kvm1 address 192.0.2.41\nnetwork lab-nat mode nat subnet 192.168.100.0/24\nattach web1 to lab-nat model virtio mac 52:54:00:10:00:01 live config');
    expect(stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host(nat, web1)).filter((s) => s.object.startsWith('nic'))).toEqual([]);
  });

  it('a missing NIC is attached with attach-interface; on a shut-off guest --live is left out and the explanation says why', () => {
    const front = model('host kvm1 address 192.0.2.41\nnetwork lab-nat mode nat subnet 192.168.100.0/24\nattach db1 to lab-nat model virtio mac 52:54:00:10:00:02 live config');
    const [step] = stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host(nat, guest('db1', fixture('dumpxml-db1-shutoff.xml')))).filter((s) => s.object.startsWith('nic'));
    expect(argvs(step)).toEqual(['virsh attach-interface db1 network lab-nat --model virtio --mac 52:54:00:10:00:02 --config']);
    expect(undos(step)).toEqual(['virsh detach-interface db1 network --mac 52:54:00:10:00:02 --config']);
    expect(step!.explain).toContain('db1 is not running, so there is nothing to hot-plug (--live left out).');
    expect(step!.verify!.argv).toEqual(['sh', '-c', 'f=$1; shift; virsh dumpxml "$@" | grep -qF -- "$f"', 'sh', "<mac address='52:54:00:10:00:02'/>", '--inactive', 'db1']);
  });

  it('a NIC in another portgroup is detached and attached again with attach-device (portgroups need the XML); undo puts the old one back', () => {
    const front = model(`host kvm1 address 192.0.2.41
network ovs-vlans mode bridge bridge br-int virtualport openvswitch
portgroup web tag 10
portgroup db tag 20
attach web1 to ovs-vlans portgroup db model virtio mac 52:54:00:d5:51:d2 config`);
    const [step] = stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host({}, web1)).filter((s) => s.object.startsWith('nic'));
    expect(step!.action).toBe('~');
    expect(step!.changes).toEqual(['portgroup: web -> db']);
    expect(argvs(step)).toEqual(['virsh detach-interface web1 network --mac 52:54:00:d5:51:d2 --config', 'sh -c cat | virsh "$@" sh attach-device web1 /dev/stdin --config']);
    expect(step!.commands[1]!.stdin).toBe(`<interface type='network'>
  <mac address='52:54:00:d5:51:d2'/>
  <source network='ovs-vlans' portgroup='db'/>
  <model type='virtio'/>
</interface>
`);
    expect(step!.undo[1]!.stdin).toContain(`<source network='ovs-vlans' portgroup='web'/>`);
  });

  it('without a mac, the NIC gets a stable derived one, found again on re-plan', () => {
    const front = model('host kvm6 address 192.0.2.46\nnetwork ovs-vlans mode bridge bridge br-int virtualport openvswitch\nportgroup web tag 10\nattach web1 to ovs-vlans portgroup web model virtio config');
    // 52:54:00:d5:51:d2 is what vsh derives for kvm6/web1/ovs-vlans (the example's golden plan shows it).
    expect(stepsOf([libvirtBackend], viewOf(front, 'kvm6'), host({}, web1)).filter((s) => s.object.startsWith('nic'))).toEqual([]);
  });

  it('VN201 for a guest the host does not have, with virsh’s reason', () => {
    const view = viewOf(example('libvirt-nat.vnet'), 'kvm1');
    const shutOff = fixture('dumpxml-db1-shutoff.xml');
    const outs = host(nat, { ...guest('db1', shutOff), ...guest('legacy1', shutOff), 'libvirt.domain-config.web1': NOT_DEFINED, 'libvirt.domain-live.web1': NOT_DEFINED });
    const read = libvirtBackend.read(view, outs);
    expect(read.diagnostics?.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual(["VN201 12:8 guest 'web1' could not be read on kvm1: error: failed to get domain 'web1'"]);
  });

  it('destroy detaches exactly the declared NICs the guests have', () => {
    const front = model('host kvm1 address 192.0.2.41\nnetwork lab-nat mode nat subnet 192.168.100.0/24\nattach web1 to lab-nat model virtio mac 52:54:00:10:00:01 live config');
    const steps = stepsOf([libvirtBackend], viewOf(front, 'kvm1'), host(nat, web1), 'destroy');
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['- nic 52:54:00:10:00:01 of web1 on lab-nat', '- network lab-nat']);
    expect(argvs(steps[0])).toEqual(['virsh detach-interface web1 network --mac 52:54:00:10:00:01 --live --config']);
    expect(steps[0]!.undo[0]!.stdin).toContain(`<source network='lab-nat'/>`);
  });
});
