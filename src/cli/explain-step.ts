/**
 * `vsh explain FILE… --step [--apply]`: a guided walk through a script, one statement at a
 * time — the concept, the commands per host, and what to look at afterwards — waiting for
 * Enter between statements on a terminal (`q` quits, no Enter needed; without a terminal
 * it does not wait).
 *
 * With `--apply` each statement is also built on the hosts as the walk reaches it: the
 * script up to and including that statement is planned against the live hosts (the same
 * makePlan/applySteps as `vsh apply`, so only what is new comes out) and applied as one
 * transaction; then the look commands run and every `expect` line whose statements have all
 * been applied is checked, so the learner sees the network come alive step by step. A
 * statement that cannot stand without a later one (a forward reference) waits and is
 * applied with it. At the end every `expect` line is checked once more: that is the verdict.
 * Ctrl-C rolls back the statement being applied and stops; what earlier statements built
 * stays, and quitting lists it with the commands that remove it (`vsh destroy`) or go on.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Step } from '../backends/backend.js';
import { makePlan, planSteps } from '../backends/plan.js';
import { renderStep } from '../backends/render-plan.js';
import { applySteps } from '../exec/apply.js';
import { showCommand } from '../exec/command.js';
import { expectSource, runExpectations, type ExpectationResult } from '../exec/expectations.js';
import type { Statement } from '../lang/ast.js';
import { hasErrors, type Diagnostic } from '../lang/diagnostics.js';
import { hostKey, type ExpectObj, type Model } from '../lang/model.js';
import type { Source } from '../lang/parse.js';
import { frontEnd, type FrontEndResult } from '../lang/pipeline.js';
import { wantColor } from '../lang/render.js';
import { describeOutcome, hostRows } from '../commands/apply-report.js';
import { Executors } from '../commands/executors.js';
import { loadModel, printDiagnostics, type Loaded } from './load-model.js';
import { explainStatement, looksOf, stepOf, wrap } from '../explain/statement.js';

export interface ExplainStepOptions {
  apply: boolean;
  project?: string;
}

/** Up to this many steps left on the hosts are named when quitting; more are counted per kind. */
const NAMED_STAYS = 12;

/** Lines of a look command's output shown at most (the rest is counted). */
const LOOK_LINES = 30;

const key = (s: { span: { file: string; offset: number } }) => `${s.span.file}:${s.span.offset}`;

/**
 * The sources that hold the script up to and including `s`: the files before its file
 * whole, its file cut after it (offsets stay those of the whole script, so spans match).
 */
export function prefixSources(sources: readonly Source[], s: Statement): Source[] {
  const at = sources.findIndex((src) => src.file === s.span.file);
  return sources.slice(0, at + 1).map((src, i) => (i === at ? { file: src.file, text: src.text.slice(0, s.span.endOffset) } : src));
}

/** The IPv4 address of a CIDR or a plain address. */
const ipOf = (a: string | undefined) => a?.split('/')[0];

/**
 * The statements an `expect` line depends on, as indices into `statements`: its namespace,
 * the ports that lead into it, the object holding the address it pings, and every bridge
 * and link (tunnels, OVS bonds over bridges) of the layer-2 pieces those sit in. Once all
 * of them are applied the line is worth checking: a `reach` can pass and a `noreach` means
 * something (it is not just "nothing there yet").
 */
