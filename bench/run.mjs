// `npm run bench`: front-end throughput (parse + check) on generated scripts of 1k, 10k
// and 100k statements, cold start of `bin/vsh check` against `node -e 0`, peak RSS of
// checking the 100k script (/usr/bin/time -v), the VN122 loop rule alone on 10k tunnels,
// and the slowest front-end answer to a broken example (the bounds unit tests used to
// assert). Figures go to bench/results/front-end.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frontEnd } from '../dist/front-end.mjs';
import { l2Loops } from '../dist/l2-loops.mjs';
import { fullMeshLines, generateScript, trunkedChainLines } from './generate.mjs';

const dir = mkdtempSync(join(tmpdir(), 'vsh-bench-'));
const results = { date: new Date().toISOString(), node: process.version, frontEnd: {}, coldStart: {}, memory: {} };

function timeIt(fn, runs) {
  const times = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], value };
}

for (const n of [1_000, 10_000, 100_000]) {
  const text = generateScript(n);
  writeFileSync(join(dir, `s${n}.vnet`), text);
  frontEnd([{ file: 'warm.vnet', text: generateScript(200) }]); // JIT warm-up
  const { ms, value } = timeIt(() => frontEnd([{ file: `s${n}.vnet`, text }]), n >= 100_000 ? 3 : 5);
  const errors = value.diagnostics.filter((d) => d.severity === 'error').length;
  results.frontEnd[n] = { ms: +ms.toFixed(1), statementsPerSecond: Math.round((n / ms) * 1000), diagnostics: value.diagnostics.length, errors };
}
results.frontEnd.growth100kOver10k = +(results.frontEnd[100_000].ms / results.frontEnd[10_000].ms).toFixed(2);

// Cold start: median of 15 runs each, interleaved so machine noise hits both alike.
const small = join(dir, 'small.vnet');
writeFileSync(small, generateScript(20));
const wall = (cmd, args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0 && cmd !== 'node') throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const nodeTimes = [];
const vshTimes = [];
for (let i = 0; i < 15; i++) {
  nodeTimes.push(wall('node', ['-e', '0']));
  vshTimes.push(wall('bin/vsh', ['check', small]));
}
const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
results.coldStart = { nodeMs: +median(nodeTimes).toFixed(1), vshCheckMs: +median(vshTimes).toFixed(1) };
results.coldStart.ratio = +(results.coldStart.vshCheckMs / results.coldStart.nodeMs).toFixed(2);

if (existsSync('/usr/bin/time')) {
  const r = spawnSync('/usr/bin/time', ['-v', 'bin/vsh', 'check', join(dir, 's100000.vnet')], { encoding: 'utf8' });
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  results.memory = { check100kPeakRssMB: +(kb / 1024).toFixed(1), limitMB: 400 };
} else {
  results.memory = { skipped: '/usr/bin/time not installed (Debian package "time")' };
}

// REPL start: spawn `bin/vsh` (the shell) on pipes and time until its prompt is written,
// then leave with `exit`. Median of 10 (no history file, so nothing on disk is read).
{
  const { spawn } = await import('node:child_process');
  const toPrompt = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const child = spawn('bin/vsh', [], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, VSH_HISTORY: '' } });
      let out = '';
      let ms;
      child.stdout.on('data', (d) => {
        out += d;
        if (ms === undefined && out.includes('vsh> ')) {
          ms = Number(process.hrtime.bigint() - t0) / 1e6;
          child.stdin.end('exit\n');
        }
      });
      child.on('error', reject);
      child.on('exit', () => (ms === undefined ? reject(new Error(`vsh exited before its prompt: ${out}`)) : resolve(ms)));
    });
  const times = [];
  for (let i = 0; i < 10; i++) times.push(await toPrompt());
  results.repl = { startToPromptMs: +median(times).toFixed(1), targetMs: 300 };
}

