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
//   - the initial topology by hand, the floor: one OpenSSH `ssh` per host at once for the VIFs,
//     then one `ovn-nbctl --wait=hv` for the switch and its ports;
//   - lab up time and memory per chassis (PSS of its daemons).
// Median of OVN_BENCH_REPS (5) for the incremental figures, each broken down (start-up,
// modules, front end, SSH connect, read and plan, apply, transaction and wait) from VSH_TRACE.
// Results in bench/results/ovn.json. Just this part of `npm run bench`, after `npm run build`:
//   node bench/ovn.mjs [SIZES…]        (OVN_BENCH_NO_MESH=1: no SSH mesh; OVN_BENCH_COMPARE=other/bin/vsh)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results = { date: new Date().toISOString(), node: process.version, loadBefore: loadavg()[0], sizes: {} };
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function timed(argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', ...env } });
  const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.status !== 0) throw new Error(`${argv.slice(0, 5).join(' ')} … exited ${r.status}${r.error ? ` (${r.error.message})` : ''}: ${(r.stderr ?? '').slice(-1500)}${(r.stdout ?? '').slice(-500)}`);
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
/** Repetitions of the incremental figures (OVN_BENCH_REPS). */
const REPS = Number(process.env.OVN_BENCH_REPS) || 5;

/**
 * Where the time of one `vsh apply` went, from its VSH_TRACE=1 lines: start (Node and the
 * CLI bundle, up to main), modules (the command's chunks), front end, SSH connect (to the
 * last host), read and plan, apply (lock, transaction and wait, unlock), close, exit; and the
 * central's transaction-and-wait exec alone (ovn-nbctl --wait=hv …, or a transaction then
 * a separate wait in builds before they were merged).
 */
