/**
 * The state of one `vsh>` session, independent of node:repl (tests drive it directly):
 * the statements applied to the hosts, the statements staged since, an undo stack of the
 * steps each apply ran, the context, settings, and one executor per host kept for the
 * whole session. Every method leaves the session either fully changed or not at all, and
 * answers with text for a person; none throws on user error.
 *
 * The model is always the front end run over every statement of the session in order
 * (applied, then staged), so a new line is checked against everything before it and the
 * context after the last statement is the prompt's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Step } from '../backends/backend.js';
import type { Plan } from '../backends/plan.js';
import type { Progress } from '../exec/apply.js';
import type { Executor } from '../exec/executor.js';
import type { HostStmt, Statement } from '../lang/ast.js';
import { hasErrors, type Diagnostic } from '../lang/diagnostics.js';
import type { Context, Model } from '../lang/model.js';
import { projectOf } from '../backends/ownership.js';
import { ParseCache } from '../lang/parse.js';
import { frontEnd, type FrontEndResult } from '../lang/pipeline.js';
import { renderDiagnostic, renderDiagnostics } from '../lang/render.js';
import { layoutSources, layoutTexts, lineCount, piecesOf, PROMPT_FILE, tidy, type Placed } from './layout.js';
import { showIr, showTable, table, type LiveTopic, type ShowTopic } from './show.js';
import { TrackedExecutor } from './tracked-executor.js';

/** How a session reaches hosts: one executor per host, reused; closed when the session ends. */
export interface ExecutorPool {
  for(name: string, host: HostStmt): Executor;
  closeAll(): Promise<void>;
}

export interface SessionOptions {
  /** Make the pool for the declared hosts (a live map). Default: the `Executors` the CLI uses too (local, or one SSH connection per host). */
  executors?: (hosts: ReadonlyMap<string, HostStmt>) => ExecutorPool;
  /** Colour in rendered diagnostics and plans. */
  color?: boolean;
  /** A fresh progress reporter for each apply/undo (a terminal reporter redraws its own lines only). */
  progress?: () => (p: Progress) => void;
  /** Whose objects the session's applies make and remove (ownership.ts); default: from the files loaded first, else `repl`. */
  project?: string;
}

/** What a method did, for a person. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export interface AcceptOutcome extends Outcome {
  /** `incomplete`: the entry ended mid-statement (the REPL asks for the next line). */
  status: 'staged' | 'rejected' | 'incomplete' | 'empty';
  /** The statements staged by this entry. */
  staged: Placed[];
  /** The diagnostics shown: every error, and warnings this entry brought. */
  diagnostics: Diagnostic[];
}

export interface Settings {
  /** `auto`: every accepted statement is applied at once. */
  apply: 'staged' | 'auto';
}

/** One apply: the steps that took effect (undo reverts them) and the statements it committed. */
interface ApplyRecord {
  steps: Step[];
  statements: Placed[];
}

/** A check of the session's statements plus, optionally, new text. */
interface Checked {
  front: FrontEndResult;
  texts: Map<string, string>;
  sources: ReturnType<typeof layoutSources>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const diagKey = (d: Diagnostic) => `${d.code} ${d.span.file}:${d.span.line}:${d.span.column} ${d.message}`;

/** A step run backwards: its undo commands forward (and, should the undo fail midway, its commands to put it back). */
function inverted(step: Step): Step {
  return { ...step, action: step.action === '+' ? '-' : step.action === '-' ? '+' : '~', commands: step.undo, undo: step.commands };
}

export class Session {
  readonly settings: Settings = { apply: 'staged' };
  private applied: Placed[] = [];
  private staged: Placed[] = [];
  private readonly undoStack: ApplyRecord[] = [];
  /** The `<repl>` line the next entry is written on. */
  private nextLine = 1;
  private front: FrontEndResult;
  private readonly parseCache = new ParseCache();
  private texts = new Map<string, string>();
  /** The declared hosts, kept current: the pool reads it when it opens a connection. */
  private readonly liveHosts = new Map<string, HostStmt>();
  private pool?: ExecutorPool;
  /** Executors handed out, with the host definition each was made for. */
  private readonly trackers = new Map<string, { exec: TrackedExecutor; definition: string }>();

