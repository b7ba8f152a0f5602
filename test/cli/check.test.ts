/** `vsh check` as a user runs it: the built CLI, real files, exit codes and output. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function vsh(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync('bin/vsh', args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env }, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vsh check', () => {
  it('exits 0 and says so for a clean model made of several files read in order', () => {
    const r = vsh(['check', 'test/fixtures/inventory.vnet', 'test/fixtures/topology.vnet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok: 7 statements, no problems found');
  });

  it('needs the inventory first: the topology alone has unknown hosts (exit 1)', () => {
    const r = vsh(['check', 'test/fixtures/topology.vnet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test\/fixtures\/topology.vnet:1:18 error VN100: unknown host 'hostA'/);
  });

  it('reports every error with the caret rendering and a summary, exit 1', () => {
    const r = vsh(['check', 'test/fixtures/broken.vnet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        'test/fixtures/broken.vnet:5:24 error VN110: VLAN 4095 is out of range (1-4094)',
        '  5 | port vm1 on br-int tag 4095',
        '    |                        ^^^^',
        '  hint: 0 and 4095 are reserved by IEEE 802.1Q',
      ].join('\n'),
    );
    for (const code of ['VN110', 'VN001', 'VN105', 'VN100']) expect(r.stderr).toContain(code);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^failed: 4 errors, 0 warnings in \d+ statements$/);
    expect(r.stderr).not.toContain('\x1b['); // not a TTY: no colour
  });

  it('--json prints the diagnostics as data in the documented shape', () => {
    const r = vsh(['check', '--json', 'test/fixtures/broken.vnet']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics[0]).toEqual({
      code: 'VN110',
      severity: 'error',
      message: 'VLAN 4095 is out of range (1-4094)',
      file: 'test/fixtures/broken.vnet',
      line: 5,
      column: 24,
      endLine: 5,
      endColumn: 28,
      hint: '0 and 4095 are reserved by IEEE 802.1Q',
    });
    const redeclared = out.diagnostics.find((d: { code: string }) => d.code === 'VN105');
    expect(redeclared.related[0]).toMatchObject({ message: 'first declared here', line: 7, column: 1 });
    expect(out.summary).toMatchObject({ errors: 4, warnings: 0 });
  });

  it('colours on request (FORCE_COLOR) and never with NO_COLOR', () => {
    expect(vsh(['check', 'test/fixtures/broken.vnet'], { FORCE_COLOR: '1' }).stderr).toContain('\x1b[31m');
    expect(vsh(['check', 'test/fixtures/broken.vnet'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stderr).not.toContain('\x1b[');
  });

  it('reads standard input for -', () => {
    const r = vsh(['check', '-'], {}, 'host h1 local\nbridge br0\nport p1 tag 0\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:3:13 error VN110');
  });

  it('exits 2 on a missing file, an unknown option or no file at all', () => {
    const missing = vsh(['check', 'no/such/file.vnet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('vsh: cannot read no/such/file.vnet: no such file');
    expect(vsh(['check', '--bogus', 'x.vnet']).code).toBe(2);
    expect(vsh(['check']).code).toBe(2);
  });

  it('--help teaches: usage, exit codes and an example', () => {
    const top = vsh(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('check');
    expect(top.stdout).toContain('tunnel gre hostA<->hostB');
    const check = vsh(['check', '--help']);
    expect(check.stdout).toContain('Exit status: 0 no errors');
  });

  it('--help of every command names only .vnet files that exist (lab/hosts.vnet is what vsh lab up writes), and the examples check', () => {
    const helps = [[] as string[], ...['check', 'plan', 'run', 'apply', 'destroy', 'diff', 'doctor', 'graph', 'explain', 'trace', 'ping', 'pingall', 'exec', 'repl', 'lab'].map((c) => [c])];
    const files = new Set<string>();
    for (const args of helps) {
      const r = vsh([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      for (const m of r.stdout.matchAll(/[\w./-]+\.vnet\b/g)) files.add(m[0]);
    }
    expect(files.size).toBeGreaterThan(3);
    for (const f of files) {
      if (f === 'lab/hosts.vnet' || f === 'hosts.vnet') continue;
      expect(existsSync(f), `${f} named in --help`).toBe(true);
    }
    expect(vsh(['check', 'examples/gre-vlan-namespaces.vnet']).code).toBe(0);
    // The endpoints the probing examples name are namespaces of the script they name.
    const lab = readFileSync('examples/labs/gre-vlans.vnet', 'utf8');
    const endpoints = ['ping', 'exec'].flatMap((c) => [...vsh([c, '--help']).stdout.matchAll(/\b([a-z]+)@host[AB]\b/g)].map((m) => m[1]!));
    expect(endpoints.length).toBeGreaterThan(1);
    for (const ns of endpoints) expect(lab, ns).toMatch(new RegExp(`^namespace ${ns}$`, 'm'));
  }, 90_000); // 19 runs of the CLI: ~12 s idle, over 20 s on a loaded machine

  it('vsh help STATEMENT teaches a statement on the command line as the shell does; help COMMAND is its --help; a typo is exit 2 with a suggestion', () => {
    const port = vsh(['help', 'port']);
    expect(port.code).toBe(0);
    expect(port.stdout).toMatch(/^usage: port NAME \[on BRIDGE\[@HOST\]\]/);
    expect(port.stdout).toContain('options (any order, each at most once):');
    expect(vsh(['help', 'plan']).stdout).toBe(vsh(['plan', '--help']).stdout);
    const typo = vsh(['help', 'prot']);
    expect(typo.code).toBe(2);
    expect(typo.stdout + typo.stderr).toContain("did you mean 'port'?");
  });

  it('leaves quietly when the reader of its output goes away (vsh … | head)', () => {
    const r = spawnSync('sh', ['-c', "printf 'help\\nshow staged\\nexit\\n' | bin/vsh repl examples/bond.vnet | head -1"], { encoding: 'utf8' });
    expect(r.stdout).toContain('loaded examples/bond.vnet');
    expect(r.stderr).not.toContain('EPIPE');
  });
});
