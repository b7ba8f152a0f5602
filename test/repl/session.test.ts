/** The session without node:repl: staging, conflicts, discard/reset, save/load, explain, apply/undo, auto mode. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutSources, layoutTexts, tidy } from '../../src/repl/layout.js';
import { Session } from '../../src/repl/session.js';
import { recordingPool, withFakeDriver } from './helpers.js';

const texts = (s: Session) => s.statements.map((p) => tidy(p.text));
const root = mkdtempSync(join(tmpdir(), 'vsh-session-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Session', () => {
  it('stages statements typed one by one, each at its own <repl> line, and follows the context', () => {
    const s = new Session();
    expect(s.accept('host h1 local').status).toBe('staged');
    expect(s.context).toEqual({ host: 'h1' });
    expect(s.accept('bridge br0; port vm1 tag 10  # web').status).toBe('staged');
    expect(s.context).toEqual({ host: 'h1', bridge: 'br0' });
    expect(s.stagedStatements.map((p) => [p.origin.line, p.origin.column, p.text])).toEqual([
      [1, 1, 'host h1 local'],
      [2, 1, 'bridge br0'],
      [2, 13, 'port vm1 tag 10'],
    ]);
    expect(s.accept('# only a comment').status).toBe('empty');
  });

  it('reports a conflict with an earlier line at that line, with the caret, and stages nothing', () => {
    const s = new Session();
    s.accept('host h1 local');
    s.accept('bridge br0');
    s.accept('port vm1 tag 10');
    const r = s.accept('port vm1 tag 20');
    expect(r.status).toBe('rejected');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['VN105']);
    expect(r.diagnostics[0]!.related![0]!.span).toMatchObject({ file: '<repl>', line: 3, column: 1 });
    expect(r.text).toContain('<repl>:4:6 error VN105: port \'vm1\' on br0@h1 is redeclared with different attributes');
    expect(r.text).toContain(['  note: first declared here (<repl>:3:1)', '  3 | port vm1 tag 10', '    | ^^^^^^^^^^^^^^^'].join('\n'));
    expect(r.text).toContain('not staged: 1 error');
    expect(s.stagedStatements).toHaveLength(3);
    // The next line takes the number the rejected one had.
    expect(s.accept('port vm2 tag 20').staged[0]!.origin.line).toBe(4);
  });

  it('a bad line in a multi-statement entry stages none of it', () => {
    const s = new Session();
    s.accept('host h1 local');
    const r = s.accept('bridge br0; port vm1 tag 4095');
    expect(r.status).toBe('rejected');
    expect(r.text).toContain('VN110');
    expect(r.text).toMatch(/2 \| bridge br0; port vm1 tag 4095\n {4}\| {26}\^{4}\n/);
    expect(texts(s)).toEqual(['host h1 local']);
    expect(s.context).toEqual({ host: 'h1' });
  });

  it('says an unfinished entry is incomplete, unless no more lines will come', () => {
    const s = new Session();
    s.accept('host h1 local; bridge br0');
    expect(s.accept('port vm1 tag').status).toBe('incomplete');
    expect(s.accept('port vm1 tag \\').status).toBe('incomplete');
    expect(s.accept('port vm1 tag \\\n  10').status).toBe('staged');
    const final = s.accept('port vm2 tag', { final: true });
    expect(final.status).toBe('rejected');
    expect(final.text).toContain("expected a number after 'tag'");
  });

  it('discard drops only the staged statements; reset forgets everything', async () => {
    const s = new Session({ executors: () => recordingPool().pool });
    s.accept('host h1 local');
    await withFakeDriver(() => s.apply());
    s.accept('bridge br0');
    expect(s.discard().text).toBe('discarded 1 staged statement\n');
    expect(texts(s)).toEqual(['host h1 local']);
    expect(s.context).toEqual({ host: 'h1' });
    expect(s.discard().text).toBe('nothing staged\n');
    expect((await s.reset()).text).toContain('1 statement forgotten');
    expect(s.statements).toHaveLength(0);
    expect(s.context).toEqual({});
    expect(s.undoDepth).toBe(0);
  });

  it('save writes a tidy .vnet that load reads back into the same session', async () => {
    const dir = mkdtempSync(join(root, 't-'));
    const s = new Session();
    s.accept('host   h1 local');
    s.accept('bridge br0 \\\n   kind ovs');
    s.accept('port vm1 tag 10; port vm2 trunk 10,20 # uplink');
    s.accept('host h2 address 192.0.2.12 key "~/.ssh/my  key"');
    expect((await s.save(join(dir, 's.vnet'))).ok).toBe(true);
    const saved = readFileSync(join(dir, 's.vnet'), 'utf8');
    expect(saved.split('\n').slice(1)).toEqual([
      'host h1 local',
      'bridge br0 kind ovs',
      'port vm1 tag 10',
      'port vm2 trunk 10,20',
      'host h2 address 192.0.2.12 key "~/.ssh/my  key"',
      '',
    ]);
    expect(saved).toMatch(/^# vsh session saved /);

    const t = new Session();
    const loaded = await t.load([join(dir, 's.vnet')]);
    expect(loaded.text).toContain('5 statements staged');
    expect(texts(t)).toEqual(texts(s));
    expect(t.stagedStatements[0]!.origin).toEqual({ file: join(dir, 's.vnet'), line: 2, column: 1 });
    expect(t.show('ports')).toBe(s.show('ports'));
    // Loading the same file twice would stage every line twice.
    expect((await t.load([join(dir, 's.vnet')])).text).toContain('already loaded');
  });

  it('load checks the file with the session: a conflict points into the file, and nothing is staged', async () => {
    const dir = mkdtempSync(join(root, 't-'));
    const file = join(dir, 'bad.vnet');
    (await import('node:fs')).writeFileSync(file, '# ports\nport vm1 on br0@h1 tag 20\n');
    const s = new Session();
    s.accept('host h1 local; bridge br0; port vm1 tag 10');
    const r = await s.load([file]);
    expect(r.ok).toBe(false);
    expect(r.text).toContain(`${file}:2:6 error VN105`);
    expect(r.text).toContain('  2 | port vm1 on br0@h1 tag 20');
    expect(s.statements).toHaveLength(3);
    expect((await s.load([join(dir, 'missing.vnet')])).text).toContain('no such file');
  });

  it('lines typed between loads keep their order, so context still flows through them', async () => {
    const dir = mkdtempSync(join(root, 't-'));
    const file = join(dir, 'b.vnet');
    (await import('node:fs')).writeFileSync(file, 'bridge br1\n');
    const s = new Session();
    s.accept('host h1 local');
    await s.load([file]);
    expect(s.accept('port p1').status).toBe('staged'); // on br1, the current bridge after the file
    expect(s.model.ports[0]).toMatchObject({ bridge: 'br1', name: 'p1' });
    expect(s.checkAll().text).toContain('ok: 3 statements, no problems found');
  });

  it('explain STATEMENT teaches without staging; explain alone covers the staged lines', async () => {
    const s = new Session();
    s.accept('host h1 local; bridge br0');
    const one = await s.explain('port vm1 tag 10');
    expect(one.ok).toBe(true);
    expect(one.text).toContain('<repl>:2  port vm1 tag 10');
    expect(one.text).toMatch(/access\s+port\s+on\s+VLAN\s+10/);
    expect(s.stagedStatements).toHaveLength(2);
    const bad = await s.explain('port vm1 tag 5000');
    expect(bad.text).toContain('VN110');
    const all = await s.explain();
    expect(all.text).toContain('<repl>:1  host h1 local');
    expect(all.text).toContain('<repl>:1  bridge br0');
  });

  it('apply runs the plan on each host and undo runs the undo commands in reverse, as a transaction', async () => {
    const rec = recordingPool();
    const s = new Session({ executors: () => rec.pool });
    s.accept('host h1 local');
    s.accept('host h2 local');
    s.accept('use h1; bridge br0; port vm1');
    s.accept('bridge br1 on h2');
    await withFakeDriver(async () => {
      const applied = await s.apply();
      expect(applied.text).toContain('applied 3 steps');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1']);
      expect(rec.work('h2')).toEqual(['fake add br1']);
      expect(s.stagedStatements).toHaveLength(0);
      expect(s.undoDepth).toBe(1);

      const undone = await s.undo();
      expect(undone.ok).toBe(true);
      expect(undone.text).toContain('undone: reverted 3 steps on h1, h2');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1', 'fake del vm1', 'fake del br0']);
      expect(rec.work('h2')).toEqual(['fake add br1', 'fake del br1']);
      // The statements are staged again, in their order, and the context is unchanged.
      expect(s.appliedStatements).toHaveLength(0);
      expect(texts(s)).toEqual(['host h1 local', 'host h2 local', 'use h1', 'bridge br0', 'port vm1', 'bridge br1 on h2']);
      expect(s.context).toEqual({ host: 'h2', bridge: 'br1' });
      expect((await s.undo()).text).toContain('nothing to undo');
    });
    // One executor per host for the whole session, closed once at the end.
    expect([...rec.hosts.keys()]).toEqual(['h1', 'h2']);
    await s.close();
    expect(rec.closed).toBe(1);
  });

  it('undo reverts only the last apply', async () => {
    const rec = recordingPool();
    const s = new Session({ executors: () => rec.pool });
    await withFakeDriver(async () => {
      s.accept('host h1 local; bridge br0');
      await s.apply();
      s.accept('port vm1');
      await s.apply();
      await s.undo();
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1', 'fake del vm1']);
      expect(texts(s)).toEqual(['host h1 local', 'bridge br0', 'port vm1']);
      expect(s.stagedStatements.map((p) => p.text)).toEqual(['port vm1']);
    });
  });

  it('a failed apply rolls back and keeps the statements staged', async () => {
    const rec = recordingPool((_host, argv) => argv.join(' ') === 'fake add vm1');
    const s = new Session({ executors: () => rec.pool });
    s.accept('host h1 local; bridge br0; port vm1');
    await withFakeDriver(async () => {
      const r = await s.apply();
      expect(r.ok).toBe(false);
      expect(r.text).toContain("apply failed on h1, step 'port vm1'");
      expect(r.text).toContain('3 statements still staged');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1', 'fake del br0']);
      expect(s.stagedStatements).toHaveLength(3);
      expect(s.undoDepth).toBe(0);
    });
  });

  it('set apply auto: each accepted statement is applied at once; a failure unstages it', async () => {
    const rec = recordingPool((_host, argv) => argv.join(' ') === 'fake add bad');
    const s = new Session({ executors: () => rec.pool });
    s.settings.apply = 'auto';
    await withFakeDriver(async () => {
      expect((await s.submit('host h1 local')).text).toContain('No changes');
      const r = await s.submit('bridge br0');
      expect(r.status).toBe('staged');
      expect(r.text).toContain('applied 1 step');
      expect(rec.work('h1')).toEqual(['fake add br0']);
      const bad = await s.submit('port bad');
      expect(bad.status).toBe('rejected');
      expect(bad.text).toContain('not staged: the apply did not go through');
      expect(texts(s)).toEqual(['host h1 local', 'bridge br0']);
      expect(s.stagedStatements).toHaveLength(0);
    });
  });

  it('keeps one connection per host and remakes the pool when a host is redeclared differently', async () => {
    let pools = 0;
    const rec = recordingPool();
    const s = new Session({ executors: () => (pools++, rec.pool) });
    s.accept('host h1 local');
    await s.plan();
    await s.plan();
    expect(pools).toBe(1);
    expect(s.hosts()).toMatch(/h1 +local +ready/);
    s.discard();
    s.accept('host h1 local datapath netdev');
    await s.plan();
    expect(pools).toBe(2);
    expect(rec.closed).toBe(1);
  });
});

describe('layout', () => {
  it('lays statements out at their lines and columns, one source per run of a file', () => {
    const pieces = [
      { text: 'host h1 local', origin: { file: '<repl>', line: 1, column: 1 } },
      { text: 'bridge br0', origin: { file: 'a.vnet', line: 3, column: 3 } },
      { text: 'port p1', origin: { file: '<repl>', line: 2, column: 1 } },
      { text: 'port p2', origin: { file: '<repl>', line: 2, column: 10 } },
    ];
    expect(layoutSources(pieces)).toEqual([
      { file: '<repl>', text: 'host h1 local\n' + ' '.repeat(7) + '; ' + ' '.repeat(7) },
      { file: 'a.vnet', text: '\n\n  bridge br0' },
      { file: '<repl>', text: ' '.repeat(13) + '\nport p1; port p2' },
    ]);
    expect(layoutTexts(pieces).get('<repl>')).toBe('host h1 local\nport p1; port p2');
  });
});