// VN122 on 10k tunnels: the rule alone on a parsed script (median of 3); targets as the unit test had them.
{
  const loops = (lines) => {
    const front = frontEnd([{ file: 'loops.vnet', text: lines.join('\n') }]);
    return timeIt(() => l2Loops.check({ statements: front.statements, model: front.model }), 3).ms;
  };
  results.l2Loops = { trunkedChain10kMs: +loops(trunkedChainLines()).toFixed(1), chainTargetMs: 500, fullMesh9870Ms: +loops(fullMeshLines()).toFixed(1), meshTargetMs: 1000 };
}

// Broken input: every example with one word deleted at 25 places, and cut at 25 places;
// the slowest single answer (the property test's inputs are of this kind).
{
  let slowest = { ms: 0, input: '' };
  let inputs = 0;
  for (const file of readdirSync('examples').filter((f) => f.endsWith('.vnet'))) {
    const words = readFileSync(join('examples', file), 'utf8').split(/(\s+)/);
    for (let k = 0; k < 25; k++) {
      const at = Math.floor((k * words.length) / 25);
      for (const [how, text] of [['delete', [...words.slice(0, at), ...words.slice(at + 1)].join('')], ['cut', words.slice(0, at).join('')]]) {
        const { ms } = timeIt(() => frontEnd([{ file: 'fuzz.vnet', text }]), 1);
        inputs++;
        if (ms > slowest.ms) slowest = { ms, input: `${file} ${how} at word ${at}` };
      }
    }
  }
  results.brokenInput = { inputs, slowestMs: +slowest.ms.toFixed(1), slowestInput: slowest.input, targetMs: 200 };
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/front-end.json', JSON.stringify(results, null, 2) + '\n');
console.log('front end (parse + resolve + check):');
for (const n of [1_000, 10_000, 100_000]) {
  const r = results.frontEnd[n];
  console.log(`  ${String(n).padStart(7)} statements: ${String(r.ms).padStart(8)} ms  ${String(r.statementsPerSecond).padStart(9)} stmt/s  (${r.errors} errors, ${r.diagnostics} diagnostics)`);
}
console.log(`  growth 100k/10k: ${results.frontEnd.growth100kOver10k}x (target < 12)`);
console.log(`cold start: vsh check ${results.coldStart.vshCheckMs} ms vs node -e 0 ${results.coldStart.nodeMs} ms = ${results.coldStart.ratio}x (target < 3)`);
console.log(`peak RSS, check of 100k statements: ${results.memory.check100kPeakRssMB ?? '-'} MB (limit 400)`);
console.log(`REPL start to first prompt: ${results.repl.startToPromptMs} ms (target < 300)`);
console.log(`VN122 alone: 10k trunked chain ${results.l2Loops.trunkedChain10kMs} ms (target < 500), 9870-tunnel mesh ${results.l2Loops.fullMesh9870Ms} ms (target < 1000)`);
console.log(`broken input: slowest of ${results.brokenInput.inputs} answers ${results.brokenInput.slowestMs} ms (${results.brokenInput.slowestInput}; target < 200)`);
execFileSync('rm', ['-rf', dir]);

// --- vsh lab: `lab up` + `lab down` wall time for 2, 8 and 16 hosts (root on Linux only),
// through the built CLI as a person runs it. Median of a few runs; figures in bench/results/lab.json.
{
  const labResults = { date: new Date().toISOString(), node: process.version, hosts: {} };
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    labResults.skipped = 'needs root on Linux (sudo npm run bench)';
  } else {
    const labParent = mkdtempSync(join(tmpdir(), 'vsh-bench-lab-'));
    const timed = (args) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('bin/vsh', args, { encoding: 'utf8', timeout: 300_000 });
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: r.status, stderr: r.stderr ?? '' };
    };
    try {
      outer: for (const [n, runs] of [[2, 5], [8, 3], [16, 3]]) {
        const ups = [];
        const downs = [];
        for (let i = 0; i < runs; i++) {
          const labDir = join(labParent, `lab${n}-${i}`);
          const up = timed(['lab', 'up', '--hosts', String(n), '--dir', labDir]);
          const down = timed(['lab', 'down', '--dir', labDir]); // always, even after a failed up
          if (up.code !== 0 || down.code !== 0) {
            labResults.skipped = `vsh lab ${up.code !== 0 ? 'up' : 'down'} --hosts ${n} failed: ${(up.code !== 0 ? up.stderr : down.stderr).trim()}`;
            break outer;
          }
          ups.push(up.ms);
          downs.push(down.ms);
        }
        labResults.hosts[n] = { upMs: +median(ups).toFixed(0), downMs: +median(downs).toFixed(0), runs };
      }
    } finally {
      execFileSync('rm', ['-rf', labParent]);
    }
  }
  writeFileSync('bench/results/lab.json', JSON.stringify(labResults, null, 2) + '\n');
  console.log('vsh lab (wall time through bin/vsh, median):');
  if (labResults.skipped) console.log(`  skipped: ${labResults.skipped}`);
  for (const [n, r] of Object.entries(labResults.hosts)) {
    console.log(`  ${String(n).padStart(2)} hosts: lab up ${String(r.upMs).padStart(5)} ms, lab down ${String(r.downMs).padStart(5)} ms  (${r.runs} runs)`);
  }
}

