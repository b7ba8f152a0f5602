/** The shell through its streams, as a terminal or a pipe drives it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STATEMENTS } from '../../src/lang/grammar.js';
import { promptFor } from '../../src/repl/repl.js';
import { Session } from '../../src/repl/session.js';
import { recordingPool, shell, withFakeDriver } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'vsh-repl-'));
const tmp = () => mkdtempSync(join(root, 't-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the vsh> shell on streams', () => {
  it('stages typed statements and shows the context in the prompt', async () => {
    const sh = await shell();
    expect(sh.output()).toBe('vsh> ');
    sh.type('host h1 local', 'bridge br0', 'host h2 local', 'use h1', 'network n1 mode isolated');
    const out = await sh.end();
    for (const p of ['vsh(h1)> ', 'vsh(h1/br0)> ', 'vsh(h2)> ', 'vsh(h1)> ', 'vsh(h1 net:n1)> ']) expect(out).toContain(p);
    expect(sh.session.stagedStatements.map((p) => p.text)).toEqual(['host h1 local', 'bridge br0', 'host h2 local', 'use h1', 'network n1 mode isolated']);
    expect(promptFor({ host: 'hostA', bridge: 'br-int' })).toBe('vsh(hostA/br-int)> ');
  });

  it('reports a conflict with an earlier line at that line, with the caret, and stages nothing', async () => {
    const sh = await shell();
    sh.type('host h1 local', 'bridge br0', 'port vm1 tag 10', 'port vm1 tag 20', 'show staged');
    const out = await sh.end();
    expect(out).toContain(
      [
        "<repl>:4:6 error VN105: port 'vm1' on br0@h1 is redeclared with different attributes",
        '  4 | port vm1 tag 20',
        '    |      ^^^',
        '  note: first declared here (<repl>:3:1)',
        '  3 | port vm1 tag 10',
        '    | ^^^^^^^^^^^^^^^',
      ].join('\n'),
    );
    expect(out).toContain('not staged: 1 error');
    expect(sh.session.stagedStatements).toHaveLength(3);
  });

  it('continues a line ending in \\ and an unfinished statement on the next line', async () => {
    const sh = await shell();
    sh.type('host h1 local; bridge br0', 'port vm1 \\', '  tag 10', 'port vm2 tag', '20', 'port vm3 trunk', '', 'show staged');
    const out = await sh.end();
    expect(out.match(/\.\.\. /g)).toHaveLength(3);
    expect(out).toContain(['  <repl>:2  port vm1 tag 10', '  <repl>:4  port vm2 tag 20'].join('\n'));
    // A blank line gives up on the unfinished statement: it is reported as typed, and not staged.
    expect(out).toContain(["<repl>:6:15 error VN001: expected one of a range (N-M), a number after 'trunk', found the end of the statement", '  6 | port vm3 trunk', '    |               ^'].join('\n'));
    expect(sh.session.model.ports.map((p) => [p.name, p.stmt.tag?.value])).toEqual([
      ['vm1', 10],
      ['vm2', 20],
    ]);
  });

  it('errors never end the session nor change it', async () => {
    const sh = await shell();
    sh.type('host h1 local', 'bogus x', 'aply', 'load /nonexistent/lab.vnet', 'show things', 'port p1', 'save', 'bridge br0', 'show staged');
    const out = await sh.end();
    expect(out).toContain("unknown statement 'bogus'");
    expect(out).toContain("unknown command 'aply': did you mean 'apply'?");
    expect(out).toContain('cannot read /nonexistent/lab.vnet: no such file');
    expect(out).toContain("show: unknown 'things'");
    expect(out).toContain('error VN103: no current bridge for this statement');
    expect(out).toContain('save: one file name');
    expect(out).toContain(['staged (2 statements, not applied yet):', '  <repl>:1  host h1 local', '  <repl>:2  bridge br0'].join('\n'));
  });

  it('help STATEMENT prints the usage line from the grammar table', async () => {
    const sh = await shell();
    sh.type('help port', 'help', 'help plan', 'help prot');
    const out = await sh.end();
    expect(out).toContain(`usage: ${STATEMENTS.port.usage}\n  ${STATEMENTS.port.summary}`);
    expect(out).toContain('  peer     veth: the other end, NS:IFNAME, moved into namespace NS');
    expect(out).toContain('Commands:');
    expect(out).toContain('usage: plan [--offline]');
    expect(out).toContain("no help for 'prot': did you mean 'port'?");
  });

  it('show staged, save, reset, load: the session round-trips through a file', async () => {
    const file = join(tmp(), 'lab.vnet');
    const sh = await shell();
    sh.type('host h1 local', 'bridge br0 \\', '  mtu 9000', 'port vm1 tag 10', `save ${file}`, 'reset', 'show staged', `load ${file}`, 'show staged', 'show bridges');
    const out = await sh.end();
    expect(out).toContain(`saved 3 statements to ${file}`);
    expect(readFileSync(file, 'utf8').split('\n').slice(1)).toEqual(['host h1 local', 'bridge br0 mtu 9000', 'port vm1 tag 10', '']);
    expect(out).toContain('session reset: 3 statements forgotten');
    expect(out).toContain(`loaded ${file}: 3 statements staged`);
    expect(out).toContain(`  ${file}:4  port vm1 tag 10`); // line 1 is the header comment
    expect(out).toMatch(/HOST +BRIDGE +KIND +MTU.*\n +h1 +br0 +ovs +9000/);
    expect(sh.session.context).toEqual({ host: 'h1', bridge: 'br0' });
  });

  it('discard drops the staged lines and the prompt follows', async () => {
    const sh = await shell();
    sh.type('host h1 local', 'bridge br0', 'discard', 'show staged');
    const out = await sh.end();
    expect(out).toContain('discarded 2 staged statements');
    expect(out.endsWith('nothing staged\nvsh> ')).toBe(true);
  });

  it('loads the files given at start before the first prompt', async () => {
    const file = join(tmp(), 'hosts.vnet');
    writeFileSync(file, 'host h1 local\nbridge br0\n');
    const sh = await shell({ files: [file] });
    expect(sh.output()).toBe(`loaded ${file}: 2 statements staged\nvsh(h1/br0)> `);
    await sh.end();
  });

  it('apply, undo and set apply auto through the prompt, with recording hosts', async () => {
    const rec = recordingPool();
    const sh = await shell({ session: new Session({ executors: () => rec.pool }) });
    await withFakeDriver(async () => {
      sh.type('host h1 local', 'bridge br0', 'plan --offline', 'apply', 'hosts', 'undo', 'set apply auto', 'port vm1', 'set apply staged', 'set');
      await sh.waitFor('apply staged\n');
      sh.type('exit');
      const out = await sh.end();
      expect(out).toContain('h1 (not read: planned as an empty host)\n  + bridge br0 [linux]\n      fake add br0');
      expect(out).toContain('applied 1 step');
      expect(out).toMatch(/h1 +local +ready/);
      expect(out).toContain('undone: reverted 1 step on h1');
      expect(out).toContain('its 2 statements are staged again');
      expect(out).toContain('apply auto: each statement is applied as soon as it is accepted (the 2 staged now go with the next one');
      expect(out).toContain('applied 2 steps');
      expect(out).toContain('apply staged\n');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake del br0', 'fake add br0', 'fake add vm1']);
      expect(sh.session.stagedStatements).toHaveLength(0);
    });
    expect(rec.closed).toBe(1);
  });

  it('exit warns once when statements are staged, then leaves', async () => {
    const sh = await shell();
    sh.type('host h1 local', 'exit');
    await sh.waitFor('not applied');
    expect(sh.output()).toContain("1 staged statement is not applied: 'apply' them, 'discard' them, or leave again to drop them");
    sh.type('exit');
    await sh.repl.closed;
  });
});

describe('the vsh> shell on a terminal', () => {
  const saved = process.env.VSH_HISTORY;
  afterEach(() => {
    if (saved === undefined) delete process.env.VSH_HISTORY;
    else process.env.VSH_HISTORY = saved;
  });

  it('keeps history in the file $VSH_HISTORY names', async () => {
    const file = join(tmp(), 'history');
    process.env.VSH_HISTORY = file;
    const sh = await shell({ terminal: true, historyPath: undefined });
    sh.input.write('host h1 local\r');
    sh.input.write('bridge br0\r');
    await sh.waitFor('vsh(h1/br0)> ');
    sh.input.write('discard\r');
    await sh.waitFor('discarded');
    await sh.end();
    expect(readFileSync(file, 'utf8').split('\n')).toEqual(['discard', 'bridge br0', 'host h1 local']);
  });

  it('Ctrl-C clears the line and any unfinished statement; it never leaves', async () => {
    const sh = await shell({ terminal: true });
    sh.input.write('host h1 local; bridge br0\r');
    await sh.waitFor('vsh(h1/br0)> ');
    sh.input.write('port half');
    sh.input.write('\x03');
    sh.input.write('port vm1 tag\r');
    await sh.waitFor('... ');
    sh.input.write('\x03');
    sh.input.write('\x03');
    sh.input.write('port vm2\r');
    await sh.waitFor(/port vm2\r?\n[^]*vsh\(h1\/br0\)> /);
    expect(sh.output()).not.toContain('error');
    expect(sh.session.stagedStatements.map((p) => p.text)).toEqual(['host h1 local', 'bridge br0', 'port vm2']);
    await sh.end();
  });

  it('Ctrl-D warns once about staged statements, and leaves when pressed again', async () => {
    const sh = await shell({ terminal: true });
    sh.input.write('host h1 local\r');
    await sh.waitFor('vsh(h1)> ');
    sh.input.write('\x04');
    await sh.waitFor('not applied');
    expect(sh.session.stagedStatements.map((p) => p.text)).toEqual(['host h1 local']);
    sh.input.write('\x04');
    await sh.repl.closed;
    // Once: the second Ctrl-D leaves without repeating the warning.
    expect(sh.output().match(/1 staged statement is not applied/g)).toHaveLength(1);
  });

  it('apply and undo show what they will do and ask, as the CLI on a terminal: n changes nothing, y applies, -y and piped input are not asked, Ctrl-C is a no', async () => {
    const rec = recordingPool();
    const sh = await shell({ terminal: true, session: new Session({ executors: () => rec.pool }) });
    await withFakeDriver(async () => {
      sh.input.write('host h1 local; bridge br0\r');
      await sh.waitFor('vsh(h1/br0)> ');
      sh.input.write('apply\r');
      await sh.waitFor('apply these 1 change on h1? (y/N, apply -y skips this) ');
      expect(sh.output()).toMatch(/\+ bridge br0 \[linux\]\s+fake add br0[^]*apply these 1 change on h1\?/);
      expect(rec.work('h1')).toEqual([]);
      sh.input.write('n\r');
      await sh.waitFor('apply cancelled: nothing was changed; 2 statements still staged');
      await sh.waitFor(/still staged\r?\n[^]*vsh\(h1\/br0\)> (\x1b\[\d+G)?$/);
      expect(rec.work('h1')).toEqual([]);
      expect(sh.session.stagedStatements).toHaveLength(2);
      // Ctrl-C at the question is a no (not an interrupted apply).
      sh.input.write('apply\r');
      await sh.waitFor(/skips this\) [^]*skips this\) (\x1b\[\d+G)?$/);
      sh.input.write('\x03');
      await sh.waitFor(/nothing was changed[^]*nothing was changed; 2 statements still staged/);
      expect(sh.output()).not.toContain('rolling back');
      expect(rec.work('h1')).toEqual([]);
      await sh.waitFor(/still staged\r?\n[^]*vsh\(h1\/br0\)> (\x1b\[\d+G)?$/);
      // Ctrl-D at the question is a no too, and the shell stays.
      sh.input.write('apply\r');
      await sh.waitFor(/(skips this\) [^]*){2}skips this\) (\x1b\[\d+G)?$/);
      sh.input.write('\x04');
      await sh.waitFor(/(nothing was changed[^]*){3}/);
      expect(sh.output()).not.toContain('not applied:');
      await sh.waitFor(/still staged\r?\n[^]*vsh\(h1\/br0\)> (\x1b\[\d+G)?$/);
      sh.input.write('apply\r');
      await sh.waitFor(/(skips this\) [^]*){3}skips this\) (\x1b\[\d+G)?$/);
      sh.input.write('y\r');
      await sh.waitFor('applied 1 step');
      await sh.waitFor(/applied 1 step[^]*vsh\(h1\/br0\)> (\x1b\[\d+G)?$/);
      expect(rec.work('h1')).toEqual(['fake add br0']);
      // -y: no question.
      sh.input.write('port vm1\r');
      await sh.waitFor(/port vm1\r?\n[^]*vsh\(h1\/br0\)> (\x1b\[\d+G)?$/);
      const asked = sh.output().match(/skips this/g)!.length;
      sh.input.write('apply -y\r');
      await sh.waitFor(/applied 1 step[^]*applied 1 step/);
      expect(sh.output().match(/skips this/g)!.length).toBe(asked);
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1']);
      sh.input.write('apply --force\r');
      await sh.waitFor("apply: unknown option '--force' (apply [-y])");
      // undo removes from the hosts: shown and asked the same way.
      sh.input.write('undo\r');
      await sh.waitFor(/- port vm1 [^]*undo these 1 change on h1\? \(y\/N, undo -y skips this\) (\x1b\[\d+G)?$/);
      sh.input.write('n\r');
      await sh.waitFor('undo cancelled: nothing was changed; the last apply stays');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1']);
      sh.input.write('undo -y\r');
      await sh.waitFor('undone: reverted 1 step on h1');
      expect(rec.work('h1')).toEqual(['fake add br0', 'fake add vm1', 'fake del vm1']);
      await sh.end();
    });
    // Piped input (not a terminal) is never asked.
    const piped = recordingPool();
    const p = await shell({ session: new Session({ executors: () => piped.pool }) });
    await withFakeDriver(async () => {
      p.type('host h1 local', 'bridge br0', 'apply');
      await p.waitFor('applied 1 step');
      expect(p.output()).not.toContain('skips this');
      await p.end();
    });
  });

  it('Tab completes from the grammar and the declared names', async () => {
    const sh = await shell({ terminal: true });
    sh.input.write('host h1 local; bridge br0\r');
    // readline completes only on a Tab that ends its chunk (a pasted Tab is text), as a key press does.
    sh.input.write('network n1 mode na');
    sh.input.write('\t');
    await sh.waitFor('mode nat ');
    sh.input.write('\r');
    await sh.waitFor('vsh(h1/br0 net:n1)> ');
    expect(sh.session.model.networks.get('h1/n1')?.stmt.mode.value).toBe('nat');
    sh.input.write('port p1 on b');
    sh.input.write('\t');
    await sh.waitFor('port p1 on br0 ');
    await sh.end();
  });
});
