/**
 * Asking before apply changes hosts, as Terraform does: the plan is shown and a person at
 * a terminal answers. Scripts and pipes are never asked (stdin is not a TTY), nor are
 * `--yes` and `--json` runs, so nothing that ran unattended before starts to hang.
 */
import { createInterface } from 'node:readline';

export interface ConfirmContext {
  /** `-y`/`--yes` given. */
  yes?: boolean;
  /** `--json`: a program reads the output, nobody answers. */
  json?: boolean;
  /** Is stdin a terminal (a person can answer)? */
  stdinIsTTY: boolean;
}

/** Whether to show the plan and ask before applying it. */
export function needsConfirmation(c: ConfirmContext): boolean {
  return c.stdinIsTTY && !c.yes && !c.json;
}

/**
 * The question after the plan, the same from the CLI and the REPL: what will be done, how
 * many changes, on which hosts, and how not to be asked (`skip`: `-y` or `apply -y`).
 */
export function confirmQuestion(verb: string, plan: { hosts: readonly { host: string; steps: readonly unknown[] }[] }, skip: string): string {
  const changes = plan.hosts.reduce((n, h) => n + h.steps.length, 0);
  const hosts = plan.hosts.filter((h) => h.steps.length > 0).map((h) => h.host);
  return `\n${verb} these ${changes} change${changes === 1 ? '' : 's'} on ${hosts.join(', ')}? (y/N, ${skip} skips this) `;
}

/** `yes`/`y` (any case) is yes; anything else, end of input or Ctrl-C is no. */
export const isYes = (answer: string): boolean => /^\s*y(es)?\s*$/i.test(answer);

/** Ask `question` on the terminal; resolves true only for a yes. */
export function confirm(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
    let answered = false;
    const done = (yes: boolean) => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(yes);
    };
    // On a terminal readline reads Ctrl-C as a key: it is a no here, not the apply's interrupt.
    rl.on('SIGINT', () => {
      output.write('\n');
      done(false);
    });
    rl.on('close', () => done(false));
    rl.question(question, (answer) => done(isYes(answer)));
  });
}