function breakdown(stderr, wallMs) {
  const at = {};
  let connected = 0;
  for (const m of stderr.matchAll(/^vsh-trace phase (\S+)(?: \S+)? ([\d.]+)$/gm)) {
    if (m[1] === 'connected' || m[1] === 'read') connected = Math.max(connected, m[1] === 'connected' ? Number(m[2]) : 0);
    else at[m[1]] = Number(m[2]);
  }
  const trips = [...stderr.matchAll(/^vsh-trace hostA \d+ ([\d.]+) \S+ (.*)$/gm)];
  const txn = trips.filter((m) => /ovn-nbctl --timeout|vsh-ovn-apply|vsh-ovn-wait/.test(m[2]));
  const ms = (x) => Math.round(x);
  return {
    startMs: ms(at.main ?? 0), modulesMs: ms((at.loaded ?? 0) - (at.main ?? 0)), frontEndMs: ms((at['front-end'] ?? 0) - (at.loaded ?? 0)),
    connectMs: ms(connected ? connected - (at['front-end'] ?? 0) : 0), readAndPlanMs: ms((at.planned ?? 0) - (connected || at['front-end'] || 0)),
    applyMs: ms((at.applied ?? 0) - (at.planned ?? 0)), closeAndExitMs: ms(wallMs - (at.applied ?? 0)),
    execsOnCentral: trips.length, transactionAndWaitMs: ms(txn.reduce((t, m) => t + Number(m[1]), 0)),
  };
}
/** Run commands at once; resolves with the wall time when every one exited 0 (throws otherwise). */
async function parallel(argvs) {
  const t0 = process.hrtime.bigint();
  await Promise.all(argvs.map((argv) => new Promise((resolve, reject) => {
    const p = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.slice(0, 4).join(' ')} … exited ${code}: ${err.slice(-500)}`))));
  })));
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
}

/**
 * The floor of the initial topology by hand, in the same run: what a person with OpenSSH and
 * ovn-nbctl does for the same switch and VIFs: one `ssh` per host at once making the namespace,
 * veth and bound br-int port, then one `ovn-nbctl --wait=hv` transaction for the switch and all
 * its ports; taken down afterwards. Names r*, rv*, rp*, ls-raw (none of vsh's).
 */
async function rawInitial(dir, names, nbRemote) {
  const ssh = (h, script) => ['ssh', '-F', join(dir, 'ssh_config'), h, script];
  const mac = (i) => `0a:00:00:98:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  const vifsMs = await parallel(names.map((h, i) => ssh(h, [
    `ip netns add r${i}`, `ip link add rv${i} mtu 1400 type veth peer name eth1 netns r${i}`, `ip -n r${i} link set eth1 address ${mac(i)}`,
    `ip -n r${i} addr add 10.98.${i >> 8}.${(i & 255) + 10}/16 dev eth1`, `ip -n r${i} link set eth1 up`, `ip link set rv${i} up`,
    `ovs-vsctl add-port br-int rv${i} -- set Interface rv${i} external_ids:iface-id=rp${i}`,
  ].join(' && '))));
  const nb = ['ls-add', 'ls-raw', ...names.flatMap((_h, i) => ['--', 'lsp-add', 'ls-raw', `rp${i}`, '--', 'lsp-set-addresses', `rp${i}`, `${mac(i)} 10.98.${i >> 8}.${(i & 255) + 10}`])];
  const nbWaitMs = timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=120', '--wait=hv', ...nb]).ms;
  await parallel(names.map((h, i) => ssh(h, `ovs-vsctl --if-exists del-port br-int rv${i}; ip netns del r${i}`)));
  timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=60', '--wait=hv', 'ls-del', 'ls-raw']);
  return { vifsOverSshMs: vifsMs, nbctlWaitHvMs: nbWaitMs, totalMs: vifsMs + nbWaitMs };
}

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
        const initial = vsh(['apply', join(dir, 'hosts.vnet'), script], { VSH_TRACE: '1' });
        r.initialApplyMs = initial.ms;
        if (process.env.OVN_BENCH_TRACE_DIR) writeFileSync(join(process.env.OVN_BENCH_TRACE_DIR, `initial-${n}.trace`), initial.stderr);
        r.initialApply = breakdown(initial.stderr, initial.ms);

        // No-op re-plan: one round trip to the central.
        const plan = vsh(['plan', join(dir, 'hosts.vnet'), script], { VSH_TRACE: '1' });
        r.noopPlanMs = plan.ms;
        r.noopPlanRoundTripsOnCentral = [...plan.stderr.matchAll(/^vsh-trace hostA /gm)].length;

        // Incremental: one more port (no VIF), realized on every chassis, REPS times, interleaved in
        // each repetition: vsh apply (every host read), vsh apply --hosts hostA (the central only),
        // the raw ovn-nbctl --wait=hv, and (OVN_BENCH_COMPARE=path/to/another/bin/vsh) another
        // build of vsh doing the same, so that a before/after is measured in the same run.
        const more = join(dir, 'ovn-bench-more.vnet');
        const compare = process.env.OVN_BENCH_COMPARE;
        const extras = [];
        const applyMore = (bin, name, hosts) => {
          extras.push(`logical port ${name} on ls-bench host ${names[1 % names.length]}`);
          writeFileSync(more, `${lines.join('\n')}\n${extras.join('\n')}\n`);
          const r = timed([bin, 'apply', '--project', 'ovn-bench', ...(hosts ? ['--hosts', hosts] : []), join(dir, 'hosts.vnet'), more], { VSH_TRACE: '1' });
          return { ms: r.ms, ...breakdown(r.stderr, r.ms) };
        };
        const runs = { full: [], central: [], raw: [], compareFull: [], compareCentral: [] };
        for (let k = 0; k < REPS; k++) {
          runs.full.push(applyMore('bin/vsh', `extra${k}`));
          runs.central.push(applyMore('bin/vsh', `cextra${k}`, 'hostA'));
          runs.raw.push({ ms: timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=30', '--wait=hv', 'lsp-add', 'ls-bench', `raw${k}`]).ms });
          if (compare) {
            runs.compareFull.push(applyMore(compare, `dextra${k}`));
            runs.compareCentral.push(applyMore(compare, `dcextra${k}`, 'hostA'));
          }
        }
        const summary = (xs) => (xs.length ? Object.fromEntries(Object.keys(xs[0]).map((key) => [key, median(xs.map((x) => x[key]))])) : undefined);
        const raw = median(runs.raw.map((x) => x.ms));
        const ratios = (x) => x && { ...x, ratioFull: +(x.ms / raw).toFixed(2), ratioTransactionAndWait: +(x.transactionAndWaitMs / raw).toFixed(2) };
        r.incremental = { repetitions: REPS, rawNbctlWaitHvMs: raw, vshApply: ratios(summary(runs.full)), vshApplyCentralOnly: ratios(summary(runs.central)) };
        if (compare) r.incremental.compare = { vsh: compare, vshApply: ratios(summary(runs.compareFull)), vshApplyCentralOnly: ratios(summary(runs.compareCentral)) };
        r.incremental.ratioTransactionAndWait = r.incremental.vshApplyCentralOnly.ratioTransactionAndWait;
        r.incremental.ratioFull = r.incremental.vshApply.ratioFull;
        r.incremental.ratioCentralOnly = r.incremental.vshApplyCentralOnly.ratioFull;
        writeFileSync(more, `${lines.join('\n')}\n`);
        vsh(['apply', '--project', 'ovn-bench', join(dir, 'hosts.vnet'), more]);
        for (let k = 0; k < REPS; k++) timed(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=30', 'lsp-del', `raw${k}`]);
        vsh(['destroy', join(dir, 'hosts.vnet'), script]);
        // The same initial topology by hand (OpenSSH fan-out + one ovn-nbctl --wait=hv): the floor vsh's initial apply is measured against.
        r.initialByHand = await rawInitial(dir, names, nbRemote);
        r.initialOverByHand = +(r.initialApplyMs / r.initialByHand.totalMs).toFixed(2);

        // The SSH fan-out OVN replaces: vsh's own apply of a GENEVE full mesh between OVS bridges (OVN_BENCH_NO_MESH=1 skips it).
        if (process.env.OVN_BENCH_NO_MESH === '1') throw new Error('mesh skipped (OVN_BENCH_NO_MESH=1)');
        const mesh = [...names.map((h) => `bridge br-mesh on ${h}`)];
        for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) mesh.push(`tunnel geneve ${names[i]}<->${names[j]} on br-mesh name gm-${i}-${j} trunk ${((i * names.length + j) % 4094) + 1}`); // a VLAN per tunnel: a full mesh carrying every VLAN would be a layer-2 loop (VN122)
        const meshFile = join(dir, 'mesh.vnet');
        writeFileSync(meshFile, mesh.join('\n') + '\n');
        r.meshTunnels = (names.length * (names.length - 1)) / 2;
        r.sshMeshApplyMs = vsh(['apply', join(dir, 'hosts.vnet'), meshFile]).ms;
        r.meshOverOvnIncremental = +(r.sshMeshApplyMs / r.incremental.vshApplyCentralOnly.ms).toFixed(1);
        r.meshOverOvnIncrementalFull = +(r.sshMeshApplyMs / r.incremental.vshApply.ms).toFixed(1);
        r.meshOverOvnInitial = +(r.sshMeshApplyMs / r.initialApplyMs).toFixed(1);
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
