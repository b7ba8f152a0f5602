/**
 * `vsh explain FILE… --step [--apply]`: without a terminal it walks the whole script
 * without waiting (child process, stdin left open); on a terminal (tmux, its own socket)
 * it waits for Enter, and with --apply on a 2-host lab the GRE lab comes alive step by step:
 * after the tunnel statement the screen shows the concept, the commands and the passed
 * expect lines; `q` (no Enter) stops and says what stays and how to remove it; Ctrl-C
 * stops with 130. The expect dependencies and script
 * prefixes it relies on are checked here too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDependencies, prefixSources } from '../../src/cli/explain-step.js';
import type { Statement } from '../../src/lang/ast.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { ensureDown, isRoot, NOT_ROOT, removeTemp, run, tempLabDir, vsh } from '../lab/support.js';
import { labIndex, labInventory, labSource, type LabInfo } from './labs.js';
import { skipping } from '../support/skip.js';

const lab = (name: string): LabInfo => labIndex().find((l) => l.name === name)!;
const GRE = lab('gre-vlans');

/** The statement of the lab file that starts with `text`. */
const find = (statements: Statement[], file: string, text: string, source: string) =>
  statements.findIndex((s) => s.span.file === file && source.slice(s.span.offset).startsWith(text));

describe('explain --step: expect dependencies and script prefixes', () => {
  it('an expect line across a tunnel waits for the tunnel, its namespaces and the ports at both ends', () => {
    const src = labSource(GRE);
    const front = frontEnd([labInventory(2, false), src]);
    const deps = expectDependencies(front);
    const at = (t: string) => find(front.statements, GRE.file, t, src.text);
    const tunnel = at('tunnel gre');
    for (const e of front.model.expects) expect(deps.get(e)).toContain(tunnel);
    const redToBlue = front.model.expects.find((e) => e.ns === 'red' && e.stmt.target.value === '10.0.10.2')!;
    for (const t of ['bridge br-int on hostA', 'bridge br-int on hostB', 'namespace red', 'port red-p', 'port blue-p', 'namespace blue']) expect(deps.get(redToBlue), t).toContain(at(t));
    expect(deps.get(redToBlue)).not.toContain(at('port green-p'));
  });

  it('a noreach between two segments waits for both segments, tunnels included', () => {
    const info = lab('geneve-tenants');
    const src = labSource(info);
    const front = frontEnd([labInventory(2, false), src]);
    const at = (t: string) => find(front.statements, info.file, t, src.text);
    const e = front.model.expects.find((x) => !x.stmt.reach)!;
    const deps = expectDependencies(front).get(e)!;
    for (const t of ['tunnel geneve hostA<->hostB on br-tena', 'tunnel geneve br-tenb@hostA', 'port a3-p', 'namespace a3', 'port b1-p', 'namespace b1']) expect(deps, t).toContain(at(t));
    // The same address held in the namespace's own segment is the one it pings, when there is one.
    const reach = front.model.expects.find((x) => x.ns === 'b1' && x.stmt.reach)!;
    expect(expectDependencies(front).get(reach)).toContain(at('port b2-p'));
    expect(expectDependencies(front).get(reach)).not.toContain(at('port a2-p'));
  });

  it('follows an OVS bond whose members are bridges', () => {
    const info = lab('ovs-bond');
    const src = labSource(info);
    const front = frontEnd([labInventory(2, false), src]);
    const at = (t: string) => find(front.statements, info.file, t, src.text);
    const deps = expectDependencies(front).get(front.model.expects[0]!)!;
    for (const t of ['bond bond0', 'tunnel vxlan sw-a@hostA', 'tunnel vxlan sw-b@hostA', 'bridge lan on hostB', 'port db-p']) expect(deps, t).toContain(at(t));
  });

  it('the prefix of a statement is the files before it whole and its own file up to its end', () => {
    const inventory = labInventory(2, false);
    const src = labSource(GRE);
    const front = frontEnd([inventory, src]);
    const s = front.statements[find(front.statements, GRE.file, 'port red-p', src.text)]!;
    const prefix = prefixSources([inventory, src], s);
    expect(prefix[0]).toEqual(inventory);
    expect(prefix[1]!.text.endsWith('tag 10')).toBe(true);
    const again = frontEnd(prefix);
    expect(again.ok).toBe(true);
    expect(again.statements.at(-1)!.span).toEqual(s.span);
  });
});

