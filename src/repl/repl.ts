/**
 * The `vsh>` prompt on node:repl. This file only wires streams, keys and history to the
 * Session (state) and commands.ts (what the commands do): statements go to the session,
 * the first word of a command line picks the command. The streams are arguments, so tests
 * drive the shell through PassThrough streams exactly as a terminal does.
 */
import repl, { Recoverable, type REPLServer } from 'node:repl';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../lang/model.js';
import { parseSource } from '../lang/parse.js';
import { wantColor } from '../lang/render.js';
import { isYes } from '../commands/confirm.js';
import { progressReporter } from '../commands/progress.js';
import { commandTypo, findCommand, runCommand } from './commands.js';
import { complete, namesOf } from './complete.js';
import { entryText, firstWord } from './entry.js';
import { PROMPT_FILE } from './layout.js';
import { Session } from './session.js';

export interface ReplOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** .vnet files loaded (staged) before the first prompt. */
  files?: readonly string[];
  /** `--project`: whose objects the session's applies make and remove. */
  project?: string;
  /** History file; '' keeps no history. Default: $VSH_HISTORY, else ~/.vsh_history. */
  historyPath?: string;
  /** Line editing, Tab, history (default: when the output is a terminal). */
  terminal?: boolean;
  /** Colour in diagnostics and plans (default: a terminal without NO_COLOR). */
  color?: boolean;
  /** A session made by the caller (tests inject one with recording executors). */
  session?: Session;
}

export interface Repl {
  session: Session;
  server: REPLServer;
  /** Resolves once the shell has ended: every command finished and the connections closed. */
  closed: Promise<void>;
}

/** The prompt for a context (LANGUAGE.md §2): `vsh(hostA/br-int)> `, `vsh> ` when nothing is current. */
export function promptFor(ctx: Context): string {
  const place = [ctx.host, ctx.bridge].filter(Boolean).join('/');
  const where = ctx.network ? `${place}${place ? ' ' : ''}net:${ctx.network}` : place;
  return where ? `vsh(${where})> ` : 'vsh> ';
}