export function expectDependencies(front: FrontEndResult): Map<ExpectObj, number[]> {
  const model: Model = front.model;
  const index = new Map(front.statements.map((s, i) => [key(s), i]));
  // Bridges joined by tunnels and by OVS bonds whose slaves are bridges of the same host.
  const links = new Map<string, { to: string; stmt: Statement }[]>();
  const join = (a: string, b: string, stmt: Statement) => {
    for (const [x, y] of [[a, b], [b, a]] as const) links.set(x, [...(links.get(x) ?? []), { to: y, stmt }]);
  };
  for (const t of model.tunnels) join(hostKey(t.ends[0].host, t.ends[0].bridge), hostKey(t.ends[1].host, t.ends[1].bridge), t.stmt);
  for (const b of model.bonds) {
    if (!b.bridge) continue;
    for (const slave of b.stmt.slaves) if (model.bridges.has(hostKey(b.host, slave.value))) join(hostKey(b.host, b.bridge), hostKey(b.host, slave.value), b.stmt);
  }
  const component = (start: string): { bridges: Set<string>; stmts: Statement[] } => {
    const bridges = new Set([start]);
    const stmts: Statement[] = [];
    const todo = [start];
    while (todo.length) {
      for (const l of links.get(todo.pop()!) ?? []) {
        stmts.push(l.stmt);
        if (!bridges.has(l.to)) {
          bridges.add(l.to);
          todo.push(l.to);
        }
      }
    }
    return { bridges, stmts };
  };
  const out = new Map<ExpectObj, number[]>();
  for (const e of model.expects) {
    const deps: Statement[] = [];
    const ns = model.namespaces.get(hostKey(e.host, e.ns));
    if (ns) deps.push(ns.stmt);
    const fromPorts = model.ports.filter((p) => p.host === e.host && p.stmt.peer?.ns.value === e.ns);
    const from = fromPorts.map((p) => hostKey(p.host, p.bridge));
    const reachable = new Set(from.flatMap((b) => [...component(b).bridges]));
    // Who holds the address: a veth peer or internal port, a bridge, a libvirt network's gateway.
    const target = e.stmt.target.value;
    const owners: { stmt: Statement; bridge?: string; ns?: Statement }[] = [
      ...model.ports
        .filter((p) => ipOf(p.stmt.address?.value) === target)
        .map((p) => ({ stmt: p.stmt as Statement, bridge: hostKey(p.host, p.bridge), ns: p.stmt.peer && model.namespaces.get(hostKey(p.host, p.stmt.peer.ns.value))?.stmt })),
      ...[...model.bridges.values()].filter((b) => ipOf(b.stmt.address?.value) === target).map((b) => ({ stmt: b.stmt as Statement, bridge: hostKey(b.host, b.name) })),
      ...[...model.networks.values()].filter((n) => ipOf(n.stmt.gateway?.value) === target).map((n) => ({ stmt: n.stmt as Statement })),
    ];
    // The same address in several segments (two tenants): the one the namespace can reach, else all of them.
    const near = owners.filter((o) => o.bridge !== undefined && reachable.has(o.bridge));
    const chosen = near.length ? near : owners;
    for (const x of fromPorts.map((p) => p.stmt)) deps.push(x);
    for (const o of chosen) deps.push(o.stmt, ...(o.ns ? [o.ns] : []));
    for (const b of new Set([...from, ...chosen.flatMap((o) => (o.bridge ? [o.bridge] : []))])) {
      const c = component(b);
      for (const x of c.stmts) deps.push(x);
      for (const x of c.bridges) {
        const bridge = model.bridges.get(x);
        if (bridge) deps.push(bridge.stmt);
      }
    }
    out.set(e, [...new Set(deps.map((d) => index.get(key(d))).filter((i): i is number => i !== undefined))].sort((a, b) => a - b));
  }
  return out;
}

/** A step, exactly: host, object and commands. */
const signature = (st: Step) => `${st.host}\0${st.object}\0${st.commands.map(showCommand).join('\n')}`;

function describeExpectation(r: ExpectationResult, final: boolean): string {
  const word = r.passed ? 'passed' : final ? 'FAILED' : 'not yet';
  return `${word}: expect ${r.expect.stmt.reach ? 'reach' : 'noreach'} ${expectSource(r.expect)} ${r.expect.stmt.target.value} — ${r.detail}${!r.passed && !final ? ' (checked again at the end)' : ''}`;
}

function indent(text: string, by: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => by + l).join('\n');
}

/** Waits for Enter on a terminal; `q` (the key alone, or a line `q`/`quit`, or end of input) quits, Ctrl-C interrupts. */
class Pause {
  private rl: Interface | undefined;
  private waiting: ((answer: 'next' | 'quit' | 'interrupt') => void) | undefined;
  /** A pager's `q`: quits at the prompt without Enter (readline already parses keys on a terminal). */
  private readonly onKey = (_text: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined) => {
    if (this.waiting && key?.name === 'q' && !key.ctrl && !key.meta) {
      process.stdout.write('\n');
      this.settle('quit');
    }
  };

  constructor(private readonly onInterrupt: () => void) {
    this.rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // On a terminal readline reads Ctrl-C as a key: it reaches us here, not as a signal.
    this.rl.on('SIGINT', () => (this.waiting ? this.settle('interrupt') : this.onInterrupt()));
    this.rl.on('close', () => this.settle('quit'));
    this.rl.on('line', (line) => this.settle(/^\s*q(uit)?\s*$/i.test(line) ? 'quit' : 'next'));
    process.stdin.on('keypress', this.onKey);
  }

