/** vsh doctor: verdicts from canned probe outputs, and a real lab host whose kernel lacks what LAB.md says. */
import { realpathSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/doctor/doctor.js';
import { check } from '../helpers.js';
import { ensureDown, isRoot, NOT_ROOT, removeTemp, tempLabDir, vsh } from '../lab/support.js';
import { skipping } from '../support/skip.js';

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
const fail = (stderr: string) => ({ code: 1, stdout: '', stderr });

describe('doctor verdicts (canned probe outputs)', () => {
  const kernel = ok('modules\nmodule bridge\nmodule vxlan\nmodule tun\npath /sys/class/misc/tun\nmodule veth\n');
  const outputs = new Map([
    ['kernel', kernel],
    ['uname', ok('6.1.0\n')],
    ['ovs', ok('[netdev, system]\n')],
    ['libvirt', fail('error: failed to connect to the hypervisor\n')],
    ['sriov', ok('ens1f0 7 0\n')],
    ['devices', ok('/dev/net/tun\n')],
  ]);

  it('fails a missing feature the model needs on that host; one it does not need is no warning', () => {
    const m = check('host h1 local\nbridge br0 kind linux\nvlan eth0.10\n').model;
    const lines = evaluate('h1', m, outputs);
    const by = (item: string) => lines.find((l) => l.item === item);
    expect(by('8021q')).toMatchObject({ verdict: 'fail', detail: 'no 802.1Q VLAN support (8021q), but vlan eth0.10' });
    expect(by('8021q')?.fix).toContain('modprobe 8021q');
    expect(by('bridge')).toMatchObject({ verdict: 'pass', detail: 'Linux bridge support (bridge): bridge br0 is a linux bridge' });
    // What is there but not needed: one line; what is absent and not needed: one info line, no warnings.
    expect(by('kernel')).toMatchObject({ verdict: 'pass', detail: 'also has vlan-filtering, vxlan, tun, veth' });
    expect(by('bonding')).toBeUndefined();
    expect(by('libvirt')).toBeUndefined();
    expect(by('not needed')).toMatchObject({ verdict: 'info', detail: 'absent here, and the files use none of it: gre, geneve, bonding, macvtap, vhost-net, libvirt' });
    expect(lines.filter((l) => l.verdict === 'warn')).toEqual([]);
    expect(by('Open vSwitch')).toMatchObject({ verdict: 'pass', detail: 'running; datapaths: netdev, system' });
    expect(by('SR-IOV')).toMatchObject({ verdict: 'pass', detail: 'ens1f0 (0/7 VFs)' });
  });

  it('fails dnsmasq or busybox where the model runs a DHCP server or client there, naming the package', () => {
    const m = check('host h1 local\nbridge br0\ndhcp on br0 address 10.9.0.1/24 range 10.9.0.10-10.9.0.20\nnamespace c1\nport c1-p type veth peer c1:eth0 address dhcp\n').model;
    const lines = evaluate('h1', m, new Map([...outputs, ['programs', ok('busybox\n')]]));
    expect(lines.find((l) => l.item === 'dnsmasq')).toEqual({ verdict: 'fail', item: 'dnsmasq', detail: 'not installed, but dhcp on br0 runs dnsmasq', fix: 'apt-get install dnsmasq-base' });
    expect(lines.find((l) => l.item === 'busybox')).toMatchObject({ verdict: 'pass' });
    // Nothing about them on a host that runs neither.
    expect(evaluate('h1', check('host h1 local\nbridge br0\n').model, outputs).some((l) => l.item === 'dnsmasq' || l.item === 'busybox')).toBe(false);
  });

  it('checks the container runtimes the host\'s containers use: docker needs a dockerd that answers; a missing one names its package', () => {
    const m = check('host h1 local\ncontainer web1 image localhost/vsh-busybox:latest runtime docker\ncontainer web2 image localhost/vsh-busybox:latest\n').model;
    const by = (stdout: string) => evaluate('h1', m, new Map([...outputs, ['runtimes', ok(stdout)]])).filter((l) => l.item === 'docker' || l.item === 'podman');
    expect(by('podman ok 4.3.1\ndocker ok 20.10.24+dfsg1\n')).toEqual([
      { verdict: 'pass', item: 'docker', detail: 'dockerd 20.10.24+dfsg1: container web1 runs with docker' },
      { verdict: 'pass', item: 'podman', detail: 'podman 4.3.1: container web2 runs with podman' },
    ]);
    expect(by('podman ok 4.3.1\ndocker down\n')[0]).toMatchObject({ verdict: 'fail', detail: 'installed, but no dockerd answers it, and container web1 runs with docker' });
    expect(by('')).toEqual([
      { verdict: 'fail', item: 'docker', detail: 'not installed, but container web1 runs with docker', fix: 'apt-get install docker.io' },
      { verdict: 'fail', item: 'podman', detail: 'not installed, but container web2 runs with podman', fix: 'apt-get install podman' },
    ]);
    // Nothing about runtimes on a host without containers.
    expect(evaluate('h1', check('host h1 local\nbridge br0\n').model, outputs).some((l) => l.item === 'docker' || l.item === 'podman')).toBe(false);
  });

  it('fails OVS and libvirt when the model needs them there; checks vfs against sriov_totalvfs', () => {
    const m = check('host h1 local\nbridge br0\nnetwork n1 mode isolated\nsriov ens1f0 vfs 8\n').model;
    const noOvs = new Map([...outputs, ['ovs', fail('ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed')]]);
    const lines = evaluate('h1', m, noOvs);
    expect(lines.find((l) => l.item === 'Open vSwitch')).toMatchObject({ verdict: 'fail', fix: expect.stringContaining('openvswitch-switch') });
    expect(lines.find((l) => l.item === 'libvirt')).toMatchObject({ verdict: 'fail', fix: expect.stringContaining('libvirt-daemon-system') });
    // On a lab host made without libvirt, the fix is the lab's, not a package.
    const lab = evaluate('h1', m, noOvs, { dir: '/tmp/x/lab', hosts: 2, libvirt: false });
    expect(lab.find((l) => l.item === 'libvirt')?.fix).toBe("this host's lab was made without libvirt: vsh lab down --dir /tmp/x/lab, then vsh lab up --libvirt --hosts 2 --dir /tmp/x/lab");
    expect(lines.find((l) => l.item === 'SR-IOV ens1f0')).toMatchObject({ verdict: 'fail', detail: '0 of at most 7 VFs; the model asks for 8' });
  });

  it('fails when the host wants a datapath OVS does not offer', () => {
    const m = check('host h1 local datapath system\nbridge br0\n').model;
    const lines = evaluate('h1', m, new Map([...outputs, ['ovs', ok('[netdev]\n')]]));
    expect(lines.find((l) => l.item === 'Open vSwitch')).toMatchObject({ verdict: 'fail', fix: expect.stringContaining("'datapath netdev'") });
  });
});

describe.skipIf(skipping('doctor on a lab host', !isRoot && NOT_ROOT))('doctor on a real lab host (this kernel, LAB.md)', () => {
  const dir = tempLabDir('doctor');
  beforeAll(() => {
    const up = vsh(['lab', 'up', '--hosts', '1', '--dir', dir], 60_000);
    if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  }, 90_000);
  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 60_000);

  type Report = { hosts: Array<{ host: string; lines: Array<{ verdict: string; item: string; detail: string; fix?: string }> }> };

  it('a healthy lab host with the inventory alone: no warning; what it lacks (and no script uses) is one info line', () => {
    const r = vsh(['doctor', '--json', `${dir}/hosts.vnet`]);
    expect(r.code, r.stderr).toBe(0); // the inventory alone needs nothing that is missing
    const [host] = (JSON.parse(r.stdout) as Report).hosts;
    expect(host!.host).toBe('hostA');
    expect(host!.lines.filter((l) => l.verdict === 'warn' || l.verdict === 'fail')).toEqual([]);
    const line = (item: string) => host!.lines.find((l) => l.item === item);
    expect(line('not needed')?.verdict).toBe('info');
    for (const missing of ['8021q', 'vlan-filtering', 'gre', 'geneve', 'bonding', 'libvirt (lab up without --libvirt)']) expect(line('not needed')?.detail, missing).toContain(missing);
    for (const present of ['bridge', 'vxlan', 'tun', 'veth', 'macvtap']) expect(line('kernel')?.detail, present).toContain(present);
    expect(line('Open vSwitch')?.detail).toMatch(/running; datapaths: .*netdev/);
    expect(host!.lines.length).toBeLessThanOrEqual(5);
  });

  it('a script that needs libvirt on a lab without it: fails, and says how to make the lab with libvirt', () => {
    const script = `${dir}/../net.vnet`;
    writeFileSync(script, 'network n1 on hostA mode isolated\n');
    const r = vsh(['doctor', '--json', `${dir}/hosts.vnet`, script]);
    expect(r.code).toBe(1);
    const libvirt = (JSON.parse(r.stdout) as Report).hosts[0]!.lines.find((l) => l.item === 'libvirt');
    expect(libvirt).toMatchObject({ verdict: 'fail' });
    expect(libvirt?.fix).toContain(`vsh lab up --libvirt --hosts 1 --dir ${realpathSync(dir)}`);
  });
}, 120_000);