// --- vsh lab at scale: 8, 32 and 64 hosts, plain and --ovn, with memory per host (bench/lab-scale.mjs).
spawnSync('node', ['bench/lab-scale.mjs'], { stdio: 'inherit', timeout: 1_800_000 });

// --- OVN: logical topology applied through the central at 8, 32, 64 chassis against raw ovn-nbctl --wait=hv and vsh's SSH mesh (bench/ovn.mjs).
spawnSync('node', ['bench/ovn.mjs'], { stdio: 'inherit', timeout: 3_600_000 });

// --- vsh apply over SSH on a real lab (root on Linux only), through bin/vsh as a person runs
// it, against the two ways a person would do it without vsh:
//   (a) a tutorial followed command by command: one `ssh` per command (OpenSSH with the lab's
//       key and known_hosts), the commands being the argv of `vsh plan --json`, each host's in
//       order, hosts in parallel. Measured on 1 of the 20 bridges (all its commands, ~5% of the
//       total) and scaled by the command count: an ssh costs the same whatever the command and
//       later commands only get slower, so the scaled figure is a lower bound for (a).
//   (b) one hand-written batched script per host over ONE `ssh` (`sh -s` on stdin): runs of
//       iproute2 lines as `ip -batch -` here-documents, runs of ovs-vsctl as one transaction.
// Topology: 2 hosts × 20 OVS bridges × 25 tap ports (VLAN access ports) + a VXLAN tunnel per
// bridge. Also: a no-change re-apply, counting SSH exec requests (round trips) per host with
// VSH_TRACE=1 — the SSH executor then writes one stderr line per exec request, and nothing
// else changes —; `vsh destroy` of it all; and a per-host topology (light: 6 steps; heavy: 58
// steps) applied to 2 and to 16 lab hosts, with the machine's busy CPU time per run.
// Every measured run starts from the lab's own state: a fresh lab, or `vsh destroy` checked
// by `vsh plan --destroy` showing nothing left.
// (Lab hosts have a /root of their own: the controller's ~/.bashrc, which Debian's bash reads
// for every command sshd runs, cost ~130 ms of CPU per exec request before.)
// Figures in bench/results/apply.json.
{
  const { spawn } = await import('node:child_process');
  const { readFileSync, rmSync } = await import('node:fs');
  const applyResults = { date: new Date().toISOString(), node: process.version };
  const t0All = Date.now();
  const run = (argv, { input, env, timeoutMs = 300_000 } = {}) =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
      });
      child.stdin.end(input ?? '');
    });
  const must = async (argv, opts) => {
    const r = await run(argv, opts);
    if (r.code !== 0) throw new Error(`${argv.slice(0, 4).join(' ')}… exited ${r.code}: ${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
    return r;
  };
  const vsh = (args, opts) => must(['bin/vsh', ...args], opts);
  // The one quoting rule (src/exec/command.ts shellQuote), so that (a) sends what vsh would.
  const quote = (a) => (a !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const line = (argv) => argv.map(quote).join(' ');

  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    applyResults.skipped = 'needs root on Linux (sudo npm run bench)';
  } else {
    const parent = mkdtempSync(join(tmpdir(), 'vsh-bench-apply-'));
    const labs = [];
    const labUp = async (n) => {
      const dir = join(parent, `lab${n}`);
      labs.push(dir);
      await vsh(['lab', 'up', '--hosts', String(n), '--dir', dir], { timeoutMs: 120_000 });
      const names = [...readFileSync(join(dir, 'hosts.vnet'), 'utf8').matchAll(/^host (\S+) /gm)].map((m) => m[1]);
      return { dir, inventory: join(dir, 'hosts.vnet'), hosts: names, ssh: (host, command, input) => must(['ssh', '-F', join(dir, 'ssh_config'), '-o', 'BatchMode=yes', host, command], { input }) };
    };
    const pad = (n) => String(n).padStart(2, '0');
    const big = (bridges) => {
      const out = ['# generated by bench/run.mjs: 2 hosts × bridges × 25 tap ports, a VXLAN tunnel per bridge'];
      for (let b = 1; b <= bridges; b++) {
        for (const h of ['hostA', 'hostB']) {
          out.push(`bridge br-b${pad(b)} on ${h}`);
          for (let p = 1; p <= 25; p++) out.push(`port t${pad(b)}-${pad(p)} type tap tag ${10 + (p % 4)}`);
        }
        out.push(`tunnel vxlan br-b${pad(b)}@hostA<->br-b${pad(b)}@hostB vni ${5000 + b} name vx-b${pad(b)}`);
      }
      return out.join('\n') + '\n';
    };
    /** The same small topology on every host: `heavy` 2 bridges, 16 tap ports, 2 namespaces with veths; `light` a bridge, a tap and an internal port. */
    const perHost = (hosts, kind) =>
      hosts
        .flatMap((h) =>
          kind === 'light'
            ? [`bridge br-l on ${h}`, 'port l0 type tap tag 10', 'port l1 type internal tag 20']
            : [
                `bridge br-p1 on ${h}`,
                ...Array.from({ length: 8 }, (_, i) => `port pa${i} type tap tag ${10 + (i % 2)}`),
                'namespace nsa',
                'port nsa-p type veth peer nsa:eth0 address 10.60.0.1/24 tag 10',
                `bridge br-p2 on ${h}`,
                ...Array.from({ length: 8 }, (_, i) => `port pb${i} type tap tag 20`),
                'namespace nsb',
                'port nsb-p type veth peer nsb:eth0 address 10.60.1.1/24 tag 20',
              ],
        )
        .join('\n') + '\n';
    /** Busy CPU time of the whole machine (all cores), in seconds, from /proc/stat. */
    const busyCpu = () => {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return (f[0] + f[1] + f[2] + f[5] + f[6]) / 100;
    };
    const write = (name, text) => {
      const f = join(parent, name);
      writeFileSync(f, text);
      return f;
    };
    const plan = async (files, extra = []) => JSON.parse((await vsh(['plan', '--json', ...extra, ...files])).stdout);
    /** `vsh destroy`, then check that nothing of the script is left (each run starts from the lab's state). */
    const destroy = async (files) => {
      const r = await vsh(['destroy', ...files]);
      const left = (await plan(files, ['--destroy'])).changes;
      if (left !== 0) throw new Error(`after vsh destroy, ${left} objects of the script are still there`);
      return r.ms;
    };
    /** Plan's commands per host, in order. */
    const commandsByHost = (p) => {
      const by = new Map();
      for (const s of p.steps) for (const argv of s.argv) by.set(s.host, [...(by.get(s.host) ?? []), argv]);
      return by;
    };
    /** (b): what a person would write by hand from the same commands: runs of iproute2 lines as `ip -batch -`, runs of ovs-vsctl as one transaction. */
    const handScript = (cmds) => {
      const out = ['set -e'];
      let ip = [];
      let ovs = [];
      const flush = () => {
        if (ip.length) out.push(`ip -batch - <<'VSH_EOF'\n${ip.join('\n')}\nVSH_EOF`);
        if (ovs.length) out.push(`ovs-vsctl ${ovs.map((a) => a.map(quote).join(' ')).join(' -- ')}`);
        ip = [];
        ovs = [];
      };
      for (const argv of cmds) {
        if (argv[0] === 'ovs-vsctl') {
          if (ip.length) flush();
          ovs.push(argv.slice(1));
        } else if (argv[0] === 'ip' && !argv[1].startsWith('-')) {
          if (ovs.length) flush();
          ip.push(argv.slice(1).join(' '));
        } else {
          flush();
          out.push(line(argv));
        }
      }
      flush();
      return out.join('\n') + '\n';
    };
    const execRequests = (stderr) => {
      const by = {};
      for (const m of stderr.matchAll(/^vsh-trace (\S+) /gm)) by[m[1]] = (by[m[1]] ?? 0) + 1;
      return by;
    };

    // A host whose ovs-vswitchd held hundreds of ports takes longer to exit than `lab down`
    // waits (the kernel unregisters its devices one at a time); `lab down` says to run it again.
    const labDown = async (l) => {
      for (let i = 0; ; i++) {
        const r = await run(['bin/vsh', 'lab', 'down', '--dir', l.dir], { timeoutMs: 120_000 });
        if (r.code === 0) return;
        if (i === 10) throw new Error(`vsh lab down --dir ${l.dir}: ${r.stderr}`);
        await new Promise((res) => setTimeout(res, 1000));
      }
    };
    /** A fresh lab (each measured run starts from exactly the lab's own state). */
    const freshLab = async (n, mode, old) => {
      if (old) await labDown(old);
      return labUp(n);
    };
    const timed = async (fn) => {
      const t = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };

    let stage = 'start';
    try {
      for (const mode of ['as-is']) {
        const m = {};
        stage = `${mode}: vsh apply`;
        let lab = await freshLab(2, mode);
        const bigFile = write('big.vnet', big(20));
        const full = () => [lab.inventory, bigFile];
        const fullPlan = await plan(full());
        const perHostCmds = commandsByHost(fullPlan);
        applyResults.topology ??= { hosts: 2, bridges: 20, portsPerBridge: 25, tunnels: 20, steps: fullPlan.changes, commandsPerHost: Object.fromEntries([...perHostCmds].map(([h, c]) => [h, c.length])) };

        // vsh, run 1; the no-change re-apply; destroy (as-is mode only: it is the kernel's
        // tap unregistering, ~30 ms per device, not SSH, so once is enough).
        const r1 = await vsh(['apply', ...full()], { env: { VSH_TRACE: '1' } });
        const again = await vsh(['apply', ...full()], { env: { VSH_TRACE: '1' } });
        if (!again.stdout.includes('No changes')) throw new Error(`re-apply changed something: ${again.stdout}`);
        m.noChangeReapply = { ms: +again.ms.toFixed(0), execRequestsPerHost: execRequests(again.stderr), targetPerHost: 1 };
        if (mode === 'as-is') m.vshDestroyMs = +(await destroy(full())).toFixed(0);

        // A failed apply of the whole topology, rolled back: hostB's last step fails (a Linux
        // bridge made out of band cannot be enslaved to another), after both hosts applied
        // everything else, so every step on both hosts is undone.
        stage = `${mode}: failed apply, rolled back`;
        await lab.ssh('hostB', 'ip link add oob type bridge');
        const failing = [lab.inventory, write('big-failing.vnet', big(20) + 'bridge lbr0 on hostB kind linux\nport oob on lbr0\n')];
        const failed = await run(['bin/vsh', 'apply', ...failing], { env: { VSH_TRACE: '1' } });
        const rolled = /^rolled back (\d+) steps/m.exec(failed.stderr)?.[1];
        if (failed.code !== 1 || !rolled || /could not undo/.test(failed.stderr)) throw new Error(`the failing apply did not roll back cleanly: ${failed.stderr.split('\n').filter((l) => !l.startsWith('vsh-trace')).join('\n').slice(-2000)}`);
        const leftOver = (await plan(failing, ['--destroy'])).changes;
        if (leftOver !== 0) throw new Error(`after the rollback, ${leftOver} objects of the script are still there`);
        await lab.ssh('hostB', 'ip link del oob');
        m.failedApplyRolledBack = { ms: +failed.ms.toFixed(0), stepsRolledBack: Number(rolled), execRequestsPerHost: execRequests(failed.stderr) };

        // (b) one hand-written batched script per host over one ssh each, hosts in parallel.
        stage = `${mode}: (b) batched script`;
        lab = await freshLab(2, mode, lab);
        const scripts = [...perHostCmds].map(([h, cmds]) => [h, handScript(cmds)]);
        const bMs = await timed(() => Promise.all(scripts.map(([h, text]) => lab.ssh(h, 'sh -s', text))));
        const bLeft = (await plan(full())).changes; // 0: the script made exactly what vsh makes

        // vsh, run 2 (the better of the two counts).
        stage = `${mode}: vsh apply, run 2`;
        lab = await freshLab(2, mode, lab);
        const r2 = await vsh(['apply', ...full()], { env: { VSH_TRACE: '1' } });
        const vshMs = Math.min(r1.ms, r2.ms);

        // (a) one ssh per command, on 1 of the 20 bridges, scaled by the command count.
        stage = `${mode}: (a) ssh per command`;
        lab = await freshLab(2, mode, lab);
        const sample = [lab.inventory, write('sample.vnet', big(1))];
        const sampleCmds = commandsByHost(await plan(sample));
        const aSampleMs = await timed(() =>
          Promise.all(
            [...sampleCmds].map(async ([h, cmds]) => {
              for (const argv of cmds) await lab.ssh(h, line(argv));
            }),
          ),
        );
        const aLeft = (await plan(sample)).changes;
        const sampleCount = Math.max(...[...sampleCmds.values()].map((c) => c.length));
        const fullCount = Math.max(...[...perHostCmds.values()].map((c) => c.length));
        const aMs = (aSampleMs * fullCount) / sampleCount;

        m.big = {
          vsh: { ms: +vshMs.toFixed(0), runsMs: [r1.ms, r2.ms].map((x) => +x.toFixed(0)), execRequestsPerHost: execRequests(r1.stderr) },
          batchedScript: { ms: +bMs.toFixed(0), leftToDoAfter: bLeft },
          sshPerCommand: { perCommandMs: +(aSampleMs / sampleCount).toFixed(1), sampleMs: +aSampleMs.toFixed(0), sampleCommandsPerHost: sampleCount, fullCommandsPerHost: fullCount, scaledMs: +aMs.toFixed(0), leftToDoAfter: aLeft },
          fasterThanSshPerCommand: +(aMs / vshMs).toFixed(1),
          vshOverBatchedScript: +(vshMs / bMs).toFixed(2),
        };

        // 2 vs 16 hosts: the same per-host topology on every host; the better of 2 runs each, destroyed in between.
        stage = `${mode}: 2 vs 16 hosts`;
        lab = await freshLab(2, mode, lab);
        const lab16 = await freshLab(16, mode);
        const scale = {};
        for (const kind of ['light', 'heavy']) {
          scale[kind] = {};
          for (const [n, l] of [[2, lab], [16, lab16]]) {
            const files = [l.inventory, write(`per-host-${kind}-${n}.vnet`, perHost(l.hosts, kind))];
            const steps = (await plan(files)).changes;
            const runs = [];
            for (let i = 0; i < 2; i++) {
              const c0 = busyCpu();
              const r = await vsh(['apply', ...files]);
              runs.push({ ms: r.ms, cpu: busyCpu() - c0 });
              await destroy(files);
            }
            const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
            scale[kind][n] = { ms: +best.ms.toFixed(0), runsMs: runs.map((x) => +x.ms.toFixed(0)), busyCpuSeconds: +best.cpu.toFixed(2), stepsPerHost: steps / n };
          }
          scale[kind].ratio16over2 = +(scale[kind][16].ms / scale[kind][2].ms).toFixed(2);
        }
        m.hostsScaling = scale;
        await labDown(lab16);
        await labDown(lab);
        applyResults[mode] = m;
      }
      applyResults.cores = (await import('node:os')).cpus().length;
      applyResults.targets = { fasterThanSshPerCommand: 20, vshOverBatchedScript: 1.5, noChangeExecRequestsPerHost: 1, ratio16over2: 2 };
    } catch (err) {
      applyResults.failed = `${stage}: ${String(err.message ?? err)}`;
    } finally {
      for (const d of labs) for (let i = 0; i < 10 && spawnSync('bin/vsh', ['lab', 'down', '--dir', d], { timeout: 120_000 }).status !== 0; i++) spawnSync('sleep', ['1']);
      rmSync(parent, { recursive: true, force: true });
    }
  }
  applyResults.benchSeconds = +((Date.now() - t0All) / 1000).toFixed(0);

mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/apply.json', JSON.stringify(applyResults, null, 2) + '\n');
  console.log('vsh apply over SSH on vsh lab (wall time through bin/vsh):');
  if (applyResults.skipped) console.log(`  skipped: ${applyResults.skipped}`);
  if (applyResults.failed) console.log(`  FAILED: ${applyResults.failed}`);
  const cores = (await import('node:os')).cpus().length;
  const t = applyResults.topology;
  if (t) console.log(`  topology: ${t.hosts} hosts × ${t.bridges} bridges × ${t.portsPerBridge} tap ports + ${t.tunnels} VXLAN tunnels: ${t.steps} steps, ${Object.values(t.commandsPerHost).join('/')} commands per host`);
  for (const mode of ['as-is']) {
    const m = applyResults[mode];
    if (!m) continue;
    const b = m.big;
    console.log(`    vsh apply ${b.vsh.ms} ms (runs ${b.vsh.runsMs.join(', ')}; exec requests per host ${JSON.stringify(b.vsh.execRequestsPerHost)})${m.vshDestroyMs ? `; vsh destroy ${m.vshDestroyMs} ms` : ''}`);
    console.log(`    (a) one ssh per command: ${b.sshPerCommand.perCommandMs} ms per command → ${b.sshPerCommand.scaledMs} ms for ${b.sshPerCommand.fullCommandsPerHost} commands per host (measured: ${b.sshPerCommand.sampleMs} ms for ${b.sshPerCommand.sampleCommandsPerHost})`);
    console.log(`    (b) one batched script per host over one ssh: ${b.batchedScript.ms} ms`);
    console.log(`    vsh is ${b.fasterThanSshPerCommand}x faster than (a) (target >= 20x); vsh/(b) = ${b.vshOverBatchedScript} (target <= 1.5)`);
    console.log(`    no-change re-apply: ${m.noChangeReapply.ms} ms, exec requests per host ${JSON.stringify(m.noChangeReapply.execRequestsPerHost)} (target <= 1)`);
    if (m.failedApplyRolledBack) console.log(`    failed apply (last step on hostB), everything rolled back: ${m.failedApplyRolledBack.ms} ms for ${m.failedApplyRolledBack.stepsRolledBack} steps undone, exec requests per host ${JSON.stringify(m.failedApplyRolledBack.execRequestsPerHost)}`);
    for (const [kind, s] of Object.entries(m.hostsScaling)) {
      console.log(`    2 vs 16 hosts, ${kind} per-host topology (${s[2].stepsPerHost} steps per host): 2 hosts ${s[2].ms} ms, 16 hosts ${s[16].ms} ms = ${s.ratio16over2}x (target <= 2); busy CPU ${s[2].busyCpuSeconds} vs ${s[16].busyCpuSeconds} s of ${cores} cores`);
    }
  }
  console.log(`  (this section took ${applyResults.benchSeconds} s)`);
}

// --- containers on a --containers lab (bench/containers.mjs; figures in bench/results/containers.json).
await (await import('./containers.mjs')).benchContainers();
// --- DHCP leases across a tunnel (bench/dhcp.mjs, which also runs alone).
await import('./dhcp.mjs');
// --- OpenFlow rules at scale and vsh trace (bench/flows.mjs).
await import('./flows.mjs');