  /** Whose objects this session's applies make and remove (ownership.ts). */
  project: string;

  constructor(private readonly options: SessionOptions = {}) {
    this.front = frontEnd([]);
    this.project = options.project ?? 'repl';
  }

  /** Take the project from the files loaded before the first prompt (`vsh repl hosts.vnet lab.vnet` → `lab`), as `vsh run` would. */
  projectFromFiles(files: readonly string[]): void {
    if (this.options.project === undefined && files.length > 0) this.project = projectOf(files, this.front.statements);
  }

  get color(): boolean {
    return this.options.color ?? false;
  }

  /** Every statement, in order: applied, then staged. */
  get statements(): readonly Placed[] {
    return [...this.applied, ...this.staged];
  }

  get stagedStatements(): readonly Placed[] {
    return this.staged;
  }

  get appliedStatements(): readonly Placed[] {
    return this.applied;
  }

  get model(): Model {
    return this.front.model;
  }

  /** The current host/bridge/network (after the last statement). */
  get context(): Context {
    return this.front.model.context;
  }

  get undoDepth(): number {
    return this.undoStack.length;
  }

  /** Check the session's statements plus `extra` (not yet part of it) as one model. */
  private check(extra: Placed[] = []): Checked {
    const pieces = [...this.applied, ...this.staged, ...extra];
    const sources = layoutSources(pieces);
    return { front: frontEnd(sources, { parseCache: this.parseCache }), texts: layoutTexts(pieces), sources };
  }

  /** Make a check the session's state (after a change that had no errors). */
  private commit(checked: Checked): void {
    this.front = checked.front;
    this.texts = checked.texts;
    this.liveHosts.clear();
    for (const [name, h] of checked.front.model.hosts) this.liveHosts.set(name, h);
  }

  private refresh(): void {
    this.commit(this.check());
  }

  /** Diagnostics in the caret format, with the source lines they point at. */
  render(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string> = this.texts): string {
    return diagnostics.map((d) => renderDiagnostic(d, texts, { color: this.color }) + '\n').join('\n');
  }

  /** What a check found that a person needs to see now: every error, and only the warnings that are new. */
  private news(front: FrontEndResult): Diagnostic[] {
    const seen = new Set(this.front.diagnostics.map(diagKey));
    return front.diagnostics.filter((d) => d.severity === 'error' || !seen.has(diagKey(d)));
  }

  /** The new statements of a check (those of `file` from `line` on), cut out of the source they were parsed from. */
  private piecesFrom(checked: Checked, file: string, line: number): Placed[] {
    const source = checked.sources.filter((s) => s.file === file).at(-1)!;
    return piecesOf(
      checked.front.statements.filter((s) => s.span.file === file && s.span.line >= line),
      source,
    );
  }

  /**
   * One entry typed at the prompt (one or more statements): checked together with every
   * statement of the session, and staged only if that finds no error. An error anywhere
   * (also a conflict reported on an earlier line) stages nothing.
   */
  accept(text: string, options: { final?: boolean } = {}): AcceptOutcome {
    const entry: Placed = { text, origin: { file: PROMPT_FILE, line: this.nextLine, column: 1 } };
    const checked = this.check([entry]);
    const { front } = checked;
    // `final`: no more lines will come (a blank continuation line), so an unfinished statement is an error.
    if (front.incomplete && !options.final) return { ok: false, status: 'incomplete', staged: [], diagnostics: [], text: '' };
    const shown = this.news(front);
    if (!front.ok) {
      const errors = shown.filter((d) => d.severity === 'error').length;
      return { ok: false, status: 'rejected', staged: [], diagnostics: shown, text: this.render(shown, checked.texts) + `not staged: ${plural(errors, 'error')}\n` };
    }
    const staged = this.piecesFrom(checked, PROMPT_FILE, entry.origin.line);
    if (staged.length === 0) return { ok: true, status: 'empty', staged, diagnostics: shown, text: this.render(shown, checked.texts) };
    // Only the statements are kept (not comments), each at the place it was typed.
    for (const x of staged) this.staged.push(x);
    this.nextLine += lineCount(text);
    this.commit(checked);
    return { ok: true, status: 'staged', staged, diagnostics: shown, text: this.render(shown) };
  }

