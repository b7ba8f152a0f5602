/**
 * The shell's own commands (LANGUAGE.md §4): one table — name, arguments, summary and
 * what it does — that `help` and Tab completion read, as they read the statement table
 * of grammar.ts for statements. Every command works on the Session and writes text.
 */
import { STATEMENT_KEYWORDS, STATEMENTS, optionsOf, type StatementKeyword } from '../lang/grammar.js';
import { closest } from '../lang/suggest.js';
import { splitWords } from './entry.js';
import type { Session } from './session.js';
import { LIVE_TOPICS, SHOW_TOPICS, type LiveTopic, type ShowTopic } from './show.js';

export interface CommandContext {
  session: Session;
  write(text: string): void;
  /** Aborted by Ctrl-C while the command runs (apply and undo then roll back). */
  signal?: AbortSignal;
  /** On a terminal: write `question`, read the person's answer; true only for a yes. Absent when nobody can answer (piped input). */
  ask?: (question: string) => Promise<boolean>;
}

/** `exit`: the REPL decides whether to leave (it warns once about staged statements). */
export type CommandSignal = 'exit' | undefined;

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  /** Arguments, as help shows them. */
  args: string;
  summary: string;
  /** Words Tab offers as the first argument. */
  argWords?: readonly string[];
  /** Ctrl-C aborts it (it changes hosts, and rolls back when interrupted). */
  interruptible?: boolean;
  run(ctx: CommandContext, rest: string): Promise<CommandSignal | void> | CommandSignal | void;
}

const say = (ctx: CommandContext, out: { text: string } | string) => ctx.write(typeof out === 'string' ? out : out.text);

/**
 * `apply [-y]` and `undo [-y]`, which change hosts: as the CLI, a person at a terminal is
 * shown what will be done and asked, unless -y; piped input never is. The confirm option
 * for the session, or the message for an unknown word.
 */