  private settle(answer: 'next' | 'quit' | 'interrupt'): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(answer);
  }

  /** Lines typed while nothing is asked are dropped: an Enter pressed during an apply does not skip a statement. */
  ask(prompt: string): Promise<'next' | 'quit' | 'interrupt'> {
    if (!this.rl) return Promise.resolve('quit');
    process.stdout.write(prompt);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    const rl = this.rl;
    this.rl = undefined;
    process.stdin.off('keypress', this.onKey);
    rl?.close();
  }
}

export async function explainStep(files: string[], options: ExplainStepOptions): Promise<number> {
  const loaded = await loadModel(files, { project: options.project });
  const front = loaded.front;
  if (!front.ok) {
    printDiagnostics(loaded, front.diagnostics, {});
    return 1;
  }
  const out = process.stdout;
  const color = wantColor(out);
  const dim = (t: string) => (color ? `\x1b[2m${t}\x1b[0m` : t);
  const bold = (t: string) => (color ? `\x1b[1m${t}\x1b[0m` : t);
  const texts = new Map(loaded.sources.map((s) => [s.file, s.text]));
  const statements = front.statements;
  const total = statements.length;
  const offline = planSteps(await makePlan(front, { mode: 'apply', offline: true, project: loaded.project }));

  let interrupted = false;
  const abort = new AbortController();
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    out.write('\ninterrupted: stopping (the statement being applied, if any, is rolled back)\n');
    abort.abort();
  };
  // `vsh explain --step … | head`: a closed pipe ends the walk quietly (the listener stays: EPIPE may come late).
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    interrupted = true;
    abort.abort();
  });
  const interactive = process.stdin.isTTY === true;
  const pause = interactive ? new Pause(interrupt) : undefined;
  process.on('SIGINT', interrupt);

  out.write(
    `${bold(`Stepping through ${total} statement${total === 1 ? '' : 's'} of ${files.join(' ')}`)}${options.apply ? ', building each on the hosts as we go.' : '. Nothing is changed (add --apply to build it on the hosts as you go).'}\n` +
      (interactive ? dim('Enter: next statement   q: quit (no Enter needed)   Ctrl-C: stop\n') : ''),
  );
  if (front.diagnostics.length) printDiagnostics(loaded, front.diagnostics, { summary: false });

  const walker = options.apply ? new Applier(loaded, files, out, color) : undefined;
  let stoppedAt: number | undefined;
  let code = 0;
  try {
    if (walker && !(await walker.start())) return 1;
    for (const [i, s] of statements.entries()) {
      out.write(`\n${dim(`── step ${i + 1} of ${total} ${'─'.repeat(Math.max(0, 60 - String(i + 1).length - String(total).length))}`)}\n`);
      if (!walker) out.write(explainStatement(s, offline, texts, color, { look: true }));
      else {
        const r = await walker.step(i, s, offline, abort.signal);
        if (r === 'failed') {
          code = interrupted ? 130 : 1;
          stoppedAt = i;
          break;
        }
      }
      if (interrupted) {
        code = 130;
        stoppedAt = i;
        break;
      }
      if (pause && i < total - 1) {
        const answer = await pause.ask(dim(`[${i + 1}/${total}] Enter: next · q: quit `));
        if (answer !== 'next') {
          if (answer === 'interrupt') interrupt();
          code = answer === 'interrupt' ? 130 : 0;
          stoppedAt = i;
          break;
        }
      }
    }
    if (walker && stoppedAt === undefined) code = await walker.finish();
    if (stoppedAt !== undefined) {
      out.write(`\nStopped after step ${stoppedAt + 1} of ${total}.`);
      const args = [...(options.project ? ['--project', options.project] : []), ...files].join(' ');
      out.write(walker ? walker.whatStays(args) : ' Nothing was changed on the hosts (add --apply to build as you go).\n');
    }
  } finally {
    process.off('SIGINT', interrupt);
    pause?.close();
    await walker?.close();
  }
  return code;
}