  /** `accept`, then in `set apply auto` mode apply at once (a failed apply unstages the entry again). */
  async submit(text: string, options: { final?: boolean; signal?: AbortSignal } = {}): Promise<AcceptOutcome> {
    const accepted = this.accept(text, options);
    if (accepted.status !== 'staged' || this.settings.apply !== 'auto') return accepted;
    const applied = await this.apply(options.signal);
    if (!applied.ok) {
      this.staged = this.staged.filter((p) => !accepted.staged.includes(p));
      this.refresh();
      return { ...accepted, ok: false, status: 'rejected', staged: [], text: accepted.text + applied.text + 'not staged: the apply did not go through\n' };
    }
    return { ...accepted, text: accepted.text + applied.text };
  }

  /** `check`: every diagnostic of the whole session and the summary line. */
  checkAll(): Outcome {
    const { front, texts } = this.check();
    return { ok: front.ok, text: renderDiagnostics(front.diagnostics, texts, front.written, { color: this.color }) };
  }

  // ---- hosts -------------------------------------------------------------------------

  /** The executor of a host for this session: made once, kept (its SSH connection stays open). */
  private readonly executorFor = (name: string, host: HostStmt): Executor => {
    const definition = definitionOf(host);
    const known = this.trackers.get(name);
    if (known && known.definition === definition) return known.exec;
    if (!this.pool) throw new Error('internal: hosts reached before reachHosts()');
    const exec = new TrackedExecutor(this.pool.for(name, host));
    this.trackers.set(name, { exec, definition });
    return exec;
  };

  /**
   * Before reaching hosts: the pool exists (the CLI's executors are imported only now:
   * typing needs neither ssh2 nor execa), and a host that was redeclared differently
   * (after `discard`, `undo` or `reset`) does not keep the connection made for its old
   * definition. The pool caches by name, so it is closed and made afresh — rare.
   */
  private async reachHosts(): Promise<void> {
    const stale = [...this.trackers].some(([name, t]) => {
      const h = this.liveHosts.get(name);
      return !h || definitionOf(h) !== t.definition;
    });
    if (stale) await this.closeHosts();
    this.pool ??= this.options.executors ? this.options.executors(this.liveHosts) : new (await import('../commands/executors.js')).Executors(this.liveHosts);
  }

  private async closeHosts(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.trackers.clear();
    await pool?.closeAll();
  }

  /** `hosts`: each declared host, how it is reached and the state of its connection. */
  hosts(): string {
    if (this.model.hosts.size === 0) return 'no hosts declared (host NAME local, or host NAME address IPV4)\n';
    const rows = [...this.model.hosts.values()].map((h) => {
      const t = this.trackers.get(h.name.value)?.exec;
      const how = h.local ? 'local' : `ssh ${h.user ? `${h.user.value}@` : ''}${h.address?.value ?? h.name.value}${h.port ? `:${h.port.value}` : ''}${h.jump ? ` via ${h.jump.value}` : ''}`;
      const state = !t ? 'not connected' : t.state === 'failed' ? `failed: ${t.error}` : h.local && t.state === 'connected' ? 'ready' : t.state;
      return [h.name.value, how, state];
    });
    return table([['HOST', 'REACHED', 'STATE'], ...rows]);
  }

  /** `hosts connect`: open every host's connection now (a cheap `true`), to find unreachable hosts before a plan. */
  async connect(): Promise<string> {
    await this.reachHosts();
    await Promise.all(
      [...this.model.hosts].map(([name, h]) =>
        this.executorFor(name, h)
          .run({ argv: ['true'] })
          .catch(() => undefined),
      ),
    );
    return this.hosts();
  }