function confirmation(c: CommandContext, name: string, rest: string): { confirm?: (text: string) => Promise<boolean> } | string {
  const words = splitWords(rest);
  const bad = words.find((w) => w !== '-y' && w !== '--yes');
  if (bad) return `${name}: unknown option '${bad}' (${name} [-y])\n`;
  return c.ask && words.length === 0 ? { confirm: c.ask } : {};
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'check', args: '', summary: 'check every statement of the session again and print all diagnostics', run: (c) => say(c, c.session.checkAll()) },
  {
    name: 'plan',
    args: '[--offline]',
    summary: 'what apply would run, host by host (--offline: against empty hosts, reading nothing)',
    argWords: ['--offline'],
    run: async (c, rest) => {
      const words = splitWords(rest);
      const bad = words.find((w) => w !== '--offline');
      if (bad) return say(c, `plan: unknown option '${bad}' (plan [--offline])\n`);
      say(c, await c.session.plan({ offline: words.includes('--offline') }));
    },
  },
  {
    name: 'apply',
    aliases: ['commit'],
    interruptible: true,
    args: '[-y]',
    summary: 'apply the session to the hosts as one transaction (Ctrl-C rolls back); on a terminal the plan is shown and confirmed first (-y skips)',
    argWords: ['-y'],
    run: async (c, rest) => {
      const how = confirmation(c, 'apply', rest);
      if (typeof how === 'string') return say(c, how);
      say(c, await c.session.apply(c.signal, how));
    },
  },
  {
    name: 'undo',
    interruptible: true,
    args: '[-y]',
    summary: 'revert the last apply on every host; its statements are staged again; on a terminal the steps are shown and confirmed first (-y skips)',
    argWords: ['-y'],
    run: async (c, rest) => {
      const how = confirmation(c, 'undo', rest);
      if (typeof how === 'string') return say(c, how);
      say(c, await c.session.undo(c.signal, how));
    },
  },
  { name: 'discard', args: '', summary: 'drop the staged statements (what was applied stays)', run: (c) => say(c, c.session.discard()) },
  {
    name: 'show',
    args: `[${SHOW_TOPICS.join('|')}] | live ${LIVE_TOPICS.join('|')}`,
    summary: 'the declared objects, the staged statements (default) or the model as JSON; live: read from the hosts now',
    argWords: [...SHOW_TOPICS, 'live'],
    run: async (c, rest) => {
      const words = splitWords(rest);
      if (words[0] === 'live') {
        const what = words[1];
        if (!what || !(LIVE_TOPICS as readonly string[]).includes(what) || words.length > 2) {
          const guess = what && closest(what, LIVE_TOPICS);
          return say(c, `show live: expected one of ${LIVE_TOPICS.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}\n`);
        }
        return say(c, await c.session.showLive(what as LiveTopic));
      }
      const topic = words[0] ?? 'staged';
      if (!(SHOW_TOPICS as readonly string[]).includes(topic)) {
        const guess = closest(topic, SHOW_TOPICS);
        return say(c, `show: unknown '${topic}': expected one of ${SHOW_TOPICS.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}\n`);
      }
      say(c, c.session.show(topic as ShowTopic));
    },
  },
  {
    name: 'ping',
    args: 'ENDPOINT[@HOST] IPV4|ENDPOINT[@HOST]',
    summary: 'ping from a namespace or host (ns1@hostA) to an address, or to another endpoint\'s address in the model',
    run: async (c, rest) => {
      const [from, to, more] = splitWords(rest);
      if (!from || !to || more) return say(c, 'ping: expected ping ENDPOINT[@HOST] IPV4|ENDPOINT[@HOST], e.g. ping ns1@hostA ns2@hostB\n');
      say(c, await c.session.ping(from, to));
    },
  },
  {
    name: 'pingall',
    args: '',
    summary: 'every endpoint with an address pings every other once; a matrix and the drop rate (as Mininet)',
    run: async (c, rest) => say(c, rest ? 'pingall: takes no arguments\n' : await c.session.pingall()),
  },
  {
    name: 'exec',
    args: 'ENDPOINT[@HOST] -- CMD…',
    summary: 'run a command inside a namespace on its host, or on a declared host itself (argv, no shell)',
    run: async (c, rest) => {
      const words = splitWords(rest);
      const dashes = words.indexOf('--');
      if (dashes !== 1 || words.length < 3) return say(c, 'exec: expected exec ENDPOINT[@HOST] -- CMD…, e.g. exec ns1@hostA -- ip -br addr\n');
      say(c, await c.session.exec(words[0]!, words.slice(2)));
    },
  },
  {
    name: 'hosts',
    args: '[connect]',
    summary: 'each host, how it is reached and its connection state (connect: open them now)',
    argWords: ['connect'],
    run: async (c, rest) => say(c, rest.trim() === 'connect' ? await c.session.connect() : c.session.hosts()),
  },
  {
    name: 'explain',
    args: '[STATEMENT]',
    summary: 'teach a statement (without staging it), or every staged statement; changes nothing',
    run: async (c, rest) => say(c, await c.session.explain(rest)),
  },
  {
    name: 'load',
    args: 'FILE…',
    summary: 'check .vnet files with the session and stage their statements',
    run: async (c, rest) => {
      const files = splitWords(rest);
      say(c, files.length ? await c.session.load(files) : 'load: which file? (load FILE…)\n');
    },
  },
  {
    name: 'save',
    args: 'FILE',
    summary: 'write the session as a tidy .vnet (one statement per line, in order)',
    run: async (c, rest) => {
      const [file, more] = splitWords(rest);
      say(c, file && !more ? await c.session.save(file) : 'save: one file name, please (save FILE)\n');
    },
  },
  { name: 'reset', args: '', summary: 'forget every statement and the undo history (the hosts are not touched)', run: async (c) => say(c, await c.session.reset()) },
  { name: 'help', args: '[TOPIC]', summary: 'this list, or one statement or command in detail', run: (c, rest) => say(c, helpText(rest.trim() || undefined)) },
  {
    name: 'set',
    args: 'apply auto|staged',
    summary: 'auto: apply every accepted statement at once; staged (default): wait for apply',
    argWords: ['apply'],
    run: (c, rest) => {
      const [what, value, more] = splitWords(rest);
      if (what === undefined) return say(c, `apply ${c.session.settings.apply}\n`);
      if (what !== 'apply' || (value !== 'auto' && value !== 'staged') || more) return say(c, 'set: expected set apply auto|staged\n');
      c.session.settings.apply = value;
      const waiting = c.session.stagedStatements.length;
      say(c, value === 'auto' ? `apply auto: each statement is applied as soon as it is accepted${waiting ? ` (the ${waiting} staged now go with the next one, or type apply)` : ''}\n` : 'apply staged: statements wait for apply\n');
    },
  },
  {
    name: 'trace',
    args: 'from NS[@HOST] to IPV4 [proto icmp|tcp|udp] [port N] [--json]',
    summary: 'where a packet from a namespace goes on the hosts, hop by hop, and why (OpenFlow rules, VLAN, tunnels, drops)',
    argWords: ['from'],
    run: async (c, rest) => say(c, await c.session.trace(rest)),
  },
  { name: 'exit', aliases: ['quit'], args: '', summary: 'leave the shell (warns once if statements are staged)', run: () => 'exit' },
];

