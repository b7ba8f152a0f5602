/**
 * The SR-IOV driver. This machine has no SR-IOV hardware, so the driver reads a fixture
 * tree shaped like sysfs (test/fixtures/sriov/sys: ens1f0 with 4 of 64 VFs and their
 * virtfnN links, ens1f1 with 0 of 32, eth0 without SR-IOV) through VSH_SYSFS_ROOT, with
 * its real probe script run by `sh`; guests come from canned `virsh dumpxml` outputs.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { readHost } from '../../../src/backends/read-host.js';
import { sriovBackend } from '../../../src/backends/sriov/index.js';
import { runChecked } from '../../../src/exec/executor.js';
import { LocalExecutor } from '../../../src/exec/local.js';
import { runChecks } from '../../../src/lang/checks/index.js';
import { model, outputs, stepsOf, viewOf } from '../libvirt/support.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/sriov/sys', import.meta.url));
const libvirtFixture = (name: string) => readFileSync(new URL(`../../fixtures/libvirt/${name}`, import.meta.url), 'utf8');
const local = new LocalExecutor('fixture');
const argvs = (s: Step | undefined) => s?.commands.map((c) => c.argv.slice(4).join(' '));

/** The sysfs root the driver reads: a writable copy of the fixture, so applying steps cannot change the fixture. */
let root: string;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vsh-sriov-'));
  root = join(scratch, 'sys');
  cpSync(FIXTURE, root, { recursive: true, verbatimSymlinks: true });
  process.env.VSH_SYSFS_ROOT = root;
});
afterAll(() => {
  delete process.env.VSH_SYSFS_ROOT;
  rmSync(scratch, { recursive: true, force: true });
});

const HOST = 'host kvm2 address 192.0.2.42\n';

/** Read the host for real (sysfs probes through `sh`), with canned outputs for the guest probes. */
async function read(text: string, guests: Record<string, string | { code: number; stderr: string }> = {}) {
  const front = model(HOST + text);
  const view = viewOf(front, 'kvm2');
  const sysfs = sriovBackend.probes(view).filter((p) => p.id.startsWith('sriov.pf.'));
  const live = new Map([...(await readHost(local, sysfs)), ...outputs(guests)!]);
  return { front, view, live, ...sriovBackend.read(view, live) };
}

const web1 = { 'sriov.domain-config.web1': libvirtFixture('dumpxml-web1-inactive.xml'), 'sriov.domain-live.web1': libvirtFixture('dumpxml-web1-running.xml') };

