/**
 * What vsh refuses, against a real lab:
 * - an unknown host key (the host is missing from a copy of known_hosts) and a changed one
 *   (the copy records another key for the address): `vsh plan` and `vsh apply` exit 1 with
 *   the fingerprint sshd really presents and what to do, and nothing is applied anywhere; a
 *   hashed known_hosts (`ssh-keygen -H`) is accepted;
 * - names with shell metacharacters: every script is refused by the checks (exit 1), no SSH
 *   connection is even made (the hosts' sshd logs show no new login), and the marker file
 *   the payload would create exists neither inside the hosts nor on the controller.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh, type HostState } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: host keys and shell metacharacters on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let work: string;
  let before: Record<string, HostState>;
  beforeAll(async () => {
    lab = await Lab.up('trust');
    work = mkdtempSync(join(tmpdir(), 'vsh-e2e-trust-work-'));
    before = await lab.states();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const hostA = () => lab.hosts.find((h) => h.name === 'hostA')!;
  /** The fingerprint of hostA's real host key, as ssh-keygen prints it. */
  const realFingerprint = () => execFileSync('ssh-keygen', ['-lf', join(lab.dir, 'hosts/hostA/ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1]!;
  /** A copy of the lab's inventory that verifies host keys against `knownHosts` instead. */
  const inventoryWith = (name: string, knownHosts: string) => {
    const path = join(work, `${name}.vnet`);
    writeFileSync(path, readFileSync(lab.inventory, 'utf8').replaceAll(join(lab.dir, 'known_hosts'), knownHosts));
    return path;
  };
  const logins = () => lab.hosts.map((h) => readFileSync(join(lab.dir, 'hosts', h.name, 'sshd.log'), 'utf8').match(/Accepted publickey/g)?.length ?? 0);

  it('an unknown host key is refused with its fingerprint and how to trust it; nothing is applied', async () => {
    const kh = join(work, 'known_hosts.unknown');
    writeFileSync(kh, readFileSync(join(lab.dir, 'known_hosts'), 'utf8').split('\n').filter((l) => !l.startsWith(`${hostA().address} `)).join('\n'));
    const inv = inventoryWith('unknown', kh);
    const plan = await vsh(['plan', inv, scenario('drift.vnet')]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`error VN200: could not read host 'hostA': hostA: the host key of ${hostA().address} is not known (${realFingerprint()})`);
    expect(plan.stderr).toContain(`trust it with: ssh-keyscan -p 22 ${hostA().address} >> ${kh}`);
    const apply = await vsh(['apply', inv, scenario('drift.vnet')]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('is not known');
    expect(await lab.states()).toEqual(before); // hostB (trusted) was not touched either
  }, 40_000);

  it('a changed host key is refused loudly; nothing is applied', async () => {
    const other = join(work, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'impostor', '-f', other]);
    const [type, key] = readFileSync(`${other}.pub`, 'utf8').split(' ');
    const kh = join(work, 'known_hosts.changed');
    writeFileSync(
      kh,
      readFileSync(join(lab.dir, 'known_hosts'), 'utf8')
        .split('\n')
        .map((l) => (l.startsWith(`${hostA().address} `) ? `${hostA().address} ${type} ${key}` : l))
        .join('\n'),
    );
    const inv = inventoryWith('changed', kh);
    for (const cmd of ['plan', 'apply']) {
      const r = await vsh([cmd, inv, scenario('drift.vnet')]);
      expect(r.code, cmd).toBe(1);
      expect(r.stderr).toContain(`hostA: WARNING: the host key of ${hostA().address} has CHANGED (now ${realFingerprint()})`);
      expect(r.stderr).toContain('vsh refuses to connect');
    }
    expect(await lab.states()).toEqual(before);
  }, 40_000);

  it('a hashed known_hosts (ssh-keygen -H) is verified and accepted', async () => {
    const kh = join(work, 'known_hosts.hashed');
    copyFileSync(join(lab.dir, 'known_hosts'), kh);
    execFileSync('ssh-keygen', ['-H', '-f', kh], { stdio: 'ignore' });
    expect(readFileSync(kh, 'utf8')).not.toContain(hostA().address); // really hashed
    const r = await vsh(['plan', '--json', inventoryWith('hashed', kh), scenario('drift.vnet')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes).toBeGreaterThan(0); // read live, planned
  }, 40_000);

  it('names with shell metacharacters are refused by the checks and never reach a host', async () => {
    const marker = join('/tmp', `vsh-e2e-pwned-${process.pid}-${Date.now()}`);
    const scripts = [
      `bridge br0 on hostA;touch ${marker}`,
      `bridge br0$(touch ${marker}) on hostA`,
      `namespace red\`touch ${marker}\` on hostA`,
      `bridge "br0;touch ${marker}" on hostA`,
      `bridge br0 on hostA uplink "eth1;touch ${marker}"`,
      `bridge br0 on hostA\nport "$(touch ${marker})" on br0`,
      `namespace red on hostA\nbridge br0 on hostA\nport x type veth peer "red:$(touch ${marker})"`,
      `tunnel gre hostA<->hostB on br-phy name "g;touch ${marker}"`,
      `network n1 on hostA mode nat domain "a;touch ${marker}"`,
      `bridge br0 on hostA\nport p1 tag "10;touch ${marker}"`,
      `bridge br0|touch on hostA`,
      `bridge br-abcdefghijklmnopq on hostA`, // longer than an interface name may be
    ];
    const loginsBefore = logins();
    for (const [i, text] of scripts.entries()) {
      const file = join(work, `bad-${i}.vnet`);
      writeFileSync(file, text + '\n');
      const r = await vsh(['run', lab.inventory, file]);
      expect(r.code, text).toBe(1);
      expect(r.stderr, text).toMatch(/error VN\d+/);
      expect(r.stdout + r.stderr, text).not.toMatch(/applied|locking/);
    }
    expect(logins()).toEqual(loginsBefore); // not one SSH login: the checks stopped every script first
    expect(existsSync(marker)).toBe(false);
    for (const h of lab.hosts) expect((await lab.ssh(h.name, `test -e ${marker}; echo $?`)).stdout).toBe('1\n');
    expect(await lab.states()).toEqual(before);
  }, 60_000);
});
