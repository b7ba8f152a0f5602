/**
 * Commands are argv arrays, never shell strings. The one place that turns argv into a
 * command line (for `sh -s` batches and SSH) is `shellQuote`/`commandLine` below.
 */

/** One program run: its argv and, optionally, what it reads on stdin (XML, batches). */
export interface Command {
  argv: readonly string[];
  stdin?: string;
  /**
   * How consecutive commands of one host may be merged by the applier: all `ovs-vsctl`
   * commands into one transaction (`--` separated), `ip` commands into one `ip -batch -`;
   * all `ovn-nbctl` commands into one northbound transaction; other commands without stdin
   * into one `sh -s` script, unless marked `alone`.
   */
  batch?: 'ovs-vsctl' | 'ip' | 'ovn-nbctl' | 'alone';
}

/** What a finished command reported. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Characters that never need quoting in a POSIX shell word. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quote one argument for a POSIX shell so that it reaches the program byte for byte:
 * single quotes, with each `'` written as `'\''`. Every name vsh accepts passes through here.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** argv → one shell command line (each argument quoted). */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A command for people to read (plan output): the same quoting, so it can be pasted. */
export function showCommand(c: Command): string {
  const line = commandLine(c.argv);
  return c.stdin === undefined ? line : `${line} <<'EOF'\n${c.stdin.replace(/\n$/, '')}\nEOF`;
}