describe('vsh explain --step without a terminal', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vsh-step-'));
  const inventory = labInventory(2, false, join(tmp, 'lab'));
  const invFile = join(tmp, 'hosts.vnet');
  writeFileSync(invFile, inventory.text);
  const total = frontEnd([{ file: invFile, text: inventory.text }, labSource(GRE)]).statements.length;
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('walks every statement at once, without waiting, with concept, commands and what to look at', async () => {
    // stdin stays open and silent: it must not be read.
    const child = spawn('bin/vsh', ['explain', '--step', invFile, GRE.file], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, stdout.slice(-2000)).toBe(0);
    child.stdin.end();
    expect(stdout).toContain(`Stepping through ${total} statements`);
    for (let i = 1; i <= total; i++) expect(stdout).toContain(`step ${i} of ${total}`);
    expect(stdout).toContain('A tunnel stretches a bridge across hosts');
    expect(stdout).toContain('ovs-vsctl --may-exist add-port br-int gre-hostB');
    expect(stdout).toContain('look:   ovs-vsctl show');
    expect(stdout).toContain('look:   ip -n red addr');
    expect(stdout).not.toContain('Enter: next');
    expect(stdout).not.toContain('applied');
  });

  it('the same output whatever is on stdin; a script with errors stops before the first step', () => {
    const a = spawnSync('bin/vsh', ['explain', '--step', invFile, GRE.file], { encoding: 'utf8', input: 'q\nq\n', env: { ...process.env, NO_COLOR: '1' }, timeout: 15_000 });
    const b = spawnSync('bin/vsh', ['explain', '--step', invFile, GRE.file], { encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' }, timeout: 15_000 });
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const bad = join(tmp, 'bad.vnet');
    writeFileSync(bad, 'bridge br0 on hostZ\n');
    const c = spawnSync('bin/vsh', ['explain', '--step', '--apply', invFile, bad], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 15_000 });
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('VN100');
    expect(c.stdout).not.toContain('step 1 of');
  });
});

const hasTmux = run(['tmux', '-V']).code === 0;
const tmuxSkip = !isRoot ? NOT_ROOT : !hasTmux ? 'tmux not installed (CI installs it)' : '';

