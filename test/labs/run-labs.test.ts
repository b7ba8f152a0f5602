/**
 * Every lab of examples/labs/ that this machine can run, run end to end on a real
 * `vsh lab` through the real CLI: `vsh run DIR/hosts.vnet LAB` must exit 0 with every
 * `expect` line passed, and `vsh destroy` must leave the hosts as the lab made them. One
 * 2-host lab serves the plain labs in turn and one `--libvirt` lab the libvirt ones.
 * Labs this machine cannot run are checked, planned and explained only (the test says why).
 * Needs root and a built CLI (`npm run build`; `npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { expectSource } from '../../src/exec/expectations.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { ensureDown, isRoot, NOT_ROOT, planIn, removeTemp, ssh, tempLabDir, vsh, type Run } from '../lab/support.js';
import { labIndex, labSource, type LabInfo } from './labs.js';
import { skipping } from '../support/skip.js';

const index = labIndex();
const plain = index.filter((l) => l.runsHere && !l.libvirt && !l.containers && !l.ovn);
const containerLabs = index.filter((l) => l.runsHere && l.containers);
const hasPodman = !!findProgram('podman', labPath()) && !!findProgram('runc', labPath());
const ovnLabs = index.filter((l) => l.runsHere && l.ovn);
const hasOvn = ['ovn-northd', 'ovn-controller', 'ovn-nbctl'].every((p) => !!findProgram(p, labPath()));
const libvirtLabs = index.filter((l) => l.runsHere && l.libvirt);
const planOnly = index.filter((l) => !l.runsHere);
const hasLibvirt = !!findProgram('libvirtd', labPath()) && !!findProgram('virsh', labPath());

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** The expect lines of a lab, as `vsh run` prints them when they pass. */
function expectLines(lab: LabInfo): string[] {
  const front = frontEnd([{ file: 'inventory.vnet', text: 'host hostA local\nhost hostB local\nhost hostC local\n' }, labSource(lab)]);
  return front.model.expects.map((e) => `passed: expect ${e.stmt.reach ? 'reach' : 'noreach'} ${expectSource(e)} ${e.stmt.target.value}`);
}

/** A lab in a fresh directory, brought up with the CLI; taken down in afterAll. */
function useLab(tag: string, args: string[]) {
  const dir = tempLabDir(tag);
  const lab = { dir, inventory: `${dir}/hosts.vnet`, address: (h: string) => planIn(dir).plan.hosts.find((x) => x.name === h)!.mgmtAddress };
  beforeAll(() => {
    const r = vsh(['lab', 'up', ...args, '--dir', dir], 60_000);
    expect(r.code, show(r)).toBe(0);
  }, 70_000);
  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 60_000);
  return lab;
}

/** What a lab host holds when no lab script has left anything on it. */
function hostState(lab: ReturnType<typeof useLab>, host: string): string {
  const r = ssh(planIn(lab.dir).plan, lab.address(host), 'ovs-vsctl list-br; echo --; ip netns list; echo --; ip -br link | cut -d" " -f1 | sed "s/@.*//" | sort; echo --; virsh net-list --all --name 2>/dev/null; true');
  return r.stdout;
}
const CLEAN = 'br-phy\n--\n--\nbr-phy\neth0\neth1\nlo\novs-netdev\n--\n';

/** `vsh run` the lab, require every expect line passed, then `vsh destroy` it and require the hosts clean again (as `clean` says, when given). */
function runLab(lab: ReturnType<typeof useLab>, info: LabInfo, extra?: () => void, clean?: Map<string, string>): void {
  const files = [lab.inventory, info.file];
  const run = vsh(['run', ...files], 90_000);
  try {
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).not.toContain('FAILED');
    for (const line of expectLines(info)) expect(run.stdout, show(run)).toContain(line);
    extra?.();
  } finally {
    const destroy = vsh(['destroy', ...files], 60_000);
    expect(destroy.code, show(destroy)).toBe(0);
  }
  const again = vsh(['plan', '--destroy', ...files], 30_000);
  expect(again.stdout, show(again)).toContain('No changes');
  for (const h of info.hosts) expect(hostState(lab, h).replace(/\n+$/, '\n'), `${info.name} left something on ${h}`).toBe((clean?.get(h) ?? CLEAN).replace(/\n+$/, '\n'));
}

const ovnSkip = !isRoot ? NOT_ROOT : !hasOvn ? 'ovn-central/ovn-host not installed (CI installs them)' : '';
describe.skipIf(!!ovnSkip || ovnLabs.length === 0)(`OVN labs on a 3-host --ovn vsh lab${ovnSkip ? ` (skipped: ${ovnSkip})` : ''}`, () => {
  const lab = useLab('labs-ovn', ['--hosts', '3', '--ovn']);
  for (const info of ovnLabs) {
    it(`${info.name}: vsh run passes every expect line, vsh destroy leaves the hosts as the lab made them (br-int and its tunnels included)`, () => {
      // An OVN lab host has br-int and its GENEVE ports besides br-phy: clean is what it had before.
      const before = new Map(info.hosts.map((h) => [h, hostState(lab, h)]));
      runLab(lab, info, undefined, before);
      const nb = ssh(planIn(lab.dir).plan, lab.address('hostA'), 'ovn-nbctl show');
      expect(nb.stdout).toBe('');
    }, 180_000);
  }
});