/** The `--apply` half: plans the script up to each statement against the live hosts, applies it, looks, checks. */
class Applier {
  private readonly executors: Executors;
  private readonly model: Model;
  private readonly texts: Map<string, string>;
  private readonly deps: Map<ExpectObj, number[]>;
  /** The last statement index up to which the script has been applied. */
  private appliedUpTo = -1;
  private readonly results = new Map<ExpectObj, ExpectationResult>();
  /**
   * The removals the whole script makes (of what vsh made and the script does not declare).
   * A prefix of the script would also remove what later statements declare — the network
   * of an earlier walk, say; those removals are left out, so a walk goes on from what the
   * hosts have rather than tearing it down and building it again.
   */
  private leftovers: Set<string> | undefined;
  /** Statements not applied yet because the script up to them did not check (forward references). */
  private readonly waiting = new Set<string>();
  /** Every step this walk applied (and kept): what stays on the hosts when the learner quits. */
  private readonly applied: Step[] = [];

  constructor(
    private readonly loaded: Loaded,
    private readonly files: string[],
    private readonly out: NodeJS.WritableStream,
    private readonly color: boolean,
  ) {
    this.model = loaded.front.model;
    this.executors = new Executors(this.model.hosts);
    this.texts = new Map(loaded.sources.map((s) => [s.file, s.text]));
    this.deps = expectDependencies(loaded.front);
  }

  private readonly execFor = (host: string) => this.executors.for(host, this.model.hosts.get(host)!);