  /** `trace from NS[@HOST] to IPV4 …`: where a packet goes on the hosts, hop by hop (src/trace). */
  async trace(rest: string): Promise<Outcome> {
    const [{ parseTraceArgs }, { trace, TraceError }, { renderTrace, traceJson }] = await Promise.all([import('../trace/trace-args.js'), import('../trace/trace.js'), import('../trace/render.js')]);
    const words = rest.split(/\s+/).filter(Boolean);
    const json = words.includes('--json');
    const args = parseTraceArgs(['from', ...words.filter((w) => w !== '--json')].slice(words[0] === 'from' ? 1 : 0));
    if (typeof args === 'string' || args.files.length > 0) return { ok: false, text: `trace: ${typeof args === 'string' ? args : 'no files here: the session is the model'} (trace from NS[@HOST] to IPV4 [proto icmp|tcp|udp] [port N] [--json])\n` };
    await this.reachHosts();
    try {
      const result = await trace({ model: this.model, project: this.project, sources: this.texts, executorFor: this.executorFor }, args.request);
      return { ok: true, text: json ? traceJson(result) + '\n' : renderTrace(result) };
    } catch (err) {
      if (!(err instanceof TraceError)) throw err;
      return { ok: false, text: `trace: ${err.message}\n` };
    }
  }

  // ---- plan, apply, undo --------------------------------------------------------------

  /** `plan [--offline]`: what `apply` would run, host by host (the CLI's planner and renderer). */
  async plan(options: { offline?: boolean } = {}): Promise<Outcome & { plan?: Plan }> {
    if (this.statements.length === 0) return { ok: true, text: 'nothing to plan: no statements yet\n' };
    const [{ makePlan }, { renderPlan }] = await Promise.all([import('../backends/plan.js'), import('../backends/render-plan.js')]);
    if (!options.offline) await this.reachHosts();
    const plan = await makePlan(this.front, { mode: 'apply', offline: options.offline, executorFor: this.executorFor, project: this.project });
    if (!options.offline) this.notes = plan.hosts.flatMap((h) => (h.notes ?? []).map((n) => `${h.host}: ${n}`));
    const text = this.render(plan.diagnostics) + (plan.diagnostics.length ? '\n' : '') + renderPlan(plan, { color: this.color });
    return { ok: !hasErrors(plan.diagnostics), text, plan };
  }

  /**
   * `apply`: plan against the live hosts and apply as one transaction (the CLI's
   * `makePlan` + `applySteps`: any failure rolls every host back). On success the staged
   * statements become applied and the steps go on the undo stack. With `confirm` (the REPL
   * on a terminal, as the CLI on one), the plan is shown and applied only after a yes.
   */
  async apply(signal?: AbortSignal, options: { confirm?: (planText: string) => Promise<boolean> } = {}): Promise<Outcome> {
    if (this.statements.length === 0) return { ok: true, text: 'nothing to apply: no statements yet\n' };
    const [{ makePlan, nothingToDo, planSteps }, { applySteps }, { describeOutcome }] = await Promise.all([
      import('../backends/plan.js'),
      import('../exec/apply.js'),
      import('../commands/apply-report.js'),
    ]);
    await this.reachHosts();
    const front = this.front;
    const plan = await makePlan(front, { mode: 'apply', executorFor: this.executorFor, project: this.project });
    let text = this.render(plan.diagnostics);
    if (hasErrors(plan.diagnostics)) return { ok: false, text: text + 'nothing applied\n' };
    const steps = planSteps(plan);
    if (steps.length > 0 && options.confirm) {
      const [{ renderPlan }, { confirmQuestion }] = await Promise.all([import('../backends/render-plan.js'), import('../commands/confirm.js')]);
      const shown = text + renderPlan(plan, { color: this.color }) + confirmQuestion('apply', plan, 'apply -y');
      if (!(await options.confirm(shown))) return { ok: false, text: `apply cancelled: nothing was changed${this.staged.length ? `; ${plural(this.staged.length, 'statement')} still staged` : ''}\n` };
      // The diagnostics were shown with the plan.
      text = '';
    }
    let applied: Step[] = [];
    if (steps.length > 0) {
      const outcome = await applySteps(new Map(plan.hosts.map((h) => [h.host, h.steps])), {
        executorFor: (h) => this.executorFor(h, front.model.hosts.get(h)!),
        signal,
        onProgress: this.options.progress?.(),
      });
      text += describeOutcome(outcome) + '\n';
      if (!outcome.ok) return { ok: false, text: text + (this.staged.length ? `${plural(this.staged.length, 'statement')} still staged\n` : '') };
      applied = outcome.applied;
    } else {
      text += nothingToDo(plan.mode) + '\n';
    }
    const statements = this.staged;
    for (const x of statements) this.applied.push(x);
    this.staged = [];
    // Recorded even without steps, so that undo always takes back the LAST apply's statements and order is kept.
    if (applied.length > 0 || statements.length > 0) this.undoStack.push({ steps: applied, statements });
    const { bondsTouched, lacpWarnings } = await import('../commands/lacp-partners.js');
    for (const w of await lacpWarnings(front.model, this.executorOf, { fresh: bondsTouched(front.model, applied) })) text += w + '\n';
    text += await this.checkExpectations(front.model, statements);
    return { ok: true, text };
  }

