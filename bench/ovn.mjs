// OVN at scale (root on Linux only): on a `vsh lab up --hosts N --ovn` for N in 8, 32, 64,
// through bin/vsh as a person runs it:
//   - initial topology: one logical switch with a VIF (veth into a namespace) on every chassis,
//     `vsh apply` until realized on every chassis (apply waits for --wait=hv);
//   - incremental: one more logical port, `vsh apply` (every host read over SSH, one NB
//     transaction, the wait) and `vsh apply --hosts hostA` (the central only), against the raw
//     `ovn-nbctl --wait=hv lsp-add …` from the controller to the lab's NB;
//   - no-op re-plan: SSH exec requests on hostA (VSH_TRACE=1): 1 = one NB read;
//   - vsh's own SSH apply of the equivalent GENEVE full mesh (an OVS bridge per host and a
//     `tunnel geneve` per pair): the fan-out OVN replaces;
//   - lab up time and memory per chassis (PSS of its daemons).
// Median of 3 for the incremental figures. Results in bench/results/ovn.json.
//   node bench/ovn.mjs [SIZES…]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results = { date: new Date().toISOString(), node: process.version, loadBefore: loadavg()[0], sizes: {} };
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function timed(argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 900_000, env: { ...process.env, NO_COLOR: '1', ...env } });
  const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.status !== 0) throw new Error(`${argv.slice(0, 5).join(' ')} … exited ${r.status}: ${(r.stderr ?? '').slice(-1500)}${(r.stdout ?? '').slice(-500)}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}
const vsh = (args, env) => timed(['bin/vsh', ...args], env);
const pssKb = (pid) => {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
const host = (i) => `host${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`;

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  results.skipped = 'needs root on Linux (sudo npm run bench)';
} else {
  const parent = mkdtempSync(join(tmpdir(), 'vsh-bench-ovn-'));
  try {
    for (const n of sizes.length ? sizes : [8, 32, 64]) {
      const dir = join(parent, `lab${n}`);
      const r = { hosts: n };
      try {
        r.labUpMs = vsh(['lab', 'up', '--hosts', String(n), '--ovn', '--dir', dir]).ms;
        const inv = readFileSync(join(dir, 'hosts.vnet'), 'utf8');
        const names = [...inv.matchAll(/^host (\S+) /gm)].map((m) => m[1]);
        const state = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'));
        // Memory per chassis: ovsdb-server + ovs-vswitchd + ovn-controller (PSS), mean over hosts; the central's extra daemons apart.
        const perHost = Object.entries(state.daemons ?? {}).map(([h, ds]) => ({ h, kb: Object.entries(ds).filter(([d]) => !/^ovn-(nb|sb|northd)$/.test(d)).reduce((s, [, ref]) => s + pssKb(ref.pid), 0), central: Object.entries(ds).filter(([d]) => /^ovn-(nb|sb|northd)$/.test(d)).reduce((s, [, ref]) => s + pssKb(ref.pid), 0) }));
        r.memoryPerChassisMB = +(perHost.reduce((s, x) => s + x.kb, 0) / Math.max(perHost.length, 1) / 1024).toFixed(1);
        r.centralExtraMB = +(perHost.reduce((s, x) => s + x.central, 0) / 1024).toFixed(1);
        const nbRemote = state.ovn?.nbRemote;

        // Initial topology: a switch with a VIF on every chassis.
        const lines = ['logical switch ls-bench subnet 10.99.0.0/16'];
        names.forEach((h, i) => lines.push(`namespace b${i} on ${h}`, `logical port bp${i} on ls-bench host ${h} address 0a:00:00:99:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} 10.99.${i >> 8}.${(i & 255) + 10} peer b${i}:eth1`));
        const script = join(dir, 'ovn-bench.vnet');
        writeFileSync(script, lines.join('\n') + '\n');
        r.initialApplyMs = vsh(['apply', join(dir, 'hosts.vnet'), script]).ms;

        // No-op re-plan: one round trip to the central.
        const plan = vsh(['plan', join(dir, 'hosts.vnet'), script], { VSH_TRACE: '1' });
        r.noopPlanMs = plan.ms;
        r.noopPlanRoundTripsOnCentral = [...plan.stderr.matchAll(/^vsh-trace hostA /gm)].length;

        // Incremental: one more port (no VIF), realized on every chassis.
        const more = join(dir, 'ovn-bench-more.vnet');
        const full = [];
        const central = [];
        const raw = [];
        const onWire = [];
        const txnWait = [];
        for (let k = 0; k < 3; k++) {
          writeFileSync(more, `${lines.join('\n')}\nlogical port extra${k} on ls-bench host ${names[1 % names.length]}\n`);
          full.push(vsh(['apply', '--project', 'ovn-bench', join(dir, 'hosts.vnet'), more]).ms);
          writeFileSync(more, `${lines.join('\n')}\n`);
          const c = vsh(['apply', '--project', 'ovn-bench', '--hosts', 'hostA', join(dir, 'hosts.vnet'), more], { VSH_TRACE: '1' });
          central.push(c.ms);
          // What vsh spent on the central itself (read, lock, transaction, wait, unlock), from its trace: process start and SSH setup aside.
          const trips = [...c.stderr.matchAll(/^vsh-trace hostA \d+ ([\d.]+) \S+ (.*)$/gm)];
          onWire.push(Math.round(trips.reduce((t, m) => t + Number(m[1]), 0)));
          txnWait.push(Math.round(trips.filter((m) => /^(ovn-nbctl --timeout|sh -c)/.test(m[2])).reduce((t, m) => t + Number(m[1]), 0)));
          raw.push(timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=30', '--wait=hv', 'lsp-add', 'ls-bench', `raw${k}`]).ms);
        }
        r.incremental = { vshApplyMs: median(full), vshApplyCentralOnlyMs: median(central), vshCommandsOnCentralMs: median(onWire), vshTransactionAndWaitMs: median(txnWait), rawNbctlWaitHvMs: median(raw) };
        r.incremental.ratioTransactionAndWait = +(r.incremental.vshTransactionAndWaitMs / r.incremental.rawNbctlWaitHvMs).toFixed(2);
        r.incremental.ratioFull = +(r.incremental.vshApplyMs / r.incremental.rawNbctlWaitHvMs).toFixed(2);
        r.incremental.ratioCentralOnly = +(r.incremental.vshApplyCentralOnlyMs / r.incremental.rawNbctlWaitHvMs).toFixed(2);
        for (let k = 0; k < 3; k++) timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=30', 'lsp-del', `raw${k}`]);
        vsh(['destroy', join(dir, 'hosts.vnet'), script]);

        // The SSH fan-out OVN replaces: vsh's own apply of a GENEVE full mesh between OVS bridges (OVN_BENCH_NO_MESH=1 skips it).
        if (process.env.OVN_BENCH_NO_MESH === '1') throw new Error('mesh skipped (OVN_BENCH_NO_MESH=1)');
        const mesh = [...names.map((h) => `bridge br-mesh on ${h}`)];
        for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) mesh.push(`tunnel geneve ${names[i]}<->${names[j]} on br-mesh name gm-${i}-${j} trunk ${((i * names.length + j) % 4094) + 1}`); // a VLAN per tunnel: a full mesh carrying every VLAN would be a layer-2 loop (VN122)
        const meshFile = join(dir, 'mesh.vnet');
        writeFileSync(meshFile, mesh.join('\n') + '\n');
        r.meshTunnels = (names.length * (names.length - 1)) / 2;
        r.sshMeshApplyMs = vsh(['apply', join(dir, 'hosts.vnet'), meshFile]).ms;
        r.meshOverOvnIncremental = +(r.sshMeshApplyMs / r.incremental.vshApplyCentralOnlyMs).toFixed(1);
        vsh(['destroy', join(dir, 'hosts.vnet'), meshFile]);
      } catch (err) {
        r.error = err.message;
      } finally {
        spawnSync('bin/vsh', ['lab', 'down', '--dir', dir], { timeout: 600_000 });
      }
      results.sizes[n] = r;
      console.log(`ovn ${n} chassis: ${JSON.stringify(r)}`);
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ovn.json', JSON.stringify(results, null, 2) + '\n');
