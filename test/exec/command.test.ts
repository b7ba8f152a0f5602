/** The one quoting function: every argument survives a POSIX shell byte for byte. */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine, shellQuote, showCommand } from '../../src/exec/command.js';

/** Run `argv` through `sh -c` as the SSH and batch paths do, and read back what printf received. */
function throughShell(argv: string[]): string[] {
  const out = execFileSync('sh', ['-c', commandLine(['printf', '%s\\0', ...argv])]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('shellQuote / commandLine', () => {
  it('round-trips any string without NUL through sh (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 6 }), (args) => {
        expect(throughShell(args)).toEqual(args);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips every name the language accepts, and the metacharacter names the tests reject', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,14}$/), (name) => {
        expect(throughShell([name])).toEqual([name]);
        expect(shellQuote(name)).toBe(name); // plain names need no quotes: plans stay readable
      }),
      { numRuns: 200 },
    );
    const nasty = ['br0;reboot', '$(touch /tmp/x)', "a'b", '`id`', '\n', '--', '-rf /'];
    expect(throughShell(nasty)).toEqual(nasty);
  });

  it('shows stdin as a quoted here-document', () => {
    expect(showCommand({ argv: ['virsh', 'net-define', '/dev/stdin'], stdin: '<network/>\n' })).toBe("virsh net-define /dev/stdin <<'EOF'\n<network/>\nEOF");
    expect(commandLine(['ip', 'link', 'add', 'a b'])).toBe("ip link add 'a b'");
  });
});
