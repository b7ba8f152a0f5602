/**
 * The bounded wait until every chassis has realized a northbound change, alone (a step of its
 * own in the plan) and merged with the transaction before it into one invocation (what apply
 * runs). Fixed scripts: no user text in them, the transaction's argv comes as arguments.
 */
import type { Command } from '../../exec/command.js';

/** Seconds apply waits for every chassis to realize a change before it rolls back (VSH_OVN_REALIZE_TIMEOUT changes it). */
export const REALIZE_TIMEOUT = Number(process.env.VSH_OVN_REALIZE_TIMEOUT) || 30;

/** Names on stderr the chassis whose nb_cfg lags (the southbound Chassis_Private table) behind the northbound's, after a wait of $t s. */
const LAG_REPORT = [
  'want=$(ovn-nbctl --timeout=5 get NB_Global . nb_cfg)',
  `lag=$(ovn-sbctl --timeout=5 --format=csv --no-headings --columns=name,nb_cfg list Chassis_Private | tr -d '"' | while IFS=, read -r n c; do [ "\${c:-0}" -lt "\${want:-0}" ] && printf ' %s (at %s of %s)' "$n" "$c" "$want"; done)`,
  'echo "the change was not realized within $t s on every chassis:${lag:- no chassis lags in the southbound database; is ovn-northd running on the central?}" >&2',
];

/**
 * The bounded wait alone, as a fixed script (no user text in it): `--wait=hv sync` until every
 * chassis has caught up; on timeout, the chassis that lag are named on stderr. Its arguments:
 * the nb_cfg the plan read ('' if unknown), then the timeout in seconds (last, so a test can
 * shorten it). apply folds it into the transaction before it (transactionAndWait).
 */
const WAIT_SCRIPT = ['t=$2', 'ovn-nbctl --timeout="$t" --wait=hv sync && exit 0', ...LAG_REPORT, 'exit 1'].join('\n');

/** argv[3] of the wait command, by which the applier knows it. */
export const WAIT_NAME = 'vsh-ovn-wait';

export const waitCommand = (nbCfg?: number, timeout = REALIZE_TIMEOUT): Command => ({
  argv: ['sh', '-c', WAIT_SCRIPT, WAIT_NAME, nbCfg === undefined ? '' : String(nbCfg), String(timeout)],
  batch: 'alone',
});

export const isWaitCommand = (c: Command): boolean => c.argv[0] === 'sh' && c.argv[3] === WAIT_NAME && c.argv.length === 6;

/** Exit status of the merged transaction-and-wait when the transaction was committed but not realized everywhere in time. */
export const NOT_REALIZED = 75;

/**
 * ONE invocation for the northbound transaction and its wait: `ovn-nbctl --timeout=T
 * --wait=hv A -- B -- …` (what a person types), in a fixed script that tells the outcomes
 * apart: 0 committed and realized on every chassis; NOT_REALIZED committed, but a chassis
 * lags after T s (named on stderr, as the wait alone does); anything else: the transaction
 * was not committed, nothing changed. ovn-nbctl's own --timeout kills it by SIGALRM whether
 * it was still connecting or already waiting; nb_cfg tells which: the transaction bumps it,
 * so a value still at most the one the plan read means it never committed (an unknown one
 * counts as committed, so that rollback runs: its undo tolerates what is missing).
 */
const TXN_WAIT_SCRIPT = [
  'cfg=$1 t=$2',
  'shift 2',
  '"$@" && exit 0',
  'rc=$?',
  '[ "$rc" -gt 128 ] || exit "$rc"',
  'now=$(ovn-nbctl --timeout=5 get NB_Global . nb_cfg 2>/dev/null)',
  'if [ -n "$cfg" ] && [ -n "$now" ] && [ "$now" -le "$cfg" ]; then echo "the northbound database did not take the transaction within $t s; nothing was changed" >&2; exit "$rc"; fi',
  `[ -n "$now" ] || { echo "the northbound database stopped answering within $t s: whether the transaction was committed is unknown, so it is rolled back" >&2; exit ${NOT_REALIZED}; }`,
  ...LAG_REPORT,
  `exit ${NOT_REALIZED}`,
].join('\n');

/** The transaction (ovn-nbctl commands, one `--`-joined argv after the program) and the wait command → the merged invocation. */
export function transactionAndWait(nbctlArgs: readonly string[], wait: Command): Command {
  const [cfg, timeout] = wait.argv.slice(4);
  return { argv: ['sh', '-c', TXN_WAIT_SCRIPT, 'vsh-ovn-apply', cfg ?? '', timeout ?? String(REALIZE_TIMEOUT), 'ovn-nbctl', `--timeout=${timeout ?? REALIZE_TIMEOUT}`, '--wait=hv', ...nbctlArgs] };
}
