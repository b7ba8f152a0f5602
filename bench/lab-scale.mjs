// vsh lab at scale (root on Linux only): `lab up` and `lab down` wall time through bin/vsh
// at 8, 32 and 64 hosts, plain and with --ovn, and memory per host (proportional set size of
// each daemon, read from /proc/PID/smaps_rollup while the lab is up: shared libraries are
// split between the processes that map them, so the figures add up). One run per size: a
// 64-host lab takes about a minute on 2 busy cores. Figures in bench/results/lab-scale.json.
//   node bench/lab-scale.mjs [SIZES…]      (after npm run build; default 8 32 64)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results = { date: new Date().toISOString(), node: process.version, loadBefore: loadavg()[0], runs: [] };

/** PSS of a process in kB, or 0 when it is gone. */
function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bin/vsh', args, { encoding: 'utf8', timeout: 600_000 });
  return { ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e6), code: r.status, stderr: r.stderr ?? '' };
}

/** Memory of the lab's daemons, from the pids its record holds: per daemon name (MB, mean per host running it) and per host. */
function memoryOf(dir) {
  const state = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'));
  const perDaemon = {};
  const perHost = [];
  for (const [host, daemons] of Object.entries(state.daemons)) {
    let total = 0;
    for (const [name, ref] of Object.entries(daemons)) {
      const kb = pssKb(ref.pid);
      total += kb;
      (perDaemon[name] ??= []).push(kb);
    }
    perHost.push({ host, kb: total });
  }
  const mb = (kb) => +(kb / 1024).toFixed(1);
  const central = state.ovn ? perHost.find((h) => h.host === state.ovn.host) : undefined;
  const others = perHost.filter((h) => h !== central);
  return {
    perDaemonMB: Object.fromEntries(Object.entries(perDaemon).map(([n, l]) => [n, mb(l.reduce((a, b) => a + b, 0) / l.length)])),
    perHostMB: mb(others.reduce((a, h) => a + h.kb, 0) / Math.max(1, others.length)),
    ...(central ? { centralHostMB: mb(central.kb) } : {}),
    totalMB: mb(perHost.reduce((a, h) => a + h.kb, 0)),
  };
}

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  results.skipped = 'needs root on Linux (sudo node bench/lab-scale.mjs)';
} else {
  const parent = mkdtempSync(join(tmpdir(), 'vsh-bench-scale-'));
  try {
    outer: for (const n of sizes.length ? sizes : [8, 32, 64]) {
      for (const ovn of [false, true]) {
        const dir = join(parent, `lab${n}${ovn ? 'ovn' : ''}`);
        const up = timed(['lab', 'up', '--hosts', String(n), '--dir', dir, ...(ovn ? ['--ovn'] : [])]);
        const memory = up.code === 0 ? memoryOf(dir) : undefined;
        const down = timed(['lab', 'down', '--dir', dir]); // always, even after a failed up
        if (up.code !== 0 || down.code !== 0) {
          results.skipped = `vsh lab ${up.code !== 0 ? 'up' : 'down'} --hosts ${n}${ovn ? ' --ovn' : ''} failed: ${(up.code !== 0 ? up.stderr : down.stderr).trim()}`;
          break outer;
        }
        results.runs.push({ hosts: n, ovn, upMs: up.ms, downMs: down.ms, load: +loadavg()[0].toFixed(1), memory });
      }
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/lab-scale.json', JSON.stringify(results, null, 2) + '\n');
console.log('vsh lab at scale (wall time through bin/vsh, one run each; memory = PSS per host):');
if (results.skipped) console.log(`  skipped: ${results.skipped}`);
for (const r of results.runs) {
  const m = r.memory;
  console.log(
    `  ${String(r.hosts).padStart(2)} hosts${r.ovn ? ' --ovn' : '      '}: up ${String(r.upMs).padStart(6)} ms, down ${String(r.downMs).padStart(6)} ms, ` +
      `${m.perHostMB} MB/host${m.centralHostMB ? ` (central host ${m.centralHostMB} MB)` : ''}, total ${m.totalMB} MB  [load ${r.load}]`,
  );
}
