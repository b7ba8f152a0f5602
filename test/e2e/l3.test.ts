/**
 * Layer 3 end to end (scenarios/routed.vnet): VLANs 10 and 20 on an OVS bridge, routed by
 * a router namespace (`forward on`) for clients with a default route through it; an outside
 * namespace with no route back, reached only through `nat masquerade` on router's uplink;
 * a host route. Each claim is shown both ways: with `forward off`, and without the nat
 * statement, the same pings fail. A route vsh did not make (another proto) survives apply
 * and destroy; destroy leaves no vsh route (proto 118) and no nftables table.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason() || (existsSync('/usr/sbin/nft') ? '' : 'nft is not installed (apt-get install nftables)');
const HAND_ROUTE = '10.66.0.0/16 via 10.200.0.2 dev br-phy proto static';

describe.skipIf(skipping('e2e', skip))(`e2e: routes, forwarding and NAT on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let variants: string;
  const base = readFileSync(scenario('routed.vnet'), 'utf8');
  /** The scenario with some lines rewritten, under the same file name (so the same project). */
  const variant = (edit: (text: string) => string) => {
    const dir = mkdtempSync(join(variants, 'v-'));
    writeFileSync(join(dir, 'routed.vnet'), edit(base));
    return join(dir, 'routed.vnet');
  };
  const runScript = (file: string) => vsh(['run', lab.inventory, file], { timeoutMs: 60_000 });

  beforeAll(async () => {
    variants = mkdtempSync(join(tmpdir(), 'vsh-e2e-l3-'));
    lab = await Lab.up('l3');
    await lab.sh('hostA', `ip route add ${HAND_ROUTE}`);
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(variants, { recursive: true, force: true });
  }, 60_000);

  it('routes across VLANs through the router, out through NAT, and from the host; re-plan shows 0 changes', async () => {
    const r = await runScript(scenario('routed.vnet'));
    expect(r.stderr).not.toMatch(/apply failed/);
    expect(r.stdout).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('passed: expect reach c10@hostA 10.0.20.2 — reached 10.0.20.2');
    expect(r.stdout).toContain('passed: expect reach c10@hostA 10.99.0.2 — reached 10.99.0.2');
    expect(r.stdout).toContain('passed: expect reach hostA 10.0.20.2 — reached 10.0.20.2');
    expect(r.stdout).toContain('passed: expect noreach outside@hostA 10.0.10.2 — passes only because outside has no route to 10.0.10.2: this proves nothing about isolation');

    const plan = await vsh(['plan', '--json', lab.inventory, scenario('routed.vnet')]);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0, steps: [] });

    // By hand: the routes carry vsh's proto, the table is in router, forwarding is on there.
    const seen = await lab.sh(
      'hostA',
      'ip -n c10 route show proto 118; ip route show proto 118; ip netns exec router sysctl -n net.ipv4.ip_forward; ip netns exec router nft list table ip vsh_routed',
    );
    expect(seen).toContain('default via 10.0.10.1 dev eth0');
    expect(seen).toContain('10.0.0.0/16 via 10.99.0.1 dev mgmt99');
    expect(seen).toMatch(/^1$/m);
    expect(seen).toContain('oifname "up" ip saddr 10.0.0.0/16 masquerade');
    // A route made by hand in a namespace vsh owns (another proto): later applies leave it.
    await lab.sh('hostA', 'ip -n c10 route add 10.77.0.0/16 via 10.0.10.1 proto static');
  }, 90_000);

  it('forward off in the router: the same pings across VLANs get no answer', async () => {
    const r = await runScript(variant((t) => t.replace('namespace router forward on', 'namespace router forward off')));
    expect(r.stdout).toContain('applied 1 step');
    expect(r.stdout).toContain('FAILED: expect reach c10@hostA 10.0.20.2 — no answer from 10.0.20.2 within 8 s');
    expect(r.stdout).toContain('FAILED: expect reach c10@hostA 10.99.0.2');
    expect(r.code).not.toBe(0);
    expect((await lab.sh('hostA', 'ip netns exec router sysctl -n net.ipv4.ip_forward')).trim()).toBe('0');
  }, 90_000);

  it('without the nat statement the client does not reach outside (no route back); its table is removed', async () => {
    const r = await runScript(variant((t) => t.replace(/^nat masquerade .*$/m, '')));
    expect(r.stdout).toContain('applied 2 steps'); // forwarding back on, the table gone
    expect(r.stdout).toContain('passed: expect reach c10@hostA 10.0.20.2');
    expect(r.stdout).toContain('FAILED: expect reach c10@hostA 10.99.0.2 — no answer from 10.99.0.2 within 8 s');
    expect(r.code).not.toBe(0);
    expect(await lab.sh('hostA', 'ip netns exec router nft list tables')).toBe('');
  }, 90_000);

  it('a route vsh did not make survives apply and destroy; destroy leaves no vsh route and no nft table', async () => {
    const r = await runScript(scenario('routed.vnet'));
    expect(r.code).toBe(0);
    expect(await lab.sh('hostA', 'ip -n c10 route show proto static')).toBe('10.77.0.0/16 via 10.0.10.1 dev eth0 \n');
    const plan = await vsh(['plan', '--json', lab.inventory, scenario('routed.vnet')]);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0 });

    const d = await vsh(['destroy', lab.inventory, scenario('routed.vnet')]);
    expect(d.stderr).not.toMatch(/apply failed/);
    expect(d.code).toBe(0);
    const after = await lab.sh('hostA', 'ip route show proto 118; echo ---; ip route; echo ---; ip netns list; echo ---; nft list tables');
    expect(after.startsWith('---\n')).toBe(true); // no proto 118 route on the host
    expect(after).toContain(HAND_ROUTE);
    expect(after).toMatch(/---\n---\n$/); // no namespace left, no nftables table
    const again = await vsh(['plan', '--json', '--destroy', lab.inventory, scenario('routed.vnet')]);
    expect(JSON.parse(again.stdout).changes).toBe(0);
  }, 90_000);

  // The NAT step comes after the routes in the l3 phase, so the failing route stops the apply before it: the table is untouched.
  it('a failed apply rolls layer 3 back: forwarding back on, the new route gone, the NAT table untouched', async () => {
    expect((await runScript(scenario('routed.vnet'))).code).toBe(0);
    const broken = variant((t) =>
      t
        .replace('namespace router forward on', 'namespace router forward off')
        .replace(/^nat masquerade .*$/m, '')
        .replace(/^route 10\.0\.0\.0\/16 via 10\.99\.0\.1$/m, '$&\nroute 10.88.0.0/16 via 10.0.10.1 in c10 dev nosuch0'),
    );
    const r = await vsh(['apply', lab.inventory, broken], { timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('Cannot find device "nosuch0"');
    expect(r.stderr + r.stdout).toMatch(/rolled back \d+ steps?: .*forwarding in namespace router@hostA/);
    const seen = await lab.sh('hostA', 'ip netns exec router sysctl -n net.ipv4.ip_forward; ip netns exec router nft list table ip vsh_routed; ip -n c10 route show proto 118');
    expect(seen).toMatch(/^1$/m);
    expect(seen).toContain('oifname "up" ip saddr 10.0.0.0/16 masquerade');
    expect(seen).not.toContain('10.88.0.0/16');
    const plan = await vsh(['plan', '--json', lab.inventory, scenario('routed.vnet')]);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0 });
    expect((await vsh(['destroy', lab.inventory, scenario('routed.vnet')])).code).toBe(0);
  }, 90_000);
});
