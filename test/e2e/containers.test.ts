/**
 * Containers as endpoints, for real: a `vsh lab up --containers` lab (podman per host, the
 * busybox image loaded), the teaching lab podman-geneve (a Podman container on each host,
 * each on an OVS bridge, the bridges joined by GENEVE) applied through the CLI, and then
 * everything that can happen to a container: re-plan with no changes, a changed command
 * (re-created, its port re-plugged, ping across still works), a container stopped or
 * restarted behind vsh's back (started / re-attached and re-plugged), a container that
 * exits at once or soon after (apply fails with its name and log lines, everything rolls
 * back), and destroy leaving both hosts exactly as the lab made them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, REPO, skipReason, vsh, type HostState, type PlanJson } from './support.js';

const skip = skipReason({ containers: true });
const LAB_FILE = join(REPO, 'examples/labs/podman-geneve.vnet');
const PROJECT = ['--project', 'podman-geneve'];

describe.skipIf(!!skip)(`e2e: Podman containers over GENEVE on vsh lab --containers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let tmp: string;
  let before: Record<string, HostState>;
  /** A variant of the lab script (same project), written to a temp file. */
  const variant = (name: string, edit: (text: string) => string): string => {
    const file = join(tmp, `${name}.vnet`);
    writeFileSync(file, edit(readFileSync(LAB_FILE, 'utf8')));
    return file;
  };
  const plan = async (file: string): Promise<PlanJson> => {
    const r = await vsh(['plan', '--json', ...PROJECT, lab.inventory, file]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as PlanJson;
  };
  const runOk = async (file: string) => {
    const r = await vsh(['run', ...PROJECT, lab.inventory, file], { timeoutMs: 90_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout.match(/^passed: /gm)).toHaveLength(3);
    return r;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'vsh-e2e-containers-'));
    lab = await Lab.up('containers', { containers: true });
    before = await lab.states();
  }, 120_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  }, 90_000);

  it('vsh run: both containers run with --network none and the project label, each has the veth as eth0 with its address, ping across GENEVE passes', async () => {
    await runOk(LAB_FILE);
    const ps = JSON.parse(await lab.sh('hostA', 'podman ps --all --format json --filter label=vsh=podman-geneve')) as { Names: string[]; State: string; Labels: Record<string, string> }[];
    expect(ps.map((c) => [c.Names[0], c.State, c.Labels['vsh.image']])).toEqual([['web1', 'running', 'localhost/vsh-busybox:latest']]);
    expect(await lab.sh('hostA', "podman inspect --format '{{.HostConfig.NetworkMode}}' web1")).toBe('none\n');
    // The container's own view of its network, from inside it (busybox ip): eth0 with the script's address.
    const inside = await lab.sh('hostB', 'podman exec web2 ip -4 addr show dev eth0');
    expect(inside).toContain('inet 10.50.0.12/24');
  }, 120_000);

  it('re-plan: 0 changes (the container, its namespace name and the addresses inside it are read back)', async () => {
    expect((await plan(LAB_FILE)).changes).toBe(0);
  }, 30_000);

  it('a changed command re-creates the container and re-plugs its port (OVS del-port + add-port); ping still works; then 0 changes', async () => {
    const file = variant('command', (t) => t.replace('web2 on hostB image localhost/vsh-busybox:latest command "sleep 86400"', 'web2 on hostB image localhost/vsh-busybox:latest command "sleep 86401"'));
    const oldId = await lab.sh('hostB', "podman inspect --format '{{.Id}}' web2");
    const p = await plan(file);
    const web2 = p.steps.find((s) => s.object === 'container web2')!;
    expect(web2.action).toBe('~');
    expect(web2.changes).toEqual(['command: ["sleep","86400"] -> ["sleep","86401"]']);
    expect(web2.command).toContain('ovs-vsctl --if-exists del-port br-c web2-p');
    expect(p.steps.filter((s) => s.host === 'hostB').map((s) => `${s.action} ${s.object} ${s.backend}`)).toEqual([
      '~ container web2 container',
      '+ veth web2-p (peer web2:eth0) linux',
      '+ port web2-p on br-c ovs',
      '+ port web2-p on br-c linux',
    ]);
    expect(p.steps.filter((s) => s.host === 'hostA')).toEqual([]);
    await runOk(file);
    expect(await lab.sh('hostB', "podman inspect --format '{{.Id}}' web2")).not.toBe(oldId);
    expect(await lab.sh('hostB', 'podman inspect --format "{{.Config.Cmd}}" web2')).toBe('[sleep 86401]\n');
    expect((await plan(file)).changes).toBe(0);
    await runOk(LAB_FILE); // back to the lab as written
  }, 150_000);

  it('a container stopped behind vsh is started and re-plugged; one restarted behind vsh gets its namespace name re-attached and is re-plugged', async () => {
    await lab.sh('hostB', 'podman stop --time 0 web2 >/dev/null');
    await lab.sh('hostA', 'podman restart --time 0 web1 >/dev/null');
    const p = await plan(LAB_FILE);
    expect(p.steps.filter((s) => s.backend === 'container').map((s) => `${s.host} ${s.action} ${s.object} ${s.changes?.join(',')}`).sort()).toEqual([
      'hostA ~ container web1 netns web1: stale -> attached',
      'hostB ~ container web2 state: exited -> running',
    ]);
    await runOk(LAB_FILE);
    expect((await plan(LAB_FILE)).changes).toBe(0);
  }, 120_000);

  it('a container that exits at once fails the apply with its name and last log lines, and everything rolls back', async () => {
    const bad = join(tmp, 'bad.vnet');
    writeFileSync(bad, ['bridge br-x on hostA', `container bad1 on hostA image localhost/vsh-busybox:latest command "sh -c 'echo dying now; exit 3'"`, 'port bad1-p on br-x@hostA type veth peer bad1:eth0 address 10.51.0.1/24', ''].join('\n'));
    const r = await vsh(['apply', '--project', 'bad', lab.inventory, bad], { timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("step 'container bad1'");
    expect(r.stderr).toContain('container bad1 exited at once');
    expect(r.stderr).toContain('dying now');
    expect(await lab.sh('hostA', 'podman ps --all --format "{{.Names}}" --filter label=vsh=bad; ip netns list | grep -c bad1; ovs-vsctl br-exists br-x; echo $?')).toBe('0\n2\n');
  }, 60_000);

  it('a container that stops half a second after it started is caught before its ports are made (same rollback)', async () => {
    const late = join(tmp, 'late.vnet');
    writeFileSync(late, [`container late1 on hostA image localhost/vsh-busybox:latest command "sh -c 'sleep 0.4; echo late death; exit 4'"`, ''].join('\n'));
    const r = await vsh(['apply', '--project', 'late', lab.inventory, late], { timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    // It dies 0.4 s in: after the attach step saw it running (normally), before the settle check
    // (>= 0.5 s after the last start). On a machine slowed enough the attach step sees it dead
    // already; either way the apply fails with its log lines.
    expect(r.stderr).toMatch(/container late1 (stopped right after it started|exited at once)/);
    expect(r.stderr).toContain('late death');
    expect(await lab.sh('hostA', 'podman ps --all --format "{{.Names}}" --filter label=vsh=late; ip netns list | grep -c late1; true')).toBe('0\n');
  }, 60_000);

  it('a network namespace of the container\'s name that vsh did not make is refused at plan (VN106) and left alone', async () => {
    const file = join(tmp, 'foreign.vnet');
    writeFileSync(file, 'container web9 on hostA image localhost/vsh-busybox:latest command "sleep 86400"\n');
    await lab.sh('hostA', 'ip netns add web9');
    try {
      const r = await vsh(['apply', '--project', 'foreign', lab.inventory, file], { timeoutMs: 60_000 });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('VN106: container web9 cannot be plugged in on hostA: a network namespace named web9 is there already, and vsh did not make it');
      expect(await lab.sh('hostA', 'podman ps --all --format "{{.Names}}" --filter name=web9; ip netns list | grep -c "^web9"')).toBe('1\n');
    } finally {
      await lab.ssh('hostA', 'ip netns del web9');
    }
  }, 60_000);

  it('vsh destroy (web1 stopped behind vsh, web2 running) leaves both hosts exactly as the lab made them (no container, no namespace name, no veth, no OVS bridge)', async () => {
    await lab.sh('hostA', 'podman stop --time 0 web1 >/dev/null');
    const r = await vsh(['destroy', ...PROJECT, lab.inventory, LAB_FILE], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const h of ['hostA', 'hostB']) expect(await lab.sh(h, 'podman ps --all --quiet')).toBe('');
    expect(await lab.states()).toEqual(before);
  }, 90_000);
});
