/**
 * Missing prerequisites are reported all at once, each with the Debian package to install,
 * and the CLI says so with exit 2 and no stack trace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrerequisiteError } from '../../src/lab/errors.js';
import { checkPrerequisites, dockerCliBeside, findProgram, labPath } from '../../src/lab/prerequisites.js';
import { isRoot, run } from './support.js';

const empty = mkdtempSync(join(tmpdir(), 'vsh-lab-nopath-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

async function problems(options: Parameters<typeof checkPrerequisites>[0]): Promise<PrerequisiteError> {
  const err = await checkPrerequisites(options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PrerequisiteError);
  return err as PrerequisiteError;
}

describe('lab prerequisites', () => {
  it('names every missing program with its Debian package, and root, at once', async () => {
    const err = await problems({ purpose: 'up', libvirt: true, uid: 1000, platform: 'linux', searchPath: empty, probeNetns: false });
    expect(err.exitCode).toBe(2);
    const byWhat = new Map(err.missing.map((m) => [m.what, m.package]));
    expect(byWhat.get('root')).toBeUndefined();
    expect(err.missing[0]!.what).toBe('root');
    expect(byWhat.get('ip (program)')).toBe('iproute2');
    expect(byWhat.get('ovs-vswitchd (program)')).toBe('openvswitch-switch');
    expect(byWhat.get('sshd (program)')).toBe('openssh-server');
    expect(byWhat.get('ssh-keygen (program)')).toBe('openssh-client');
    expect(byWhat.get('libvirtd (program)')).toBe('libvirt-daemon-system');
    expect(byWhat.get('virsh (program)')).toBe('libvirt-clients');
    expect(byWhat.get('dnsmasq (program)')).toBe('dnsmasq-base');
    expect(err.message).toMatch(/^the local lab cannot run here:\n  - root \(namespaces, links and mounts need root: run it with sudo\)\n/);
    expect(err.message).toContain('  - sshd (program) — install the Debian package openssh-server');
    expect(err.hint).toMatch(/^apt-get install iproute2 util-linux mount findutils .*openvswitch-switch openssh-server openssh-client libvirt-daemon-system/);
  });

  it('asks only for what removing a lab needs when taking it down', async () => {
    const err = await problems({ purpose: 'down', uid: 0, platform: 'linux', searchPath: empty, probeNetns: false });
    expect(err.missing.map((m) => m.what)).toEqual(['ip (program)', 'nsenter (program)', 'umount (program)', 'find (program)', 'unshare (program)', 'mount (program)']);
  });

  it('names the packages --containers and --ovn need', async () => {
    const err = await problems({ purpose: 'up', containers: true, ovn: true, uid: 0, platform: 'linux', searchPath: empty, probeNetns: false });
    const byWhat = new Map(err.missing.map((m) => [m.what, m.package]));
    expect(byWhat.get('podman (program)')).toBe('podman');
    expect(byWhat.get('runc (program)')).toBe('runc');
    expect(byWhat.get('ovn-northd (program)')).toBe('ovn-central');
    expect(byWhat.get('ovn-controller (program)')).toBe('ovn-host');
  });

  it('names the package --docker needs (and asks for podman too: --docker implies --containers)', async () => {
    const err = await problems({ purpose: 'up', docker: true, uid: 0, platform: 'linux', searchPath: empty, probeNetns: false });
    const byWhat = new Map(err.missing.map((m) => [m.what, m.package]));
    expect(byWhat.get('dockerd (program)')).toBe('docker.io');
    expect(byWhat.get('podman (program)')).toBe('podman');
  });

  it("prefers the docker CLI installed beside dockerd over another one earlier on PATH", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsh-docker-cli-'));
    try {
      for (const d of ['usr/bin', 'usr/sbin', 'local/bin']) mkdirSync(join(dir, d), { recursive: true });
      for (const f of ['usr/bin/docker', 'usr/sbin/dockerd', 'local/bin/docker']) writeFileSync(join(dir, f), '#!/bin/sh\n', { mode: 0o755 });
      expect(dockerCliBeside(join(dir, 'usr/sbin/dockerd'), join(dir, 'local/bin'))).toBe(join(dir, 'usr/bin/docker'));
      rmSync(join(dir, 'usr/bin/docker'));
      expect(dockerCliBeside(join(dir, 'usr/sbin/dockerd'), join(dir, 'local/bin'))).toBe(join(dir, 'local/bin/docker'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses other systems plainly', async () => {
    const err = await problems({ purpose: 'up', platform: 'darwin' });
    expect(err.message).toContain('Linux (this is darwin)');
  });

  it('finds daemons in sbin even when PATH leaves it out', () => {
    expect(labPath('/usr/bin').split(':')).toEqual(expect.arrayContaining(['/usr/bin', '/usr/sbin', '/sbin']));
    expect(findProgram('sh', labPath('/nonexistent'))).toMatch(/\/sh$/);
    expect(findProgram('no-such-program-vsh', labPath())).toBeUndefined();
  });

  it.skipIf(!isRoot)('the CLI run by a non-root user says what is missing, exit 2, no stack trace', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vsh-lab-nonroot-'));
    const dir = join(parent, 'lab');
    // setpriv drops to nobody for this one command (util-linux, present wherever the lab runs).
    const r = run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'bin/vsh', 'lab', 'up', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vsh lab up: the local lab cannot run here:\n  - root (namespaces, links and mounts need root: run it with sudo)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(run(['test', '-e', dir]).code).toBe(1); // nothing made
    rmSync(parent, { recursive: true, force: true });
  });

  it('rejects a bad --hosts as a usage error (exit 2)', () => {
    for (const n of ['0', '65', 'x']) {
      const r = run(['bin/vsh', 'lab', 'up', '--hosts', n, '--dir', join(empty, 'never')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--hosts must be a whole number from 1 to 64/);
    }
  });
});
