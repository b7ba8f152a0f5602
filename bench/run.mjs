// `npm run bench`: front-end throughput (parse + check) on generated scripts of 1k, 10k
// and 100k statements, cold start of `bin/vsh check` against `node -e 0`, and peak RSS of
// checking the 100k script (/usr/bin/time -v). Figures go to bench/results/front-end.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frontEnd } from '../dist/front-end.mjs';
import { generateScript } from './generate.mjs';

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