  /**
   * Read the hosts once for the whole script: what it cannot do there (a missing NIC, no
   * libvirt) is said before anything changes, and its removals are noted (see leftovers).
   */
  async start(): Promise<boolean> {
    const plan = await makePlan(this.loaded.front, { mode: 'apply', executorFor: this.executors.for, project: this.loaded.project });
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      this.printDiagnostics(errors);
      this.out.write(`\nThe hosts cannot take this script (above), so nothing was applied. 'vsh explain --step' without --apply still walks through it.\n`);
      return false;
    }
    this.leftovers = new Set(planSteps(plan).filter((st) => st.action === '-').map(signature));
    return true;
  }

  async step(i: number, s: Statement, offline: readonly Step[], signal: AbortSignal): Promise<'ok' | 'waits' | 'failed'> {
    const out = this.out;
    const prefix = frontEnd(prefixSources(this.loaded.sources, s));
    if (!prefix.ok) {
      // A forward reference: the script up to here does not stand on its own yet.
      const first = prefix.diagnostics.find((d) => d.severity === 'error')!;
      out.write(explainStatement(s, offline, this.texts, this.color, { look: true }));
      out.write(wrap(`not applied yet: the script up to here does not check on its own (${first.code}: ${first.message}); it is applied with the first statement after which it does.`, 88, '  ') + '\n');
      this.waiting.add(key(s));
      return 'waits';
    }
    const plan = await makePlan(prefix, { mode: 'apply', executorFor: this.executors.for, project: this.loaded.project });
    if (signal.aborted) return 'failed';
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    if (hasErrors(errors)) {
      out.write(explainStatement(s, offline, this.texts, this.color, { look: true }));
      this.printDiagnostics(errors);
      out.write('  cannot apply this statement on the hosts (above); stopping here.\n');
      return 'failed';
    }
    for (const h of plan.hosts) h.steps = h.steps.filter((st) => st.action !== '-' || this.leftovers?.has(signature(st)));
    const steps = planSteps(plan);
    out.write(explainStatement(s, steps, this.texts, this.color, { look: true }));
    // Steps of other statements: removals of leftovers, statements that waited for this one, and earlier objects this one changes.
    const others = steps.filter((st) => !stepOf(s)(st));
    const groups: [string, Step[]][] = [
      ['removed first: what vsh made on these hosts and this script does not declare', others.filter((st) => !st.span)],
      ['applied now too: statements that had to wait for this one', others.filter((st) => st.span && this.waiting.has(`${st.span.file}:${st.span.offset}`))],
      ['this statement changes what an earlier one made', others.filter((st) => st.span && !this.waiting.has(`${st.span.file}:${st.span.offset}`))],
    ];
    for (const [title, group] of groups) {
      if (group.length === 0) continue;
      out.write(`  ${title}:\n`);
      for (const st of group) out.write(`${renderStep(st, this.color).replace(/^ {2}/gm, '    ')}${st.span ? `\n      # ${st.span.file}:${st.span.line}` : ''}\n`);
    }
    if (steps.length === 0) {
      if (offline.some(stepOf(s))) out.write('  nothing to change on the hosts: they already have it.\n');
    } else {
      const outcome = await applySteps(new Map(plan.hosts.map((h) => [h.host, h.steps])), { executorFor: this.execFor, signal });
      if (!outcome.ok) {
        out.write(indent(describeOutcome(outcome), '  ') + '\n');
        return 'failed';
      }
      this.applied.push(...outcome.applied);
      out.write(`  applied ${outcome.applied.length} step${outcome.applied.length === 1 ? '' : 's'} on ${[...new Set(outcome.applied.map((x) => x.host))].join(', ')}\n`);
      await this.look(steps);
    }
    this.appliedUpTo = i;
    this.waiting.clear();
    await this.checkExpectations(s);
    return 'ok';
  }

  /** Run the look commands of the applied steps on their hosts and show what they print. */
  private async look(steps: readonly Step[]): Promise<void> {
    for (const host of [...new Set(steps.map((st) => st.host))]) {
      for (const c of looksOf(steps.filter((st) => st.host === host))) {
        this.out.write(`\n  ${host}$ ${showCommand(c)}\n`);
        try {
          const r = await this.execFor(host).run(c);
          const text = (r.stdout + (r.code === 0 ? '' : r.stderr)).replace(/\s+$/, '');
          const lines = text ? text.split('\n') : ['(no output)'];
          const shown = lines.slice(0, LOOK_LINES).join('\n');
          this.out.write(indent(shown, '    ') + '\n' + (lines.length > LOOK_LINES ? `    … ${lines.length - LOOK_LINES} more lines\n` : ''));
        } catch (err) {
          this.out.write(`    (could not run it: ${(err as Error).message})\n`);
        }
      }
    }
  }

  /** Check the expect lines whose statements are all applied now (and, at an expect statement, that one). */
  private async checkExpectations(s: Statement): Promise<void> {
    const ready = this.model.expects.filter((e) => !this.results.has(e) && (this.deps.get(e) ?? []).every((d) => d <= this.appliedUpTo));
    const here = this.model.expects.find((e) => key(e.stmt) === key(s));
    if (ready.length) {
      this.out.write('\n');
      for (const r of await runExpectations({ ...this.model, expects: ready }, this.execFor)) {
        this.results.set(r.expect, r);
        this.out.write(`  ${describeExpectation(r, false)}\n`);
      }
    } else if (here && this.results.has(here)) {
      this.out.write(`  checked earlier, as soon as everything it needs was applied: ${describeExpectation(this.results.get(here)!, false)}\n`);
    } else if (here) {
      this.out.write('  not checked yet: it needs statements further down.\n');
    }
  }

  /** After the last statement: every expect line once more — the verdict, as `vsh run` gives it. */
  async finish(): Promise<number> {
    const expects = this.model.expects;
    if (expects.length === 0) {
      this.out.write(`\nDone: the network is built. 'vsh destroy ${this.files.join(' ')}' removes it.\n`);
      return 0;
    }
    this.out.write('\nThe whole script is applied. Every expect line once more:\n');
    const results = await runExpectations(this.model, this.execFor);
    for (const r of results) this.out.write(`  ${describeExpectation(r, true)}\n`);
    const failed = results.filter((r) => !r.passed).length;
    this.out.write(
      failed === 0
        ? `${results.length === 1 ? 'The expectation' : `All ${results.length} expectations`} passed. 'vsh destroy ${this.files.join(' ')}' removes the network.\n`
        : `${failed} of ${results.length} expectations failed.\n`,
    );
    return failed === 0 ? 0 : 1;
  }

  /**
   * On quitting half-way: what this walk built and left on the hosts (by name, or counted
   * per kind when long), how to remove it, and how to go on. `args`: the files as given.
   */
  whatStays(args: string): string {
    const destroy = `vsh destroy ${args}`;
    if (this.applied.length === 0) {
      return this.appliedUpTo >= 0
        ? ` This walk changed nothing: the hosts already had what it reached, and keep it ('${destroy}' removes it).\n`
        : ' Nothing was changed on the hosts.\n';
    }
    return [
      ' What this walk applied stays on the hosts:',
      ...hostRows(this.applied, this.applied.length <= NAMED_STAYS),
      `To remove it (and anything else of the script):  ${destroy}`,
      `To go on from here (what is there is kept):      vsh explain --step --apply ${args}`,
      '',
    ].join('\n');
  }

  private printDiagnostics(diagnostics: Diagnostic[]): void {
    printDiagnostics(this.loaded, diagnostics, { summary: false });
  }

  async close(): Promise<void> {
    await this.executors.closeAll();
  }
}