describe.skipIf(skipping('explain --step --apply', tmuxSkip))(`vsh explain --step --apply on a terminal, on a 2-host lab${tmuxSkip ? ` (skipped: ${tmuxSkip})` : ''}`, () => {
  const dir = tempLabDir('step');
  const socket = `vsh-step-${process.pid}`;
  const tmux = (...args: string[]) => run(['tmux', '-L', socket, ...args], 10_000);
  const files = [`${dir}/hosts.vnet`, GRE.file];

  beforeAll(() => {
    const r = vsh(['lab', 'up', '--hosts', '2', '--dir', dir], 60_000);
    expect(r.code, r.stderr).toBe(0);
  }, 70_000);

  afterAll(async () => {
    tmux('kill-server');
    vsh(['destroy', ...files], 60_000);
    await ensureDown(dir);
    removeTemp(dir);
  }, 90_000);

  /** The whole pane, scrollback included, wrapped lines joined. */
  const history = (window: string) => tmux('capture-pane', '-p', '-J', '-t', window, '-S', '-').stdout;
  const screen = (window: string) => tmux('capture-pane', '-p', '-J', '-t', window).stdout;

  async function waitFor(window: string, text: string | RegExp, ms: number): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const h = history(window);
      if (typeof text === 'string' ? h.includes(text) : text.test(h)) return h;
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${text} in:\n${h.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  function start(window: string): void {
    const cmd = `cd ${process.cwd()} && NO_COLOR=1 bin/vsh explain --step --apply ${files.join(' ')}; echo vsh-exit=$?; sleep 600`;
    const r = window === 'walk' ? tmux('new-session', '-d', '-s', 'vsh', '-n', window, '-x', '200', '-y', '110', cmd) : tmux('new-window', '-t', 'vsh', '-n', window, cmd);
    expect(r.code, r.stderr).toBe(0);
  }

  it('waits for Enter between statements; after the tunnel the screen shows the concept, the commands and passed expect lines; q stops', async () => {
    const source = labSource(GRE);
    const front = frontEnd([{ file: files[0]!, text: '' }, source]);
    const inventoryCount = 2;
    const total = front.statements.length + inventoryCount;
    const tunnel = inventoryCount + front.statements.findIndex((s) => s.kind === 'tunnel') + 1;

    start('walk');
    const w = 'vsh:walk';
    for (let k = 1; k < tunnel; k++) {
      await waitFor(w, `[${k}/${total}] Enter: next`, 30_000);
      // Nothing runs ahead of the learner: step k+1 has not started before Enter.
      expect(history(w)).not.toContain(`step ${k + 1} of ${total}`);
      tmux('send-keys', '-t', w, 'Enter');
    }
    const h = await waitFor(w, `[${tunnel}/${total}] Enter: next`, 60_000);
    const part = h.slice(h.indexOf(`step ${tunnel} of ${total}`));
    const order = [
      'tunnel gre hostA<->hostB on br-int trunk 10,20 key 42',
      'A tunnel stretches a bridge across hosts',
      'ovs-vsctl --may-exist add-port br-int gre-hostB',
      'look:   ovs-vsctl show',
      'applied 2 steps on hostA, hostB',
      'hostA$ ovs-vsctl show',
      'passed: expect reach red@hostA 10.0.10.2',
      'passed: expect noreach green@hostB 10.0.10.1',
    ];
    let at = 0;
    for (const text of order) {
      const i = part.indexOf(text, at);
      expect(i, `'${text}' after position ${at} in:\n${part}`).toBeGreaterThanOrEqual(0);
      at = i;
    }
    expect(h).not.toContain('not yet:');
    // On a tall terminal the whole step is on the screen at once.
    const visible = screen(w);
    expect(visible).toContain('A tunnel stretches a bridge across hosts');
    expect(visible).toContain('ovs-vsctl --may-exist add-port br-int gre-hostA');
    expect(visible).toContain('passed: expect reach blue@hostB 10.0.10.1');
    expect(visible).toContain(`[${tunnel}/${total}] Enter: next`);

    // A pager's q: no Enter needed.
    tmux('send-keys', '-t', w, 'q');
    const end = await waitFor(w, /vsh-exit=\d+/, 20_000);
    expect(end).toContain('vsh-exit=0');
    // What stays, per host, and the commands that remove it or go on.
    expect(end).toContain(`Stopped after step ${tunnel} of ${total}. What this walk applied stays on the hosts:`);
    expect(end).toMatch(/^ {2}hostA: bridge ×1, namespace ×2, veth ×2, port ×4, tunnel ×1$/m);
    expect(end).toMatch(/^ {2}hostB: bridge ×1, namespace ×2, veth ×2, port ×4, tunnel ×1$/m);
    expect(end).toContain(`To remove it (and anything else of the script):  vsh destroy ${files.join(' ')}`);
    expect(end).toContain(`vsh explain --step --apply ${files.join(' ')}`);
  }, 150_000);

  it('goes on from what the hosts have; Ctrl-C at the prompt stops with 130', async () => {
    start('again');
    const w = 'vsh:again';
    const total = frontEnd([{ file: files[0]!, text: '' }, labSource(GRE)]).statements.length + 2;
    // The inventory's two host lines, then the first bridge: already there from the first walk.
    for (const k of [1, 2]) {
      await waitFor(w, `[${k}/${total}] Enter: next`, 30_000);
      tmux('send-keys', '-t', w, 'Enter');
    }
    const h = await waitFor(w, `[3/${total}] Enter: next`, 30_000);
    expect(h.slice(h.indexOf(`step 3 of ${total}`))).toContain('nothing to change on the hosts: they already have it.');
    expect(h).not.toContain('removed first');
    tmux('send-keys', '-t', w, 'C-c');
    const end = await waitFor(w, /vsh-exit=\d+/, 20_000);
    expect(end).toContain('vsh-exit=130');
    expect(end).toContain('Stopped after step 3 of');
    expect(end).toContain('This walk changed nothing: the hosts already had what it reached, and keep it');
  }, 90_000);
});
