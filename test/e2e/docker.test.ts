/**
 * `runtime docker`, for real: a `vsh lab up --docker` lab (one dockerd per host next to
 * podman, the busybox image in both), a Docker container on hostA and a Podman container on
 * hostB, each on an OVS bridge, the bridges joined by GENEVE, applied through the CLI; then
 * re-plan with no changes, a changed image and command (re-created, its port re-plugged,
 * reach still passes), a container stopped or restarted behind vsh's back, a container that
 * exits at once (apply fails with its name and log lines, rolls back), `lab status`, and
 * destroy leaving both hosts as the lab made them. Skipped when docker.io is not installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, REPO, scenario, skipReason, vsh, type HostState, type PlanJson } from './support.js';

const skip = skipReason({ containers: true }) || skipReason({ docker: true });
const LAB_FILE = scenario('docker-podman-geneve.vnet');
const PROJECT = ['--project', 'mixed'];
const WEB1 = 'container web1 on hostA image localhost/vsh-busybox:latest runtime docker command "sleep 86400"';

describe.skipIf(!!skip)(`e2e: a Docker and a Podman container over GENEVE on vsh lab --docker${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let tmp: string;
  let before: Record<string, HostState>;
  const variant = (name: string, edit: (text: string) => string): string => {
    const file = join(tmp, `${name}.vnet`);
    const text = readFileSync(LAB_FILE, 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
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
  const dockerId = async () => (await lab.sh('hostA', "docker inspect --format '{{.Id}}' web1")).trim();

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'vsh-e2e-docker-'));
    lab = await Lab.up('docker', { docker: true });
    before = await lab.states();
  }, 120_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  }, 90_000);

  it('vsh run: the docker container runs with --network none and the project label, eth0 inside it has its address, and it reaches the podman one across GENEVE (and back)', async () => {
    await runOk(LAB_FILE);
    const ps = (await lab.sh('hostA', "docker ps --all --filter label=vsh=mixed --format '{{.Names}} {{.State}} {{.Label \"vsh.image\"}}'")).trim();
    expect(ps).toBe('web1 running localhost/vsh-busybox:latest');
    expect(await lab.sh('hostA', "docker inspect --format '{{.HostConfig.NetworkMode}}' web1")).toBe('none\n');
    expect(await lab.sh('hostA', 'docker exec web1 ip -4 addr show dev eth0')).toContain('inet 10.50.0.11/24');
    // Podman on hostA has nothing: each runtime keeps its own containers.
    expect(await lab.sh('hostA', 'podman ps --all --quiet')).toBe('');
    expect(await lab.sh('hostB', "podman ps --all --format '{{.Names}}'")).toBe('web2\n');
    // `lab status` lists the docker container with its runtime.
    const st = await vsh(['lab', 'status', '--json', '--dir', lab.dir]);
    const hosts = (JSON.parse(st.stdout) as { hosts: { name: string; daemons: { name: string; alive: boolean }[]; containers?: { name: string; state: string; runtime?: string }[] }[] }).hosts;
    expect(hosts.map((h) => h.daemons.find((d) => d.name === 'dockerd')?.alive)).toEqual([true, true]);
    expect(hosts.map((h) => (h.containers ?? []).map((c) => `${c.name} ${c.runtime} ${c.state}`))).toEqual([['web1 docker running'], ['web2 podman running']]);
  }, 120_000);

  it('vsh doctor passes docker on hostA (its dockerd answers) and podman on hostB', async () => {
    const r = await vsh(['doctor', lab.inventory, LAB_FILE]);
    expect(r.stdout).toMatch(/^ {2}pass {2}docker {10}dockerd 20\.10\S*: container web1 runs with docker$/m);
    expect(r.stdout).toMatch(/^ {2}pass {2}podman {10}podman \S+: container web2 runs with podman$/m);
  }, 30_000);

  it('vsh lab exec HOST/CONTAINER runs in a docker container\'s network namespace, one vsh made and one made by hand; a stopped one names docker start', async () => {
    const exec = (where: string, ...argv: string[]) => vsh(['lab', 'exec', '--dir', lab.dir, where, '--', ...argv]);
    const inDocker = await exec('hostA/web1', 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0');
    expect(inDocker.code, inDocker.stderr).toBe(0);
    expect(inDocker.stdout).toContain('inet 10.50.0.11/24');
    // Across the GENEVE tunnel, from inside the docker container.
    expect((await exec('hostA/web1', 'ping', '-c', '1', '-W', '2', '10.50.0.12')).code).toBe(0);
    // A container vsh did not make has no namespace name on the host: it is found through docker.
    const run = await exec('hostA', 'docker', 'run', '--detach', '--name', 'byhand', '--network', 'none', 'localhost/vsh-busybox:latest', 'sleep', '3600');
    expect(run.code, run.stderr).toBe(0);
    try {
      const links = await exec('hostA/byhand', 'ip', '-o', 'link');
      expect(links.code, links.stderr).toBe(0);
      expect(links.stdout.trim().split('\n').map((l) => l.split(':')[1]!.trim())).toEqual(['lo']);
      expect((await exec('hostA/byhand', 'sh', '-c', 'exit 5')).code).toBe(5);
      expect((await exec('hostA', 'docker', 'stop', '--time', '0', 'byhand')).code).toBe(0);
      const stopped = await exec('hostA/byhand', 'true');
      expect(stopped.code).toBe(2);
      expect(stopped.stderr).toContain("container 'byhand' on hostA is exited, not running");
      expect(stopped.stderr).toContain('docker start byhand');
    } finally {
      await exec('hostA', 'docker', 'rm', '--force', 'byhand');
    }
  }, 120_000);

  it('re-plan: 0 changes (the docker container, its namespace name and its address are read back)', async () => {
    expect((await plan(LAB_FILE)).changes).toBe(0);
  }, 30_000);

  it('a changed image and command re-create the docker container and re-plug its port; reach still passes; then 0 changes', async () => {
    await lab.sh('hostA', 'docker tag localhost/vsh-busybox:latest localhost/vsh-busybox:v2');
    const file = variant('changed', (t) => t.replace(WEB1, WEB1.replace(':latest', ':v2').replace('sleep 86400', 'sleep 86401')));
    const oldId = await dockerId();
    const p = await plan(file);
    const web1 = p.steps.find((s) => s.object === 'container web1')!;
    expect(web1.action).toBe('~');
    expect(web1.changes).toEqual(['image: localhost/vsh-busybox:latest -> localhost/vsh-busybox:v2', 'command: ["sleep","86400"] -> ["sleep","86401"]']);
    expect(web1.command).toContain('ovs-vsctl --if-exists del-port br-c web1-p');
    // Argv, never a shell string: the image and command words travel as elements.
    const dockerRun = web1.argv.find((a) => a[0] === 'docker' && a[1] === 'run')!;
    expect(dockerRun.map((a) => (a.startsWith('vsh.spec=') ? 'vsh.spec=…' : a))).toEqual([
      ...'docker run --detach --name web1 --hostname web1 --network none'.split(' '),
      ...['--label', 'vsh=mixed', '--label', 'vsh.spec=…', '--label', 'vsh.image=localhost/vsh-busybox:v2', '--label', 'vsh.command=["sleep","86401"]'],
      ...['localhost/vsh-busybox:v2', 'sleep', '86401'],
    ]);
    expect(p.steps.filter((s) => s.host === 'hostA').map((s) => `${s.action} ${s.object} ${s.backend}`)).toEqual([
      '~ container web1 container',
      '+ veth web1-p (peer web1:eth0) linux',
      '+ port web1-p on br-c ovs',
      '+ port web1-p on br-c linux',
    ]);
    expect(p.steps.filter((s) => s.host === 'hostB')).toEqual([]);
    await runOk(file);
    expect(await dockerId()).not.toBe(oldId);
    expect(await lab.sh('hostA', "docker inspect --format '{{.Config.Image}} {{.Config.Cmd}}' web1")).toBe('localhost/vsh-busybox:v2 [sleep 86401]\n');
    expect((await plan(file)).changes).toBe(0);
    await runOk(LAB_FILE); // back to the lab as written (re-created again)
    expect((await plan(LAB_FILE)).changes).toBe(0);
  }, 180_000);

  it('a docker container stopped behind vsh is started and re-plugged; restarted behind vsh, its namespace name is re-attached', async () => {
    await lab.sh('hostA', 'docker stop --time 0 web1 >/dev/null');
    let p = await plan(LAB_FILE);
    expect(p.steps.filter((s) => s.backend === 'container').map((s) => `${s.host} ${s.action} ${s.object} ${s.changes?.join(',')}`)).toEqual(['hostA ~ container web1 state: exited -> running']);
    await runOk(LAB_FILE);
    await lab.sh('hostA', 'docker restart --time 0 web1 >/dev/null');
    p = await plan(LAB_FILE);
    expect(p.steps.filter((s) => s.backend === 'container').map((s) => `${s.host} ${s.action} ${s.object} ${s.changes?.join(',')}`)).toEqual(['hostA ~ container web1 netns web1: stale -> attached']);
    await runOk(LAB_FILE);
    expect((await plan(LAB_FILE)).changes).toBe(0);
  }, 180_000);

  it('a docker container that exits at once fails the apply with its name and last log lines, and everything rolls back', async () => {
    const bad = join(tmp, 'bad.vnet');
    writeFileSync(
      bad,
      ['bridge br-x on hostA', `container bad1 on hostA image localhost/vsh-busybox:latest runtime docker command "sh -c 'echo dying now; exit 3'"`, 'port bad1-p on br-x@hostA type veth peer bad1:eth0 address 10.51.0.1/24', ''].join('\n'),
    );
    const r = await vsh(['apply', '--project', 'bad', lab.inventory, bad], { timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("step 'container bad1'");
    expect(r.stderr).toContain('container bad1 exited at once');
    expect(r.stderr).toContain('dying now');
    expect(await lab.sh('hostA', 'docker ps --all --format "{{.Names}}" --filter label=vsh=bad; ip netns list | grep -c bad1; ovs-vsctl br-exists br-x; echo $?')).toBe('0\n2\n');
  }, 60_000);

  it('seed 001 for real: a docker container on native L2 gets its address by DHCP over a VLAN trunk (dhcp-vlan lab with the guest a docker container); re-plan 0 changes; destroy', async () => {
    const dhcp = readFileSync(join(REPO, 'examples/labs/dhcp-vlan.vnet'), 'utf8').replace('namespace web on hostB', 'container web on hostB image localhost/vsh-busybox:latest runtime docker command "sleep 86400"');
    expect(dhcp).toContain('runtime docker');
    const file = join(tmp, 'dhcp-docker.vnet');
    writeFileSync(file, dhcp);
    const project = ['--project', 'dhcp-docker'];
    const r = await vsh(['run', ...project, lab.inventory, file], { timeoutMs: 120_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout.match(/^passed: /gm)).toHaveLength(3);
    expect(await lab.sh('hostB', 'docker exec web ip -4 addr show dev eth0')).toMatch(/inet 10\.50\.10\.(1[0-4]\d|150)\/24/);
    const p = await vsh(['plan', '--json', ...project, lab.inventory, file]);
    expect(p.code, p.stderr).toBe(0);
    expect((JSON.parse(p.stdout) as PlanJson).changes).toBe(0);
    const d = await vsh(['destroy', ...project, lab.inventory, file], { timeoutMs: 60_000 });
    expect(d.code, d.stderr).toBe(0);
    expect(await lab.sh('hostB', 'docker ps --all --quiet --filter label=vsh=dhcp-docker')).toBe('');
  }, 240_000);

  it('vsh destroy leaves both hosts exactly as the lab made them (no container in either runtime, no namespace name, no veth, no OVS bridge)', async () => {
    const r = await vsh(['destroy', ...PROJECT, lab.inventory, LAB_FILE], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const h of ['hostA', 'hostB']) expect(await lab.sh(h, 'docker ps --all --quiet; podman ps --all --quiet')).toBe('');
    expect(await lab.states()).toEqual(before);
  }, 90_000);
});
