/**
 * The libvirt driver against a real libvirtd (a private one, in throw-away namespaces:
 * test/support/libvirt-sandbox.ts). Plans are read through the same one-round-trip probe
 * script as `vsh plan`, applied command by command, read back, and re-planned.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { libvirtBackend } from '../../../src/backends/libvirt/index.js';
import { readHost } from '../../../src/backends/read-host.js';
import { runChecked } from '../../../src/exec/executor.js';
import { libvirtSandboxAvailable, startLibvirtSandbox, type LibvirtSandbox } from '../../support/libvirt-sandbox.js';
import { model, viewOf } from './support.js';
import { skipping } from '../../support/skip.js';

const id = randomBytes(2).toString('hex');
const ISO = `vsh-iso-${id}`;
const NAT = `vsh-nat-${id}`;

/** Two networks as a user would write them; `variant` changes the NAT network's DHCP range and adds a portgroup to the isolated one. */
const script = (variant = false) => `host lab local
network ${ISO} mode isolated bridge vi${id} stp on subnet 10.231.0.0/24 gateway 10.231.0.1 \\
    dhcp 10.231.0.10-10.231.0.50 domain iso.lab autostart on
${variant ? 'portgroup guests default' : ''}
network ${NAT} mode nat bridge vn${id} subnet 10.232.0.0/24 dhcp 10.232.0.${variant ? '150' : '100'}-10.232.0.199 autostart off
`;

describe.skipIf(skipping('libvirt sandbox', !libvirtSandboxAvailable() && 'needs root, libvirtd, virsh and unshare (apt: libvirt-daemon-system)'))('libvirt driver against a real libvirtd (private sandbox)', () => {
  let sb: LibvirtSandbox;
  beforeAll(async () => {
    sb = await startLibvirtSandbox();
  }, 30_000);
  afterAll(async () => {
    await sb?.stop();
  });

  async function plan(text: string, mode: 'apply' | 'destroy' = 'apply'): Promise<Step[]> {
    const view = viewOf(model(text), 'lab');
    const outputs = await readHost(sb.executor, libvirtBackend.probes(view));
    const { state, diagnostics } = libvirtBackend.read(view, outputs);
    expect(diagnostics ?? []).toEqual([]);
    return mode === 'apply' ? libvirtBackend.plan(view, state) : libvirtBackend.destroy(view, state);
  }

  async function run(steps: readonly Step[], which: 'commands' | 'undo' = 'commands'): Promise<void> {
    for (const step of steps) {
      for (const c of step[which]) await runChecked(sb.executor, c);
      if (which === 'commands' && step.verify) expect((await sb.executor.run(step.verify)).code, `verify ${step.object}`).toBe(0);
    }
  }

  const virsh = async (...args: string[]) => (await runChecked(sb.executor, { argv: ['virsh', ...args] })).stdout;

  it('defines and starts an isolated and a NAT network; read back, the plan has zero steps', async () => {
    const steps = await plan(script());
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual([`+ network ${ISO}`, `+ network ${NAT}`]);
    await run(steps);
    expect(await virsh('net-list', '--name')).toContain(ISO);
    const xml = await virsh('net-dumpxml', '--inactive', ISO);
    expect(xml).toContain(`<bridge name='vi${id}' stp='on' delay='0'/>`);
    expect(xml).toContain('https://vsh.dev/xmlns/libvirt/1');
    // The bridges exist inside the sandbox's network namespace only.
    expect((await sb.inside(['ip', '-br', 'addr', 'show', `vi${id}`])).stdout).toContain('10.231.0.1/24');
    expect((await sb.executor.run({ argv: ['ip', 'link', 'show', `vi${id}`] })).code).not.toBe(0);
    expect(await plan(script()), 'a re-plan after apply').toEqual([]);
  });

  it('changes in place: a portgroup by net-update, a DHCP range by redefine + restart; zero steps after; undo restores the first state', async () => {
    const steps = await plan(script(true));
    expect(steps.map((s) => [s.object, s.changes, s.commands.map((c) => c.argv.slice(0, 5).join(' '))])).toEqual([
      [`network ${ISO}`, ['portgroup guests: (none) -> default, no vlan'], [`virsh net-update ${ISO} add-last portgroup`]],
      [`network ${NAT}`, ['dhcp: 10.232.0.100-10.232.0.199 -> 10.232.0.150-10.232.0.199'], ['sh -c cat | virsh "$@" sh net-define', `virsh net-destroy ${NAT}`, `virsh net-start ${NAT}`]],
    ]);
    await run(steps);
    expect(await plan(script(true))).toEqual([]);
    await run([...steps].reverse(), 'undo');
    expect(await plan(script())).toEqual([]);
  });

  it('destroy removes both networks and nothing else; a second destroy has nothing to do', async () => {
    const steps = await plan(script(), 'destroy');
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual([`- network ${ISO}`, `- network ${NAT}`]);
    await run(steps);
    const left = await virsh('net-list', '--all', '--name');
    expect(left).not.toContain(ISO);
    expect(left).not.toContain(NAT);
    expect(await plan(script(), 'destroy')).toEqual([]);
    expect((await sb.inside(['ip', 'link', 'show', `vi${id}`])).code).not.toBe(0);
  });
});