  /** The `expect` lines among the statements just applied, probed now as `vsh run` does (their verdicts, or ''). */
  private async checkExpectations(model: Model, statements: readonly Placed[]): Promise<string> {
    const where = new Set(statements.map((p) => `${p.origin.file}:${p.origin.line}:${p.origin.column}`));
    const expects = model.expects.filter((e) => where.has(`${e.stmt.span.file}:${e.stmt.span.line}:${e.stmt.span.column}`));
    if (expects.length === 0) return '';
    const [{ runExpectations }, { describeExpectations }] = await Promise.all([import('../exec/expectations.js'), import('../commands/apply-report.js')]);
    const results = await runExpectations({ ...model, expects }, this.executorOf);
    const failed = results.filter((r) => !r.passed).length;
    return describeExpectations(results) + '\n' + (failed ? `${plural(failed, 'expectation')} failed (the apply stays; 'undo' takes it back)\n` : '');
  }

  // ---- probing: ping, pingall, exec, show live ------------------------------------------

  /** A host's executor by name (a declared host of the session's model). */
  private readonly executorOf = (name: string): Executor => {
    const host = this.model.hosts.get(name);
    if (!host) throw new Error(`no host '${name}' is declared`);
    return this.executorFor(name, host);
  };

  /** `ping FROM TARGET`: from a namespace or host, to an IPv4 or another endpoint's address in the model. */
  async ping(from: string, to: string): Promise<Outcome> {
    const { pingOne } = await import('../commands/probe.js');
    await this.reachHosts();
    return pingOne(this.model, this.executorOf, from, to);
  }

  /** `pingall`: every endpoint with an address to every other, as a matrix. */
  async pingall(): Promise<Outcome> {
    const { pingAll } = await import('../commands/probe.js');
    await this.reachHosts();
    return pingAll(this.model, this.executorOf);
  }

  /** `exec ENDPOINT -- CMD…`: what the command printed, and its exit status when not 0. */
  async exec(where: string, argv: readonly string[]): Promise<Outcome> {
    const { execIn } = await import('../commands/probe.js');
    await this.reachHosts();
    const r = await execIn(this.model, this.executorOf, where, argv);
    if (typeof r === 'string') return { ok: false, text: r + '\n' };
    const end = (t: string) => (t === '' || t.endsWith('\n') ? t : t + '\n');
    return { ok: r.code === 0, text: end(r.stdout) + end(r.stderr) + (r.code === 0 ? '' : `(exit ${r.code})\n`) };
  }

  /** `show live TOPIC`: the hosts as they are now. */
  async showLive(topic: LiveTopic): Promise<string> {
    const { showLive } = await import('../commands/show-live.js');
    await this.reachHosts();
    return showLive(this.model, this.executorOf, topic);
  }

