/**
 * The shell as a person uses it against a real 2-host `vsh lab`, in a real terminal
 * (tmux): load the lab's inventory, build the GRE/VLAN scenario line by line, plan,
 * apply, explain, undo — asserting on the screen and, over SSH, on the hosts. Root only
 * (the lab needs namespaces); every wait is bounded; the lab and tmux are removed after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labUp, type UpResult } from '../../src/lab/lab.js';
import { ensureDown, isRoot, NOT_ROOT, removeTemp, ssh, tempLabDir } from '../lab/support.js';
import { skipping, whyNot } from '../support/skip.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `vsh-lab-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', 'vsh');

/** Wait (bounded) until the screen matches, counting only what came after `from` characters. */
async function waitForScreen(pattern: string | RegExp, from = 0, ms = 30_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = screen().slice(from);
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${pattern}; end of the screen:\n${screen().trimEnd().split("\n").slice(-40).join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Type a line, press Enter, and wait until the screen ends with the prompt that follows
 * it (the command has finished); returns what the line printed.
 */
async function enter(line: string, prompt = 'vsh(\\([^)]*\\))?>'): Promise<string> {
  const from = Math.max(0, screen().trimEnd().length - 200);
  tmux('send-keys', '-t', 'vsh', '-l', line);
  tmux('send-keys', '-t', 'vsh', 'Enter');
  // The echo of the typed line follows a prompt; the line may appear again in the output (a caret excerpt).
  const after = await waitForScreen(new RegExp(`> ${escape(line)}\\n[^]*${prompt}\\s*$`), from);
  return after.slice(after.indexOf(`> ${line}\n`) + line.length + 3);
}

const SCENARIO: Array<[string, string]> = [
  ['bridge br-phy on hostA uplink eth1 address 10.200.0.1/24', 'vsh(hostA/br-phy)>'],
  ['bridge br-int on hostA', 'vsh(hostA/br-int)>'],
  ['namespace red', 'vsh(hostA/br-int)>'],
  ['port red-p type veth peer red:eth0 address 10.0.10.1/24 tag 10', 'vsh(hostA/br-int)>'],
  ['bridge br-phy on hostB uplink eth1 address 10.200.0.2/24', 'vsh(hostB/br-phy)>'],
  ['bridge br-int on hostB', 'vsh(hostB/br-int)>'],
  ['namespace blue; namespace green', 'vsh(hostB/br-int)>'],
  ['port blue-p type veth peer blue:eth0 address 10.0.10.2/24 tag 10', 'vsh(hostB/br-int)>'],
  ['port green-p type veth peer green:eth0 address 10.0.10.3/24 tag 20', 'vsh(hostB/br-int)>'],
  ['tunnel gre hostA<->hostB trunk 10,20', 'vsh(hostB/br-int)>'],
];

describe.skipIf(skipping('vsh> against a lab', whyNot([!isRoot, NOT_ROOT], [!hasTmux, 'tmux is not installed'], [!existsSync('dist/vsh.mjs'), 'dist/vsh.mjs is not built (npm run build)'])))('the vsh> shell against a 2-host lab, in tmux', () => {
  const dir = tempLabDir('repl');
  const historyDir = mkdtempSync(join(tmpdir(), 'vsh-repl-history-'));
  let up: UpResult;
  const onHost = (name: string, command: string) => ssh(up.plan, up.plan.hosts.find((h) => h.name === name)!.mgmtAddress, command);

  beforeAll(async () => {
    up = await labUp({ dir, hosts: 2 });
  }, 60_000);

  afterAll(async () => {
    const path = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    if (path) rmSync(path, { force: true });
    rmSync(historyDir, { recursive: true, force: true });
    await ensureDown(dir);
    removeTemp(dir);
  }, 60_000);

  it('builds the GRE/VLAN scenario line by line, plans, applies, explains and undoes it', async () => {
    const history = join(historyDir, 'history');
    tmux('new-session', '-d', '-s', 'vsh', '-x', '200', '-y', '50', `env VSH_HISTORY=${history} NO_COLOR=1 bin/vsh repl ${up.plan.files.inventory}; echo "vsh exited $?"; sleep 60`);
    await waitForScreen(`loaded ${up.plan.files.inventory}: 2 statements staged`);
    await waitForScreen('vsh(hostB)> ');

    for (const [line, prompt] of SCENARIO) {
      const out = await enter(line, escape(prompt));
      expect(out, line).not.toMatch(/error VN/);
    }
    // A mistake on the way: reported against the earlier line, nothing staged.
    const conflict = await enter('port blue-p tag 30');
    expect(conflict).toContain("error VN105: port 'blue-p' on br-int@hostB is redeclared with different attributes");
    expect(conflict).toContain('note: first declared here (<repl>:8:1)');

    const plan = await enter('plan');
    expect(plan).toMatch(/hostA \(read live\)[^]*\+ tunnel gre-hostB on br-int[^]*hostB \(read live\)[^]*\+ port green-p on br-int/);
    expect(plan).toMatch(/Plan: \d+ to add, 0 to change, 0 to remove\./);
    // br-phy with its uplink and address is already there (the lab made it): nothing planned for it.
    expect(plan).not.toContain('+ bridge br-phy');

    // On a terminal apply shows the plan and asks, as the CLI does; the answer is the next line.
    const from = Math.max(0, screen().trimEnd().length - 200);
    tmux('send-keys', '-t', 'vsh', '-l', 'apply');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    const asked = await waitForScreen(/apply these \d+ changes on hostA, hostB\? \(y\/N, apply -y skips this\)\s*$/, from);
    expect(asked).toMatch(/\+ tunnel gre-hostB on br-int[^]*Plan: \d+ to add/);
    tmux('send-keys', '-t', 'vsh', '-l', 'y');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    const applied = await waitForScreen(/skips this\) y\n[^]*applied \d+ steps[^]*vsh\([^)]*\)>\s*$/, from);
    expect(applied).toMatch(/applied \d+ steps/);
    // The progress bar, redrawn in place, ends full for each host.
    expect(applied).toMatch(/hostA +\[#{24}\] +(\d+)\/\1 done/);
    expect(onHost('hostA', 'ovs-vsctl list-ports br-int').stdout.split('\n')).toEqual(expect.arrayContaining(['gre-hostB', 'red-p']));
    expect(onHost('hostB', 'ovs-vsctl get Port green-p tag').stdout.trim()).toBe('20');
    // VLAN 10 crosses the GRE tunnel; VLAN 20 is another segment.
    expect(onHost('hostA', 'ip netns exec red ping -c 3 -i 0.3 -W 1 10.0.10.2').code).toBe(0); // exit 0: at least one answer (the first packet on a new path may be lost)
    expect(onHost('hostA', 'ip netns exec red ping -c 1 -W 1 10.0.10.3').code).not.toBe(0);

    expect(await enter('hosts')).toMatch(/hostA +ssh root@[\d.]+ +connected\n +hostB +ssh root@[\d.]+ +connected/);
    expect(await enter('plan')).toContain('No changes: the hosts match the model.');

    const explained = await enter('explain port yellow-p type internal tag 10');
    expect(explained).toMatch(/internal\s+port/);
    expect(explained).toContain('ovs-vsctl --may-exist add-port br-int yellow-p');
    expect(await enter('show staged')).toContain('nothing staged');

    // undo removes from the hosts: on a terminal it shows the steps and asks too.
    const beforeUndo = Math.max(0, screen().trimEnd().length - 200);
    tmux('send-keys', '-t', 'vsh', '-l', 'undo');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    const undoAsked = await waitForScreen(/undo these \d+ changes on hostA, hostB\? \(y\/N, undo -y skips this\)\s*$/, beforeUndo);
    expect(undoAsked).toMatch(/- tunnel gre-hostB on br-int/);
    tmux('send-keys', '-t', 'vsh', '-l', 'y');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    const undone = await waitForScreen(/skips this\) y\n[^]*undone: reverted \d+ steps[^]*vsh\([^)]*\)>\s*$/, beforeUndo);
    expect(undone).toMatch(/undone: reverted \d+ steps on hostA, hostB/);
    expect(onHost('hostA', 'ovs-vsctl br-exists br-int').code).toBe(2);
    expect(onHost('hostB', 'ip netns list').stdout).not.toMatch(/blue|green/);
    expect(onHost('hostA', 'ovs-vsctl br-exists br-phy').code).toBe(0); // the lab's own bridge stays

    expect(await enter('discard')).toContain('discarded 13 staged statements');
    tmux('send-keys', '-t', 'vsh', '-l', 'exit');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    await waitForScreen('vsh exited 0');
    if (process.env.VSH_SHOW_SCREEN) console.log(screen());
  }, 120_000);
});
