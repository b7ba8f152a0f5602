/**
 * The LAB.md scenario end to end: `vsh run DIR/hosts.vnet gre-vlan-namespaces.vnet` on a
 * fresh 2-host lab builds br-int on both hosts, a GRE tunnel trunking VLANs 10 and 20, and
 * namespaces on VLAN 10 (red on hostA, blue on hostB) and VLAN 20 (green, same subnet).
 * vsh's own `expect` lines must pass (exit 0); then the same facts are checked again
 * without vsh, over OpenSSH with `ip netns exec … ping`, and the OVS rows vsh made are read
 * back with ovs-vsctl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: GRE + VLAN + namespaces on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up('gre');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('vsh run applies it over SSH and every expect line passes', async () => {
    const r = await vsh(['run', lab.inventory, scenario('gre-vlan-namespaces.vnet')]);
    expect(r.stderr).not.toMatch(/FAILED|apply failed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('applied 16 steps');
    expect(r.stdout).toContain('passed: expect reach red@hostA 10.0.10.2');
    expect(r.stdout).toContain('passed: expect reach blue@hostB 10.0.10.1');
    expect(r.stdout).toContain('passed: expect noreach green@hostB 10.0.10.1');
    expect(r.stdout).toContain('passed: expect noreach red@hostA 10.0.10.3');
    expect(r.stdout).not.toContain('FAILED');
  }, 40_000);

  it('holds when checked by hand: ping across the tunnel on VLAN 10, nothing from VLAN 20', async () => {
    const ping = (host: string, ns: string, target: string) => lab.ssh(host, `ip netns exec ${ns} ping -c 2 -i 0.2 -W 1 ${target}`);
    const [redToBlue, blueToRed, greenToRed, redToGreen, greenToBlue] = await Promise.all([
      ping('hostA', 'red', '10.0.10.2'),
      ping('hostB', 'blue', '10.0.10.1'),
      ping('hostB', 'green', '10.0.10.1'),
      ping('hostA', 'red', '10.0.10.3'),
      ping('hostB', 'green', '10.0.10.2'), // same host, other VLAN: still apart
    ]);
    expect(redToBlue.code, redToBlue.stdout + redToBlue.stderr).toBe(0);
    expect(redToBlue.stdout).toMatch(/2 received/);
    expect(blueToRed.code).toBe(0);
    expect(greenToRed.code).toBe(1); // ping: 1 = no reply (2 would be an error)
    expect(greenToRed.stdout).toMatch(/0 received/);
    expect(redToGreen.code).toBe(1);
    expect(greenToBlue.code).toBe(1);
  }, 30_000);

  it('made exactly the OVS rows the script says, on the host it says', async () => {
    const read = (host: string) =>
      lab.sh(
        host,
        'ovs-vsctl list-ports br-int; echo ---; ' +
          'for p in $(ovs-vsctl list-ports br-int); do echo "$p $(ovs-vsctl get Port $p tag) $(ovs-vsctl get Port $p trunks) $(ovs-vsctl get Interface $p type) $(ovs-vsctl get Interface $p options)"; done; ' +
          'echo ---; ovs-vsctl get Bridge br-int datapath_type; ip netns list | cut -d" " -f1 | sort',
      );
    const [a, b] = await Promise.all([read('hostA'), read('hostB')]);
    expect(a).toContain('gre-hostB [] [10, 20] gre {remote_ip="10.200.0.2"}');
    expect(a).toContain('red-p 10 [] "" {}');
    expect(a).toMatch(/---\nnetdev\nred\n$/);
    expect(b).toContain('gre-hostA [] [10, 20] gre {remote_ip="10.200.0.1"}');
    expect(b).toContain('blue-p 10 [] "" {}');
    expect(b).toContain('green-p 20 [] "" {}');
    expect(b).toMatch(/---\nnetdev\nblue\ngreen\n$/);
    // The namespaces vsh made are hostA's and hostB's own, not the controller's.
    const root = await import('node:child_process').then((cp) => cp.execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }));
    expect(root).not.toMatch(/^(red|blue|green)\b/m);
  }, 20_000);
});