/** Every word that starts a command (names and aliases). */
export const COMMAND_WORDS: readonly string[] = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);

export function findCommand(word: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === word || c.aliases?.includes(word));
}

/** Run one command line (its first word names the command). */
export async function runCommand(ctx: CommandContext, line: string): Promise<CommandSignal> {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(line);
  const spec = m && findCommand(m[1]!);
  if (!spec) {
    ctx.write(`unknown command '${m?.[1] ?? line}'\n`);
    return undefined;
  }
  return (await spec.run(ctx, m![2]!.trim())) ?? undefined;
}

/** A misspelt command (and not a misspelt statement): the hint to give instead of a syntax error. */
export function commandTypo(word: string): string | undefined {
  if (closest(word, STATEMENT_KEYWORDS)) return undefined;
  const guess = closest(word, COMMAND_WORDS);
  return guess && `unknown command '${word}': did you mean '${guess}'? ('help' lists the commands)\n`;
}

function statementHelp(kind: StatementKeyword): string {
  const spec = STATEMENTS[kind];
  const options = Object.entries(optionsOf(kind));
  const width = Math.max(0, ...options.map(([k]) => k.length));
  const lines = [`usage: ${spec.usage}`, `  ${spec.summary}`];
  if (options.length) {
    lines.push('', 'options (any order, each at most once):');
    for (const [k, o] of options) lines.push(`  ${k.padEnd(width)}  ${o!.help}${o!.values ? ` (${o!.values.join('|')})` : ''}${o!.required ? ' [required]' : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** `help` (everything in brief), `help STATEMENT` (usage and options from the grammar table), `help COMMAND`. */
export function helpText(topic?: string): string {
  if (topic && (STATEMENT_KEYWORDS as readonly string[]).includes(topic)) return statementHelp(topic as StatementKeyword);
  const cmd = topic && findCommand(topic);
  if (cmd) return `usage: ${[cmd.name, cmd.args].filter(Boolean).join(' ')}\n  ${cmd.summary}${cmd.aliases ? `\n  (also: ${cmd.aliases.join(', ')})` : ''}\n`;
  if (topic) {
    const guess = closest(topic, [...STATEMENT_KEYWORDS, ...COMMAND_WORDS]);
    return `no help for '${topic}'${guess ? `: did you mean '${guess}'?` : ''} (type 'help' for the list)\n`;
  }
  const kw = Math.max(...STATEMENT_KEYWORDS.map((k) => k.length));
  const heads = COMMANDS.map((c) => [c.name, c.args].filter(Boolean).join(' '));
  const cw = Math.max(...heads.map((h) => h.length));
  return [
    'Statements (typed lines are checked and staged; nothing touches a host until apply):',
    ...STATEMENT_KEYWORDS.map((k) => `  ${k.padEnd(kw)}  ${STATEMENTS[k].summary}`),
    '',
    'Commands:',
    ...COMMANDS.map((c, i) => `  ${heads[i]!.padEnd(cw)}  ${c.summary}`),
    '',
    "help TOPIC shows a statement's usage and options. Tab completes keywords, options, values and",
    'declared names. End a line with \\ to continue it; an unfinished statement continues by itself.',
    'Ctrl-C clears the line (and interrupts an apply, which then rolls back); Ctrl-D or exit leaves.',
    '',
  ].join('\n');
}