describe('SR-IOV VF counts on a fixture sysfs (no SR-IOV hardware on this machine)', () => {
  it('reads sriov_totalvfs, sriov_numvfs and the virtfnN links; totalvfs become facts for VN140', async () => {
    const r = await read('sriov ens1f0 vfs 4\nsriov ens1f1 vfs 0');
    expect(r.diagnostics).toEqual([]);
    expect([...r.facts!.sriovTotalVfs!]).toEqual([['ens1f0', 64], ['ens1f1', 32]]);
    expect(r.state.pfs.get('ens1f0')).toEqual({ totalvfs: 64, numvfs: 4, vfs: new Map([[0, '0000:3b:02.0'], [1, '0000:3b:02.1'], [2, '0000:3b:02.2'], [3, '0000:3b:02.3']]) });
    expect(r.state.pfs.get('ens1f1')).toEqual({ totalvfs: 32, numvfs: 0, vfs: new Map() });
    expect(sriovBackend.plan(r.view, r.state)).toEqual([]);
  });

  it('changing a non-zero count writes 0 first (the kernel refuses N -> M directly); undo goes back the same way', async () => {
    const r = await read('sriov ens1f0 vfs 8');
    const [step] = sriovBackend.plan(r.view, r.state);
    expect(step!.action).toBe('~');
    expect(step!.changes).toEqual(['vfs: 4 -> 8']);
    expect(step!.commands.map((c) => c.argv)).toEqual([
      ['sh', '-c', 'echo "$1" > "$2"', 'sh', '0', `${root}/class/net/ens1f0/device/sriov_numvfs`],
      ['sh', '-c', 'echo "$1" > "$2"', 'sh', '8', `${root}/class/net/ens1f0/device/sriov_numvfs`],
    ]);
    expect(argvs({ ...step!, commands: step!.undo })).toEqual([`0 ${root}/class/net/ens1f0/device/sriov_numvfs`, `4 ${root}/class/net/ens1f0/device/sriov_numvfs`]);
    expect(step!.explain).toMatch(/first drops all 4 VFs/);
  });

  it('from 0 VFs, one write; applied to the fixture tree, verify passes and a re-read plans nothing', async () => {
    const r = await read('sriov ens1f1 vfs 4');
    const [step] = sriovBackend.plan(r.view, r.state);
    expect(step!.action).toBe('+');
    expect(argvs(step)).toEqual([`4 ${root}/class/net/ens1f1/device/sriov_numvfs`]);
    for (const c of step!.commands) await runChecked(local, c);
    expect((await local.run(step!.verify!)).code).toBe(0);
    const again = await read('sriov ens1f1 vfs 4');
    expect(sriovBackend.plan(again.view, again.state)).toEqual([]);
    for (const c of step!.undo) await runChecked(local, c);
    expect(readFileSync(`${root}/class/net/ens1f1/device/sriov_numvfs`, 'utf8').trim()).toBe('0');
  });

  it('VN140 (live) with the real sriov_totalvfs: 100 VFs on a PF that supports 64', async () => {
    const r = await read('sriov ens1f0 vfs 100');
    const found = runChecks({ statements: r.front.statements, model: r.front.model, facts: new Map([['kvm2', r.facts!]]) }).filter((d) => d.code === 'VN140');
    expect(found.map((d) => d.message)).toEqual(['sriov on ens1f0 (kvm2) asks for 100 VFs, but ens1f0 supports at most 64 (sriov_totalvfs)']);
  });

  it('VN201 for a NIC without SR-IOV and for a missing NIC, never a raw shell error', async () => {
    const r = await read('sriov eth0 vfs 2\nsriov ens9 vfs 2');
    expect(r.diagnostics?.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      'VN201 2:7 SR-IOV on kvm2: eth0 has no SR-IOV (no device/sriov_totalvfs: not an SR-IOV capable PF, or its driver does not enable it)',
      'VN201 3:7 SR-IOV on kvm2: there is no interface ens9',
    ]);
  });

  it('destroy sets the count to 0; undo restores it', async () => {
    const r = await read('sriov ens1f0 vfs 4');
    const [step] = sriovBackend.destroy(r.view, r.state);
    expect([step!.action, argvs(step), step!.undo.map((c) => c.argv[4])]).toEqual(['-', [`0 ${root}/class/net/ens1f0/device/sriov_numvfs`], ['4']]);
  });
});

