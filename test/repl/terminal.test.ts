/**
 * `vsh` as a person runs it: the built CLI in a real terminal (tmux), keys sent one line
 * at a time, assertions on the captured screen. Every wait is bounded. The tmux server
 * has its own socket, so nothing else's tmux is touched, and it is killed at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipping, whyNot } from '../support/skip.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `vsh-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

/** The pane's text, with its scrollback. */
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', 'vsh');

async function waitForScreen(pattern: string | RegExp, ms = 10_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = screen();
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${pattern}; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stop this test's tmux server and remove its socket and the test's directory. */
function killTmux(dir: string): void {
  const path = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  if (path) rmSync(path, { force: true });
  rmSync(dir, { recursive: true, force: true });
}

/** Type a line and press Enter. */
const typeLine = (text: string) => {
  tmux('send-keys', '-t', 'vsh', '-l', text);
  tmux('send-keys', '-t', 'vsh', 'Enter');
};

describe.skipIf(skipping('vsh in tmux', whyNot([!hasTmux, 'tmux is not installed'], [!existsSync('dist/vsh.mjs'), 'dist/vsh.mjs is not built (npm run build)'])))('vsh in a real terminal (tmux)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-tmux-'));
  afterAll(() => killTmux(dir));

  it('prompts with the context, shows errors with a caret, completes, plans offline, and exits', async () => {
    const history = join(dir, 'history');
    tmux('new-session', '-d', '-s', 'vsh', '-x', '160', '-y', '50', `env VSH_HISTORY=${history} NO_COLOR=1 bin/vsh; echo "vsh exited $?"; sleep 30`);
    await waitForScreen('vsh> ');

    typeLine('host h1 local');
    await waitForScreen('vsh(h1)> ');
    typeLine('bridge br0');
    await waitForScreen('vsh(h1/br0)> ');

    typeLine('port vm1 tag 4095');
    const err = await waitForScreen('not staged: 1 error');
    expect(err).toContain(['<repl>:3:14 error VN110: VLAN 4095 is out of range (1-4094)', '  3 | port vm1 tag 4095', '    |              ^^^^'].join('\n'));

    // Tab completes the option's value from the grammar.
    tmux('send-keys', '-t', 'vsh', '-l', 'port vm1 type ta');
    tmux('send-keys', '-t', 'vsh', 'Tab');
    await waitForScreen('port vm1 type tap ');
    tmux('send-keys', '-t', 'vsh', '-l', 'tag 10');
    tmux('send-keys', '-t', 'vsh', 'Enter');
    typeLine('show staged');
    await waitForScreen('<repl>:3  port vm1 type tap tag 10');

    typeLine('plan --offline');
    const plan = await waitForScreen(/h1 \(not read: planned as an empty host\)[^]*(Plan: \d+ to add|No changes)/);
    expect(plan).toMatch(/vsh\(h1\/br0\)> plan --offline/);

    typeLine('exit');
    await waitForScreen('3 staged statements are not applied');
    typeLine('exit');
    const last = await waitForScreen('vsh exited 0');
    if (process.env.VSH_SHOW_SCREEN) console.log(last);
    expect(readFileSync(history, 'utf8').split('\n').slice(0, 3)).toEqual(['exit', 'plan --offline', 'show staged']); // readline keeps one of two equal lines in a row
  });
});
