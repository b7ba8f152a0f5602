/**
 * Probing from the shell on a real 2-host lab (the GRE/VLAN guide, examples/labs/gre-vlans):
 * `vsh ping`, `vsh pingall` and `vsh exec` on the command line, and at the `vsh>` prompt
 * `ping`, `exec`, `show live` and typed `expect` lines that are probed when applied. The
 * lab answers for real: VLAN 10 crosses the GRE tunnel, VLAN 20 is another segment.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, REPO, run, skipReason, VSH, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();
const GUIDE = join(REPO, 'examples/labs/gre-vlans.vnet');

describe.skipIf(skipping('e2e', skip))(`e2e: ping, pingall, exec, show live and typed expects${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await Lab.up('probing');
    const r = await vsh(['apply', lab.inventory, GUIDE], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('vsh ping: an endpoint to an endpoint across the tunnel answers (exit 0); one on the other VLAN does not (exit 1)', async () => {
    const ok = await vsh(['ping', lab.inventory, GUIDE, '--from', 'red@hostA', '--to', 'blue@hostB']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('red@hostA -> blue@hostB (10.0.10.2): reached');
    const no = await vsh(['ping', lab.inventory, GUIDE, '--from', 'red@hostA', '--to', '10.0.10.3']);
    expect(no.code).toBe(1);
    expect(no.stdout + no.stderr).toContain('no answer');
  }, 30_000);

  it('vsh pingall: the matrix says who reaches whom (each VLAN its own pair), and exit 1 for the drops', async () => {
    const r = await vsh(['pingall', lab.inventory, GUIDE], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    const rows = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes(' -> ')).map((l) => [l.split(/\s+/)[0], l.split(' -> ')[1]!.trim().split(/\s+/)]));
    expect(rows).toEqual({
      'red@hostA': ['X', 'blue@hostB', 'X'],
      'pink@hostA': ['X', 'X', 'green@hostB'],
      'blue@hostB': ['red@hostA', 'X', 'X'],
      'green@hostB': ['X', 'pink@hostA', 'X'],
    });
    expect(r.stdout).toContain('*** Results: 67% dropped (4/12 received)');
  }, 60_000);

  it('vsh exec: argv runs inside the namespace on its host, exit status its own', async () => {
    const r = await vsh(['exec', lab.inventory, GUIDE, 'blue@hostB', '--', 'ip', '-br', '-4', 'addr', 'show', 'dev', 'eth0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('10.0.10.2/24');
    expect((await vsh(['exec', lab.inventory, GUIDE, 'hostA', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
  }, 30_000);

  it('at the prompt: ping, exec and show live read the lab; an expect typed there is probed by the next apply', async () => {
    const lines = ['ping red@hostA blue@hostB', 'exec green@hostB -- ip -br -4 addr show dev eth0', 'show live bridges', 'expect reach pink@hostA 10.0.10.3', 'expect noreach pink@hostA 10.0.10.2', 'apply', 'exit', 'exit'];
    const r = await run([VSH, 'repl', lab.inventory, GUIDE], { input: lines.join('\n') + '\n', timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('red@hostA -> blue@hostB (10.0.10.2): reached');
    expect(r.stdout).toMatch(/eth0@\S+ +UP +10\.0\.10\.3\/24/);
    expect(r.stdout).toMatch(/^ {2}hostA +br-int +ovs +3 .*gre-vlans/m);
    expect(r.stdout).toMatch(/^ {2}hostB +br-phy +ovs +1 +10\.200\.0\.2\/24/m);
    expect(r.stdout).toContain('passed: expect reach pink@hostA 10.0.10.3 — reached 10.0.10.3');
    expect(r.stdout).toContain('passed: expect noreach pink@hostA 10.0.10.2 — no answer from 10.0.10.2');
  }, 120_000);
});