describe('VFs handed to guests on a fixture sysfs (no SR-IOV hardware on this machine)', () => {
  it('the hostdev NIC XML carries the PCI address read from virtfnN', async () => {
    const r = await read('sriov ens1f0 vfs 4\nattach db1 to vf ens1f0#1 mac 52:54:00:30:00:03 vlan 20', {
      'sriov.domain-config.db1': libvirtFixture('dumpxml-db1-shutoff.xml'),
      'sriov.domain-live.db1': libvirtFixture('dumpxml-db1-shutoff.xml'),
    });
    const [step] = sriovBackend.plan(r.view, r.state);
    expect(step!.commands.map((c) => c.argv)).toEqual([['sh', '-c', 'cat | virsh "$@"', 'sh', 'attach-device', 'db1', '/dev/stdin', '--config']]);
    expect(step!.commands[0]!.stdin).toBe(`<interface type='hostdev' managed='yes'>
  <mac address='52:54:00:30:00:03'/>
  <source>
    <address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/>
  </source>
  <vlan>
    <tag id='20'/>
  </vlan>
</interface>
`);
    expect(step!.undo.map((c) => c.argv[4])).toEqual(['detach-device']);
    expect(step!.verify!.argv).toContain(`<address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/>`);
    expect(step!.explain).toContain('(PCI 0000:3b:02.1)');
  });

  it('a VF the guest already has (same address, MAC and VLAN) is no step; another VLAN re-attaches it', async () => {
    const same = await read('sriov ens1f0 vfs 4\nattach web1 to vf ens1f0#0 mac 52:54:00:30:00:01 vlan 10', web1);
    expect(sriovBackend.plan(same.view, same.state)).toEqual([]);
    const moved = await read('sriov ens1f0 vfs 4\nattach web1 to vf ens1f0#0 mac 52:54:00:30:00:01 vlan 30', web1);
    const [step] = sriovBackend.plan(moved.view, moved.state);
    expect([step!.action, step!.changes, step!.commands.map((c) => c.argv[4])]).toEqual(['~', ['vlan: 10 -> 30'], ['detach-device', 'attach-device']]);
    expect(step!.commands[0]!.stdin).toContain(`<tag id='10'/>`);
    expect(step!.commands[1]!.stdin).toContain(`<tag id='30'/>`);
    const [gone] = sriovBackend.destroy(same.view, same.state).filter((s) => s.phase !== 10);
    expect([gone!.action, gone!.commands.map((c) => c.argv[4])]).toEqual(['-', ['detach-device']]);
  });

  it('a VF that does not exist yet gets its address when the step runs, from the virtfnN link the earlier step creates', async () => {
    const r = await read('sriov ens1f1 vfs 4\nattach batch1 to vf ens1f1#2 mac 52:54:00:40:00:01', {
      'sriov.domain-config.batch1': libvirtFixture('dumpxml-db1-shutoff.xml'),
      'sriov.domain-live.batch1': libvirtFixture('dumpxml-db1-shutoff.xml'),
    });
    const [count, attach] = stepsOf([sriovBackend], r.view, r.live);
    expect([count!.phase, attach!.phase]).toEqual([10, 70]);
    const link = `${root}/class/net/ens1f1/device/virtfn2`;
    expect(attach!.commands[0]!.argv.slice(4)).toEqual([link, 'batch1', 'attach-device']);
    expect(attach!.commands[0]!.stdin).toContain(`<address type='pci' domain='@domain@' bus='@bus@' slot='@slot@' function='@function@'/>`);
    expect(attach!.explain).toContain(`read from ${link} when the step runs: the VF does not exist yet`);

    // Run it as apply would, after the VF appeared, with a stand-in virsh that keeps what it was given.
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'virsh'), `#!/bin/sh\necho "$@" > "${scratch}/virsh.args"\ncat > "${scratch}/virsh.xml"\n`);
    chmodSync(join(bin, 'virsh'), 0o755);
    symlinkSync('../0000:5e:10.6', link);
    const withStub = new LocalExecutor('fixture', { env: { PATH: `${bin}:${process.env.PATH}` } });
    await runChecked(withStub, attach!.commands[0]!);
    expect(readFileSync(join(scratch, 'virsh.args'), 'utf8')).toBe('attach-device batch1 /dev/stdin --config\n');
    expect(readFileSync(join(scratch, 'virsh.xml'), 'utf8')).toContain(`<address type='pci' domain='0x0000' bus='0x5e' slot='0x10' function='0x6'/>`);

    // A link that is not a PCI address never reaches the XML.
    rmSync(link);
    symlinkSync("../0000:5e:10.6'/><evil", link);
    const bad = await withStub.run(attach!.commands[0]!);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, `no VF at ${link}`]);
    rmSync(link);
  });
});