describe.skipIf(skipping('labs on a vsh lab', !isRoot && NOT_ROOT))(`labs on a 2-host vsh lab${isRoot ? '' : ` (skipped: ${NOT_ROOT})`}`, () => {
  const lab = useLab('labs', ['--hosts', '2']);

  for (const info of plain) {
    const why = info.name === 'macvtap-modes' ? ' (no expect lines: no guest can boot here; the modes are read back)' : '';
    it(`${info.name}: vsh run passes every expect line, vsh destroy leaves the hosts clean${why}`, () => {
      runLab(lab, info, () => {
        if (info.name === 'macvtap-modes') {
          const a = ssh(planIn(lab.dir).plan, lab.address('hostA'), 'ip -d link show type macvtap');
          for (const [dev, mode] of [['mvt-web', 'bridge'], ['mvt-db', 'bridge'], ['mvt-vepa', 'vepa'], ['mvt-priv', 'private']]) {
            expect(a.stdout).toMatch(new RegExp(`${dev}@eth1:[^]*?macvtap mode ${mode} `));
          }
          expect(ssh(planIn(lab.dir).plan, lab.address('hostB'), 'ip -d link show mvt-pt').stdout).toContain('macvtap mode passthru');
        }
        if (info.name === 'ovs-bond') {
          // The guide's exercise: take the active member's link down, traffic moves to the other.
          const plan = planIn(lab.dir).plan;
          const show = ssh(plan, lab.address('hostA'), 'ovs-appctl bond/show bond0').stdout;
          const active = /member (sw-[ab]): enabled\n\s+active member/.exec(show)?.[1];
          expect(active, show).toBeDefined();
          const cable = active === 'sw-a' ? 'vx-a' : 'vx-b';
          const r = ssh(plan, lab.address('hostA'), `ip link set ${cable} down; for i in 1 2 3 4 5 6 7 8 9 10; do ovs-appctl bond/show bond0 | grep -q "member ${active}: disabled" && break; sleep 0.3; done; ovs-appctl bond/show bond0; for i in 1 2 3 4 5; do ip netns exec web ping -c 1 -W 1 10.30.0.2 && break; done; ip link set ${cable} up`);
          expect(r.stdout).toContain(`member ${active}: disabled`);
          // Failover is not instant: hostB's switch still sends to the old cable until OVS's
          // learning packets reach it, so the guide (and this test) pings until it answers.
          expect(r.stdout).toContain(' 1 received');
        }
      });
    }, 120_000);
  }

  for (const info of planOnly) {
    it(`${info.name}: checked, planned --offline and explained only — ${info.runs.replace(/^[^:]*:\s*/, '')}; a live plan says what is missing`, () => {
      const files = [lab.inventory, info.file];
      expect(vsh(['check', ...files]).code).toBe(0);
      const offline = vsh(['plan', '--offline', ...files]);
      expect(offline.code, show(offline)).toBe(0);
      expect(offline.stdout).toMatch(/Plan: \d+ to add/);
      const explain = vsh(['explain', ...files]);
      expect(explain.code, show(explain)).toBe(0);
      const live = vsh(['plan', ...files], 30_000);
      expect(live.code).toBe(1);
      if (info.name === 'sriov-vfs') expect(live.stderr).toContain('VN201: SR-IOV on hostA: there is no interface ens1f0');
    }, 60_000);
  }
});

const libvirtSkip = !isRoot ? NOT_ROOT : !hasLibvirt ? 'libvirtd/virsh not installed (CI installs libvirt-daemon-system libvirt-clients dnsmasq-base)' : '';
describe.skipIf(skipping('libvirt labs', libvirtSkip))(`libvirt labs on a --libvirt vsh lab${libvirtSkip ? ` (skipped: ${libvirtSkip})` : ''}`, () => {
  const lab = useLab('labs-libvirt', ['--hosts', '1', '--libvirt']);

  for (const info of libvirtLabs) {
    it(`${info.name}: vsh run defines and starts its networks${info.name === 'libvirt-networks' ? ' (no expect lines: no guest can be defined here)' : ' and passes every expect line'}, vsh destroy removes them`, () => {
      const text = readFileSync(info.file, 'utf8');
      const networks = [...text.matchAll(/^network (\S+)/gm)].map((m) => m[1]!);
      expect(networks.length).toBeGreaterThan(0);
      runLab(lab, info, () => {
        const list = ssh(planIn(lab.dir).plan, lab.address('hostA'), 'virsh net-list --name').stdout.split('\n').filter(Boolean).sort();
        expect(list).toEqual([...networks].sort());
        if (info.name === 'libvirt-ovs-portgroups') {
          const xml = ssh(planIn(lab.dir).plan, lab.address('hostA'), 'virsh net-dumpxml ovs-vlans').stdout;
          for (const pg of ['mgmt', 'web', 'db', 'router']) expect(xml).toContain(`<portgroup name='${pg}'`);
        }
      });
    }, 120_000);
  }
});

const podmanSkip = !isRoot ? NOT_ROOT : !hasPodman ? 'podman/runc not installed (CI installs podman runc busybox-static)' : '';
describe.skipIf(!!podmanSkip)(`container labs on a --containers vsh lab${podmanSkip ? ` (skipped: ${podmanSkip})` : ''}`, () => {
  const lab = useLab('labs-containers', ['--hosts', '2', '--containers']);

  for (const info of containerLabs) {
    it(`${info.name}: vsh run starts its containers and passes every expect line, re-plan shows 0 changes, vsh destroy removes the containers`, () => {
      const files = [lab.inventory, info.file];
      runLab(lab, info, () => {
        const again = vsh(['plan', ...files], 30_000);
        expect(again.stdout, show(again)).toContain('No changes');
      });
      for (const h of info.hosts) expect(ssh(planIn(lab.dir).plan, lab.address(h), 'podman ps --all --quiet').stdout).toBe('');
    }, 180_000);
  }
});