export async function startRepl(options: ReplOptions): Promise<Repl> {
  const { input, output } = options;
  const terminal = options.terminal ?? (output as { isTTY?: boolean }).isTTY === true;
  const color = options.color ?? wantColor(output as { isTTY?: boolean });
  const write = (text: string) => void output.write(text);
  const session = options.session ?? new Session({ color, project: options.project, progress: () => progressReporter(output as NodeJS.WriteStream, terminal) });

  if (options.files?.length) {
    write((await session.load(options.files)).text);
    session.projectFromFiles(options.files);
  }
  if (terminal) write("vsh — type statements to stage them, 'plan' and 'apply' to use them; 'help', Tab completes.\n");

  /** Lines of an unfinished entry so far (node:repl keeps its own copy; completion needs it). */
  let pending = '';
  /** Commands run one after another even when lines arrive while one is busy (a paste, a pipe). */
  let queue: Promise<void> = Promise.resolve();
  /** The running command's Ctrl-C. */
  let running: AbortController | undefined;
  let closed = false;
  /** Set when leaving was refused once because of staged statements; the next try leaves. */
  let warned = false;
  /** While a command asks a question (apply's confirmation): who takes the next line. */
  let answer: ((yes: boolean) => void) | undefined;
  /**
   * Ask on the terminal, as the CLI does: the question is written, the prompt is emptied
   * (node:repl shows it again after the answer line), and the next line is the answer, not
   * a command. Ctrl-C and leaving are a no. Only on a terminal: piped input is never asked.
   */
  const ask = terminal
    ? (question: string) =>
        new Promise<boolean>((resolve) => {
          write(question);
          server.setPrompt('');
          answer = (yes) => {
            answer = undefined;
            resolve(yes);
          };
        })
    : undefined;

  const server = repl.start({
    prompt: promptFor(session.context),
    input,
    output,
    terminal,
    useColors: false,
    preview: false,
    ignoreUndefined: true,
    completer: (line: string) => complete(entryText(pending + line), namesOf(session.model)),
    eval: (cmd, _context, _file, callback) => {
      // node:repl passes its buffered lines plus the new one; its buffer is cleared only when
      // a command finishes, which with queued commands can be late. So the entry is built from
      // our own `pending` and the new line (the last one), and node's buffer only picks the prompt.
      const line = cmd.replace(/\r?\n$/, '').split(/\r?\n/).at(-1) ?? '';
      if (answer) {
        answer(isYes(line));
        server.clearBufferedCommand();
        return callback(null, undefined);
      }
      // A blank line under an unfinished statement gives up on it: it is checked as it is.
      const final = pending !== '' && line.trim() === '';
      const full = final ? pending : pending + line + '\n';
      const text = entryText(full);
      const word = firstWord(text);
      const command = findCommand(word);
      // Anything but another `exit` means the warning about staged statements was heard.
      if (command?.name !== 'exit') warned = false;
      if (!word) {
        pending = '';
        return callback(null, undefined);
      }
      if (!command && !final && parseSource({ file: PROMPT_FILE, text }).incomplete) {
        pending = full;
        return callback(new Recoverable(new SyntaxError('unfinished statement')), undefined);
      }
      pending = '';
      server.clearBufferedCommand();
      queue = queue
        .then(async () => {
          // Ctrl-C interrupts only what changes hosts (apply, undo, a statement in auto mode); otherwise it clears the line.
          const controller = new AbortController();
          const signal = controller.signal;
          if (command ? command.interruptible : session.settings.apply === 'auto') running = controller;
          if (command) {
            if ((await runCommand({ session, write, signal, ask }, text)) === 'exit' && !refuseToLeave()) {
              leave();
              return;
            }
          } else {
            const typo = commandTypo(word);
            write(typo ?? (await session.submit(text, { final, signal })).text);
          }
          if (!closed) server.setPrompt(promptFor(session.context));
          if (!closed) callback(null, undefined);
        })
        .catch((err: Error) => {
          // A bug, not a user error: say so and carry on (session methods change state only once they have succeeded).
          write(`vsh: internal error: ${err.stack ?? err}\n`);
          if (!closed) callback(null, undefined);
        })
        .finally(() => (running = undefined));
    },
  });

  // node's own .save/.load/.editor/.clear are about JavaScript; .break and .exit stay.
  const commands = server.commands as Record<string, unknown>;
  for (const c of ['save', 'load', 'editor', 'clear']) delete commands[c];
  server.defineCommand('break', {
    help: 'Abandon the unfinished statement',
    action() {
      pending = '';
      server.clearBufferedCommand();
      server.displayPrompt();
    },
  });

  // Ctrl-C clears the line (never leaves); during apply/undo it interrupts, which rolls back.
  server.removeAllListeners('SIGINT');
  server.on('SIGINT', () => {
    if (answer) {
      write('\n');
      answer(false);
      return;
    }
    if (running) {
      running.abort();
      write('\ninterrupted: stopping after the current batch and rolling back…\n');
      return;
    }
    pending = '';
    server.clearBufferedCommand();
    (server as unknown as { clearLine(): void }).clearLine();
    server.displayPrompt();
  });

  // Ctrl-D (readline calls close()) and `exit` warn once when statements are staged.
  let lastKeyWasCtrlD = false;
  input.prependListener('keypress', (_s: string, key?: { ctrl?: boolean; name?: string }) => {
    lastKeyWasCtrlD = key?.ctrl === true && key.name === 'd';
  });
  function refuseToLeave(): boolean {
    const n = session.stagedStatements.length;
    if (warned || n === 0) return false;
    warned = true;
    write(`${n} staged statement${n === 1 ? ' is' : 's are'} not applied: 'apply' them, 'discard' them, or leave again to drop them\n`);
    return true;
  }
  const realClose = server.close.bind(server);
  const leave = () => {
    closed = true;
    realClose();
  };
  (server as { close: () => void }).close = () => {
    // Ctrl-D at apply's question is a no, as Ctrl-C is: the shell stays.
    if (lastKeyWasCtrlD && answer) {
      lastKeyWasCtrlD = false;
      write('\n');
      answer(false);
      return;
    }
    if (lastKeyWasCtrlD && refuseToLeave()) {
      lastKeyWasCtrlD = false;
      server.displayPrompt();
      return;
    }
    leave();
  };

  const ended = new Promise<void>((resolve) => server.once('exit', resolve));
  const done = ended.then(async () => {
    closed = true;
    // Leaving while asked (Ctrl-D at the question) is a no: the command ends, nothing changes.
    answer?.(false);
    // Input can end (a pipe, Ctrl-D) while a command still runs: let it finish, then close the connections.
    await queue;
    await session.close();
  });

  const historyPath = options.historyPath ?? process.env.VSH_HISTORY ?? join(homedir(), '.vsh_history');
  if (historyPath !== '' && terminal) {
    await new Promise<void>((resolve) =>
      server.setupHistory(historyPath, (err) => {
        if (err) write(`vsh: no history (${err.message})\n`);
        resolve();
      }),
    );
  }
  return { session, server, closed: done };
}
