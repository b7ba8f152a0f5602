// DHCP leases across a tunnel (issue 13): a dnsmasq on hostA serving VLAN 10 of br-c, 20
// namespaces on hostB on VLAN 10 with `address dhcp`, a GENEVE tunnel trunking VLAN 10.
// Time to lease = the SSH exec request that runs one client's udhcpc, start to bound, as
// VSH_TRACE=1 reports it (one trace line per exec request). Also the whole apply's wall time,
// and that the re-plan is 0 changes with 20 leases read back. Root on Linux only; through
// bin/vsh as a person runs it. `node bench/dhcp.mjs` runs this section alone (after npm run
// build); run.mjs runs it last. Figures in bench/results/dhcp.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLIENTS = 20;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const results = { date: new Date().toISOString(), node: process.version, clients: CLIENTS };

const vsh = (args, env = {}) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bin/vsh', args, { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};
const must = (args, env) => {
  const r = vsh(args, env);
  if (r.code !== 0) throw new Error(`vsh ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-1500)}${r.stdout.slice(-1500)}`);
  return r;
};

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  results.skipped = 'needs root on Linux (sudo npm run bench)';
} else {
  const parent = mkdtempSync(join(tmpdir(), 'vsh-bench-dhcp-'));
  const lab = join(parent, 'lab');
  try {
    must(['lab', 'up', '--hosts', '2', '--dir', lab]);
    const lines = [
      'bridge br-c on hostA',
      'bridge br-c on hostB',
      'tunnel geneve hostA<->hostB on br-c trunk 10',
      'dhcp on br-c@hostA tag 10 address 10.50.0.1/24 range 10.50.0.100-10.50.0.200 lease 86400',
    ];
    for (let i = 1; i <= CLIENTS; i++) lines.push(`namespace c${i} on hostB`, `port c${i}-p on br-c@hostB type veth peer c${i}:eth0 tag 10 address dhcp`);
    const script = join(parent, 'dhcp-bench.vnet');
    writeFileSync(script, lines.join('\n') + '\n');
    const files = [join(lab, 'hosts.vnet'), script];
    const apply = must(['apply', ...files], { VSH_TRACE: '1' });
    const leases = [...apply.stderr.matchAll(/^vsh-trace hostB \d+ ([\d.]+) 0 sh -c .* udhcpc /gm)].map((m) => Number(m[1]));
    if (leases.length !== CLIENTS) throw new Error(`expected ${CLIENTS} udhcpc runs in the trace, found ${leases.length}`);
    const replan = JSON.parse(must(['plan', '--json', ...files]).stdout);
    results.applyMs = +apply.ms.toFixed(0);
    results.leaseMs = { median: +median(leases).toFixed(0), min: +Math.min(...leases).toFixed(0), max: +Math.max(...leases).toFixed(0), all: leases.map((x) => +x.toFixed(0)) };
    results.replanChanges = replan.changes;
    results.leasesReadBack = (replan.notes ?? []).length;
    must(['destroy', ...files]);
  } catch (err) {
    results.failed = String(err.message ?? err);
  } finally {
    vsh(['lab', 'down', '--dir', lab]);
    rmSync(parent, { recursive: true, force: true });
  }
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/dhcp.json', JSON.stringify(results, null, 2) + '\n');
console.log(`DHCP: ${CLIENTS} clients on hostB leasing from dnsmasq on hostA across GENEVE (VLAN 10):`);
if (results.skipped) console.log(`  skipped: ${results.skipped}`);
else if (results.failed) console.log(`  FAILED: ${results.failed}`);
else {
  console.log(`  time to lease (udhcpc start to bound, per client): median ${results.leaseMs.median} ms, min ${results.leaseMs.min}, max ${results.leaseMs.max}`);
  console.log(`  whole apply ${results.applyMs} ms; re-plan ${results.replanChanges} changes, ${results.leasesReadBack} leases read back`);
}