  /**
   * `undo`: revert the last apply on every host — its steps' undo commands, last step
   * first, as one transaction through `applySteps` (a failure puts back what was undone).
   * Its statements go back to staged, so nothing typed is lost (`discard` drops them).
   * With `confirm` (the REPL on a terminal), the steps to revert are shown and run only
   * after a yes, as apply's plan is: undo removes from the hosts too.
   */
  async undo(signal?: AbortSignal, options: { confirm?: (stepsText: string) => Promise<boolean> } = {}): Promise<Outcome> {
    const last = this.undoStack.at(-1);
    if (!last) return { ok: false, text: 'nothing to undo: no apply in this session yet\n' };
    const [{ applySteps }, { describeOutcome }] = await Promise.all([import('../exec/apply.js'), import('../commands/apply-report.js')]);
    const byHost = new Map<string, Step[]>();
    for (const step of [...last.steps].reverse()) {
      if (step.undo.length === 0) continue;
      byHost.set(step.host, [...(byHost.get(step.host) ?? []), inverted(step)]);
    }
    let text = '';
    if (byHost.size > 0 && options.confirm) {
      const [{ renderStep }, { confirmQuestion }] = await Promise.all([import('../backends/render-plan.js'), import('../commands/confirm.js')]);
      // In the model's host order, as apply's plan shows them.
      const hosts = [...this.front.model.hosts.keys()].filter((h) => byHost.has(h)).map((host) => ({ host, steps: byHost.get(host)! }));
      const shown = hosts.map((h) => [h.host, ...h.steps.map((s) => renderStep(s, this.color))].join('\n')).join('\n\n') + '\n' + confirmQuestion('undo', { hosts }, 'undo -y');
      if (!(await options.confirm(shown))) return { ok: false, text: 'undo cancelled: nothing was changed; the last apply stays\n' };
    }
    if (byHost.size > 0) {
      await this.reachHosts();
      const hosts = this.front.model.hosts;
      const outcome = await applySteps(byHost, { executorFor: (h) => this.executorFor(h, hosts.get(h)!), signal, onProgress: this.options.progress?.() });
      if (!outcome.ok) return { ok: false, text: describeOutcome(outcome) + '\nundo did not go through: the last apply is still in place\n' };
      const reverted = [...byHost.values()].reduce((n, s) => n + s.length, 0);
      text += `undone: reverted ${plural(reverted, 'step')} on ${[...hosts.keys()].filter((h) => byHost.has(h)).join(', ')}\n`;
    } else {
      text += 'undone: the last apply changed nothing on the hosts\n';
    }
    this.undoStack.pop();
    this.applied.splice(this.applied.length - last.statements.length, last.statements.length);
    this.staged = last.statements.concat(this.staged);
    this.refresh();
    if (last.statements.length) text += `its ${plural(last.statements.length, 'statement')} ${last.statements.length === 1 ? 'is' : 'are'} staged again ('discard' drops them)\n`;
    return { ok: true, text };
  }

  // ---- the statements themselves ------------------------------------------------------

  /** `discard`: drop every staged statement (what was applied stays). */
  discard(): Outcome {
    const n = this.staged.length;
    if (n === 0) return { ok: true, text: 'nothing staged\n' };
    this.staged = [];
    this.refresh();
    return { ok: true, text: `discarded ${plural(n, 'staged statement')}\n` };
  }

  /** `reset`: forget everything — statements, undo history, context — and close the connections. Hosts are not touched. */
  async reset(): Promise<Outcome> {
    const n = this.statements.length;
    this.applied = [];
    this.staged = [];
    this.undoStack.length = 0;
    this.nextLine = 1;
    this.refresh();
    await this.closeHosts();
    return { ok: true, text: `session reset: ${plural(n, 'statement')} forgotten (the hosts are unchanged)\n` };
  }

  /** What the last live plan read that is not a change (leased addresses), for `show`. */
  private notes: string[] = [];

  /** `show WHAT`. */
  show(what: ShowTopic): string {
    if (what === 'staged') return this.showStaged();
    if (what === 'ir') return showIr(this.model);
    const leases = (what === 'ports' || what === 'dhcp') && this.notes.length > 0 ? `read from the hosts at the last plan:
${this.notes.map((n) => `  ${n}
`).join('')}` : '';
    return showTable(this.model, what) + leases;
  }

  private showStaged(): string {
    const list = (pieces: readonly Placed[]) => {
      const where = pieces.map((p) => `${p.origin.file}:${p.origin.line}`);
      const width = where.reduce((m, w) => Math.max(m, w.length), 0);
      return pieces.map((p, i) => `  ${where[i]!.padEnd(width)}  ${tidy(p.text)}\n`).join('');
    };
    let out = '';
    if (this.applied.length) out += `applied (${plural(this.applied.length, 'statement')}):\n${list(this.applied)}`;
    out += this.staged.length ? `staged (${plural(this.staged.length, 'statement')}, not applied yet):\n${list(this.staged)}` : 'nothing staged\n';
    return out;
  }

