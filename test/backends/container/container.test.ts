/**
 * The container driver against probe outputs captured from podman and from docker (dockerd
 * 20.10) in lab hosts (test/fixtures/container: web1 of the podman-geneve lab, and web1 of
 * test/e2e/scenarios/docker-podman-geneve.vnet as `runtime docker`, each running, then
 * stopped), and offline: the argv it runs, what it decides for each container, and how the
 * Linux and OVS drivers plug a re-made container's ports in again. The real runs are
 * test/e2e/containers.test.ts (podman) and test/e2e/docker.test.ts (docker with podman).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProbeOutputs } from '../../../src/backends/backend.js';
import { containerBackend } from '../../../src/backends/container/index.js';
import { decideAll, readAll, replugged } from '../../../src/backends/container/fate.js';
import { probeId, parseProbe } from '../../../src/backends/container/state.js';
import { RUNTIMES } from '../../../src/backends/container/runtime.js';
import { specHash } from '../../../src/backends/container/spec.js';
import { linuxBackend } from '../../../src/backends/linux/index.js';
import { PROBE } from '../../../src/backends/linux/read.js';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import { model, outputs, viewOf } from '../linux/helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/container/${name}`, import.meta.url), 'utf8');
const LAB = readFileSync(new URL('../../../examples/labs/podman-geneve.vnet', import.meta.url), 'utf8');
const HOSTS = 'host hostA address 10.0.0.1\nhost hostB address 10.0.0.2\n';
const view = (text = LAB, host = 'hostA') => ({ ...viewOf(model(HOSTS + text), host), project: 'podman-geneve' });
const probe = (stdout: string, code = 0): ProbeOutputs => new Map([[probeId(RUNTIMES.podman), { code, stdout, stderr: code === 127 ? 'podman is not installed\n' : '' }]]);
const argvs = (steps: { commands: { argv: readonly string[] }[] }[]) => steps.flatMap((s) => s.commands.map((c) => c.argv));

describe('container: offline plan', () => {
  it('runs podman detached with --network none, the project and spec labels, image and command as argv words', () => {
    const [step] = containerBackend.plan(view(), containerBackend.read(view(), undefined).state);
    expect(step).toMatchObject({ action: '+', object: 'container web1', backend: 'container', phase: 20 });
    expect(step!.commands[0]!.argv).toEqual([
      'podman', 'run', '--detach', '--name', 'web1', '--hostname', 'web1', '--network', 'none',
      '--label', 'vsh=podman-geneve', '--label', `vsh.spec=${specHash('localhost/vsh-busybox:latest', ['sleep', '86400'])}`,
      '--label', 'vsh.image=localhost/vsh-busybox:latest', '--label', 'vsh.command=["sleep","86400"]',
      'localhost/vsh-busybox:latest', 'sleep', '86400',
    ]);
    // The namespace name is attached by a fixed script that takes the runtime and the name as $1 $2.
    expect(step!.commands[1]!.argv.slice(-4)).toEqual(['sh', 'podman', 'web1', 'vsh:podman-geneve']);
    expect(step!.commands[2]!.argv.slice(-3)).toEqual(['sh', 'podman', 'web1']); // the settle check: the host's last container
    expect(step!.undo[0]!.argv.slice(-6)).toEqual(['podman', 'web1', 'rm', '--force', '--time', '0']);
  });

  it('docker: the same CLI shape with docker, and rm --force without --time', () => {
    const text = LAB.replace('container web1 on hostA image localhost/vsh-busybox:latest command "sleep 86400"', 'container web1 on hostA image localhost/vsh-busybox:latest runtime docker command "sh -c \'exec sleep 86400\'"');
    const v = view(text);
    const [step] = containerBackend.plan(v, containerBackend.read(v, undefined).state);
    expect(step!.commands[0]!.argv.slice(0, 9)).toEqual(['docker', 'run', '--detach', '--name', 'web1', '--hostname', 'web1', '--network', 'none']);
    expect(step!.commands[0]!.argv.slice(-4)).toEqual(['localhost/vsh-busybox:latest', 'sh', '-c', 'exec sleep 86400']);
    expect(step!.undo[0]!.argv.slice(-4)).toEqual(['docker', 'web1', 'rm', '--force']);
    expect(containerBackend.probes(v).map((p) => p.command.argv.at(-1))).toEqual(['docker']);
  });

  it('a user command with shell syntax stays argv words: nothing reaches a host shell', () => {
    const text = LAB.replace('command "sleep 86400"', 'command "echo $(reboot) ; rm -rf / `x`"');
    const [step] = containerBackend.plan(view(text), containerBackend.read(view(text), undefined).state);
    expect(step!.commands[0]!.argv.slice(-8)).toEqual(['localhost/vsh-busybox:latest', 'echo', '$(reboot)', ';', 'rm', '-rf', '/', '`x`']);
  });
});

describe('container: read back and decide', () => {
  it('parses the probe captured from podman: state, pid, namespace inode, labels, named namespaces with the mark on their lo', () => {
    const p = parseProbe(fixture('running.txt'));
    expect(p.containers.get('web1')).toMatchObject({ status: 'running', labels: { vsh: 'podman-geneve', 'vsh.spec': '440b8f219833' } });
    expect(p.netns.get('web1')).toEqual({ ino: p.containers.get('web1')!.netns, mark: 'vsh:podman-geneve' });
  });

  it('running with its namespace attached: nothing to do, ports untouched', () => {
    const v = view();
    expect(decideAll(v, readAll(v, probe(fixture('running.txt')))).map((d) => d.fate)).toEqual(['keep']);
    expect(containerBackend.plan(v, containerBackend.read(v, probe(fixture('running.txt'))).state)).toEqual([]);
    expect(replugged(v, probe(fixture('running.txt'))).ports.size).toBe(0);
  });

  it('stopped: started, its port unplugged first (OVS del-port, veth deleted), and the Linux and OVS drivers plug it in again', () => {
    const v = view();
    const out = new Map([...probe(fixture('stopped.txt'))!]);
    const steps = containerBackend.plan(v, containerBackend.read(v, out).state);
    expect(steps.map((s) => `${s.action} ${s.object} ${s.changes}`)).toEqual(['~ container web1 state: exited -> running']);
    expect(argvs(steps).slice(0, 3).map((a) => a.slice(0, 4).join(' '))).toEqual(['ovs-vsctl --if-exists del-port br-c', 'sh -c for l; do ip link del dev "$l" 2>/dev/null; done; true sh', 'podman start web1']);
    // The Linux driver sees the veth (and the container's old namespace) as gone: it makes it anew, peer inside web1.
    const linuxOut: ProbeOutputs = new Map([...out, ...outputs({ [PROBE.links]: '[{"ifindex":9,"ifname":"web1-p","flags":["UP"],"mtu":1500,"ifalias":"vsh:podman-geneve","linkinfo":{"info_kind":"veth"},"link_index":2,"link_netnsid":0,"addr_info":[]}]', [PROBE.netns('web1')]: '[]' })!]);
    const linux = linuxBackend.plan(v, linuxBackend.read(v, linuxOut).state);
    expect(linux.map((s) => `${s.action} ${s.object}`)).toEqual(['+ veth web1-p (peer web1:eth0)', '+ port web1-p on br-c']);
    expect(replugged(v, out)).toEqual({ endpoints: new Set(['web1']), ports: new Set(['web1-p']) });
  });

  it('a changed image re-creates the container, says what changed, and its undo puts the old one back from its labels', () => {
    const v = view(LAB.replace('web1 on hostA image localhost/vsh-busybox:latest', 'web1 on hostA image localhost/vsh-busybox:2'));
    const [step] = containerBackend.plan(v, containerBackend.read(v, probe(fixture('running.txt'))).state);
    expect(step!.action).toBe('~');
    expect(step!.changes).toEqual(['image: localhost/vsh-busybox:latest -> localhost/vsh-busybox:2']);
    const undoRun = step!.undo.map((c) => c.argv).find((a) => a[1] === 'run')!;
    expect(undoRun.slice(-3)).toEqual(['localhost/vsh-busybox:latest', 'sleep', '86400']);
  });

  it('a container of the project that the model dropped is removed; another project\'s is left alone', () => {
    const v = view(LAB.replace('container web1 on hostA', 'container web9 on hostA').replace('peer web1:eth0', 'peer web9:eth0').replace('web1@hostA', 'web9@hostA').replace('web1@hostA', 'web9@hostA'));
    const steps = containerBackend.plan(v, containerBackend.read(v, probe(fixture('running.txt'))).state);
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['+ container web9', '- container web1 (no longer in the model)']);
    const other = { ...v, project: 'someone-else' };
    expect(containerBackend.plan(other, containerBackend.read(other, probe(fixture('running.txt'))).state).map((s) => s.action)).toEqual(['+']);
  });

  it('destroy removes the declared container and the name of its namespace', () => {
    const v = view();
    const steps = containerBackend.destroy(v, containerBackend.read(v, probe(fixture('running.txt'))).state);
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['- container web1']);
  });

  it('a host without the runtime: VN201 naming the package', () => {
    const r = containerBackend.read(view(), probe('', 127));
    expect(r.diagnostics!.map((d) => `${d.code} ${d.message} | ${d.hint}`)).toEqual(["VN201 hostA has no podman to run container web1 | install it there (apt-get install podman), or choose another 'runtime'"]);
    const v = view(LAB.replace('image localhost/vsh-busybox:latest command "sleep 86400"\ncontainer web2', 'image localhost/vsh-busybox:latest runtime docker command "sleep 86400"\ncontainer web2'));
    const d = containerBackend.read(v, new Map([[probeId(RUNTIMES.docker), { code: 127, stdout: '', stderr: '' }]])).diagnostics!;
    expect(d[0]!.hint).toContain('apt-get install docker.io');
    // Installed, but no dockerd answers: VN200 with the daemon's error and what to start.
    const down = containerBackend.read(v, new Map([[probeId(RUNTIMES.docker), { code: 3, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' }]])).diagnostics!;
    expect(down.map((x) => `${x.code} ${x.message} | ${x.hint}`)).toEqual([
      'VN200 could not list the containers of hostA with docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? | container web1 needs a dockerd that answers on hostA (systemctl start docker; on a vsh lab: vsh lab up --docker)',
    ]);
  });

  it('a namespace of the container\'s name that vsh did not make (no mark on its lo) is never taken: VN106, and destroy leaves it', () => {
    const v = view();
    const foreign = 'n 4026539999 web1 -\n';
    const r = containerBackend.read(v, probe(foreign));
    expect(r.diagnostics!.map((d) => `${d.code} ${d.message}`)).toEqual(['VN106 container web1 cannot be plugged in on hostA: a network namespace named web1 is there already, and vsh did not make it']);
    expect(containerBackend.destroy(v, r.state)).toEqual([]);
    // Its own mark, with the container gone: a name vsh left behind, cleared before attaching again.
    const left = containerBackend.read(v, probe('n 4026539999 web1 vsh:podman-geneve\n'));
    expect(left.diagnostics).toEqual([]);
    expect(containerBackend.destroy(v, left.state).map((s) => s.object)).toEqual(['container web1']);
  });

  it('docker: reads the probe captured from dockerd 20.10 (its "/web1" name without the slash); running → kept; stopped → started; a changed command → re-created with docker', () => {
    const text = LAB.replace('container web1 on hostA image localhost/vsh-busybox:latest command', 'container web1 on hostA image localhost/vsh-busybox:latest runtime docker command');
    const v = { ...view(text), project: 'docker-geneve' };
    const dockerProbe = (stdout: string): ProbeOutputs => new Map([[probeId(RUNTIMES.docker), { code: 0, stdout, stderr: '' }]]);
    expect(containerBackend.probes(v).map((p) => p.id)).toEqual(['container.docker']);
    const running = dockerProbe(fixture('docker-running.txt'));
    expect(parseProbe(fixture('docker-running.txt')).containers.get('web1')).toMatchObject({ name: 'web1', status: 'running', labels: { vsh: 'docker-geneve' } });
    expect(containerBackend.read(v, running).diagnostics).toEqual([]);
    expect(containerBackend.plan(v, containerBackend.read(v, running).state)).toEqual([]);
    // Stopped: docker reports pid 0 and no namespace; the old name is still attached (to the old namespace).
    const stopped = dockerProbe(fixture('docker-stopped.txt'));
    const steps = containerBackend.plan(v, containerBackend.read(v, stopped).state);
    expect(steps.map((s) => `${s.action} ${s.object} ${s.changes}`)).toEqual(['~ container web1 state: exited -> running']);
    expect(argvs(steps).find((a) => a[1] === 'start')).toEqual(['docker', 'start', 'web1']);
    const changed = { ...view(text.replace('runtime docker command "sleep 86400"', 'runtime docker command "sleep 86401"')), project: 'docker-geneve' };
    const [re] = containerBackend.plan(changed, containerBackend.read(changed, running).state);
    expect(re!.changes).toEqual(['command: ["sleep","86400"] -> ["sleep","86401"]']);
    expect(argvs([re!]).filter((a) => a[0] === 'docker').map((a) => a.slice(0, 2).join(' '))).toEqual(['docker run']);
    // Its undo: remove the new one, run the old image and command again with docker (from its labels), attach its name.
    const undoRun = re!.undo.map((c) => c.argv).find((a) => a[1] === 'run')!;
    expect([undoRun[0], ...undoRun.slice(-3)]).toEqual(['docker', 'localhost/vsh-busybox:latest', 'sleep', '86400']);
    expect(re!.undo.map((c) => c.argv.includes('docker'))).toEqual([true, true, true]);
  });

  it('the OVS driver reads the port of a re-made container as absent, so it is added again', () => {
    const v = view();
    const ovsRead = ovsBackend.read(v, probe(fixture('stopped.txt')));
    expect(ovsRead.state.ports.has('web1-p')).toBe(false);
  });
});
