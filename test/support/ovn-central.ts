/**
 * A private OVN central for tests: NB and SB ovsdb-servers and ovn-northd in a temp
 * directory, on unix sockets only (no network), reached by ovn-nbctl/ovn-sbctl through
 * OVN_NB_DB/OVN_SB_DB. `stop` kills exactly the daemons it started (by pid file) and removes
 * the directory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OvnCentral {
  dir: string;
  env: { OVN_NB_DB: string; OVN_SB_DB: string };
  nbctl(...args: string[]): string;
  sbctl(...args: string[]): string;
  stop(): void;
}

export const ovnSkipReason = (): string =>
  process.getuid?.() !== 0 ? 'needs root' : !['/usr/bin/ovn-nbctl', '/usr/bin/ovn-northd', '/usr/sbin/ovsdb-server'].every(existsSync) ? 'ovn-central is not installed' : '';

const run = (argv: string[], env: Record<string, string> = {}): string => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ...env } });

export function startOvnCentral(): OvnCentral {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-ovn-'));
  const pids: string[] = [];
  try {
    for (const [db, schema] of [['nb', '/usr/share/ovn/ovn-nb.ovsschema'], ['sb', '/usr/share/ovn/ovn-sb.ovsschema']] as const) {
      run(['ovsdb-tool', 'create', join(dir, `${db}.db`), schema]);
      run(['ovsdb-server', join(dir, `${db}.db`), `--remote=punix:${join(dir, `${db}.sock`)}`, `--pidfile=${join(dir, `${db}.pid`)}`, `--unixctl=${join(dir, `${db}.ctl`)}`, `--log-file=${join(dir, `${db}.log`)}`, '--detach']);
      pids.push(join(dir, `${db}.pid`));
    }
    run(['ovn-northd', `--ovnnb-db=unix:${join(dir, 'nb.sock')}`, `--ovnsb-db=unix:${join(dir, 'sb.sock')}`, `--pidfile=${join(dir, 'northd.pid')}`, `--unixctl=${join(dir, 'northd.ctl')}`, `--log-file=${join(dir, 'northd.log')}`, '--detach']);
    pids.push(join(dir, 'northd.pid'));
  } catch (err) {
    stopAll(dir, pids);
    throw err;
  }
  const env = { OVN_NB_DB: `unix:${join(dir, 'nb.sock')}`, OVN_SB_DB: `unix:${join(dir, 'sb.sock')}` };
  return {
    dir,
    env,
    nbctl: (...args) => run(['ovn-nbctl', '--timeout=10', ...args], env),
    sbctl: (...args) => run(['ovn-sbctl', '--timeout=10', ...args], env),
    stop: () => stopAll(dir, pids),
  };
}

function stopAll(dir: string, pidFiles: string[]): void {
  for (const f of pidFiles) {
    try {
      process.kill(Number(readFileSync(f, 'utf8').trim()), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