  /**
   * `load FILE…`: the files' statements are checked with the session's and staged, all or
   * nothing. A file already in the session is refused (its lines would be staged twice).
   */
  async load(files: readonly string[]): Promise<Outcome> {
    const known = new Set(this.statements.map((p) => resolvePath(p.origin.file)));
    const pieces: Placed[] = [];
    for (const file of files) {
      if (known.has(resolvePath(file))) return { ok: false, text: `${file} is already loaded: its statements are in the session ('show staged'); 'reset' to start over\n` };
      known.add(resolvePath(file));
      try {
        pieces.push({ text: await readFile(file, 'utf8'), origin: { file, line: 1, column: 1 } });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
        return { ok: false, text: `cannot read ${file}: ${why}\n` };
      }
    }
    const checked = this.check(pieces);
    const shown = this.news(checked.front);
    if (!checked.front.ok) {
      const errors = shown.filter((d) => d.severity === 'error').length;
      return { ok: false, text: this.render(shown, checked.texts) + `not loaded: ${plural(errors, 'error')}\n` };
    }
    const staged = files.flatMap((f) => this.piecesFrom(checked, f, 1));
    for (const x of staged) this.staged.push(x);
    this.commit(checked);
    return { ok: true, text: this.render(shown) + `loaded ${files.join(', ')}: ${plural(staged.length, 'statement')} staged\n` };
  }

  /** `save FILE`: the session as a tidy .vnet (one statement per line, in order, under a header comment). */
  async save(file: string): Promise<Outcome> {
    const lines = [`# vsh session saved ${new Date().toISOString()}: ${plural(this.applied.length, 'statement')} applied, ${this.staged.length} staged`];
    for (const p of this.applied) lines.push(tidy(p.text));
    if (this.applied.length && this.staged.length) lines.push('', '# staged, not applied yet');
    for (const p of this.staged) lines.push(tidy(p.text));
    try {
      await writeFile(file, lines.join('\n') + '\n');
    } catch (err) {
      return { ok: false, text: `cannot write ${file}: ${(err as Error).message}\n` };
    }
    return { ok: true, text: `saved ${plural(this.statements.length, 'statement')} to ${file}\n` };
  }

  /**
   * `explain STATEMENT`: teach it in the session's context without staging it; `explain`
   * alone: every staged statement. Reads no host (the steps are planned offline).
   */
  async explain(text?: string): Promise<Outcome> {
    let checked: Checked;
    let isTarget: (s: Statement) => boolean;
    if (text !== undefined && text.trim() !== '') {
      const entry: Placed = { text, origin: { file: PROMPT_FILE, line: this.nextLine, column: 1 } };
      checked = this.check([entry]);
      if (checked.front.incomplete) return { ok: false, text: `incomplete statement: ${text.trim()}\n` };
      const errors = checked.front.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) return { ok: false, text: this.render(errors, checked.texts) };
      isTarget = (s) => s.span.file === PROMPT_FILE && s.span.line >= entry.origin.line;
    } else {
      if (this.staged.length === 0) return { ok: true, text: "nothing staged to explain: type a statement, or 'explain STATEMENT'\n" };
      checked = this.check();
      const staged = new Set(this.staged.map((p) => `${p.origin.file}:${p.origin.line}:${p.origin.column}`));
      isTarget = (s) => staged.has(`${s.span.file}:${s.span.line}:${s.span.column}`);
    }
    const [{ makePlan, planSteps }, { explainStatement }] = await Promise.all([import('../backends/plan.js'), import('../explain/statement.js')]);
    const steps = planSteps(await makePlan(checked.front, { mode: 'apply', offline: true, project: this.project }));
    const targets = checked.front.statements.filter(isTarget);
    return { ok: true, text: targets.map((s) => explainStatement(s, steps, checked.texts, this.color)).join('\n') };
  }

  /** End of the session: close every connection. */
  async close(): Promise<void> {
    await this.closeHosts();
  }
}

/** A host statement without source positions: what its connection depends on. */
function definitionOf(host: HostStmt): string {
  return JSON.stringify(host, (k, v) => (k === 'span' || k === 'optionSpans' ? undefined : v));
}
