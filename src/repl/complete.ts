/**
 * Tab completion for the prompt, from the same tables as the parser and `help`: statement
 * keywords and commands at the start of a line; after a statement's head, the options it
 * takes that are not given yet; after an option, its enumerated values (grammar.ts) or
 * the names already declared that fit there (hosts, bridges, networks, namespaces, VLANs).
 * A pure function of the text before the cursor and the declared names.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOGICAL_FORMS, OPTION_SHAPES, OVN_FORMS, STATEMENT_KEYWORDS, optionsOf, type OptionKeyword, type StatementKeyword } from '../lang/grammar.js';
import { LOGICAL_FORM_OPTIONS } from '../kinds/logical.js';
import type { Model } from '../lang/model.js';
import { COMMAND_WORDS, findCommand } from './commands.js';

/** What the session declares, by the kind of name a statement can refer to. */
export interface DeclaredNames {
  hosts: string[];
  bridges: string[];
  networks: string[];
  namespaces: string[];
  portgroups: string[];
  /** VLAN ids in use (tags, small trunk ranges, and the ends of big ones), as text. */
  vlans: string[];
}

type NameKind = keyof DeclaredNames;

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

export function namesOf(model: Model): DeclaredNames {
  const vids = new Set<number>();
  const addList = (items: readonly { from: number; to: number }[] | undefined) => {
    for (const { from, to } of items ?? []) {
      if (to - from < 32) for (let v = from; v <= to; v++) vids.add(v);
      else vids.add(from).add(to);
    }
  };
  for (const p of model.ports) {
    if (p.stmt.tag) vids.add(p.stmt.tag.value);
    addList(p.stmt.trunk?.value);
  }
  for (const g of model.portgroups) {
    if (g.stmt.tag) vids.add(g.stmt.tag.value);
    addList(g.stmt.trunk?.value);
  }
  for (const t of model.tunnels) addList(t.stmt.trunk?.value);
  for (const a of model.vfAttachments) if (a.stmt.vlan) vids.add(a.stmt.vlan.value);
  for (const d of model.dhcps) if (d.vid) vids.add(d.vid);
  return {
    hosts: [...model.hosts.keys()],
    bridges: unique([...model.bridges.values()].map((b) => b.name)),
    networks: unique([...model.networks.values()].map((n) => n.name)),
    // Endpoints: containers go wherever a namespace does (peer NAME:IF, expect NAME).
    namespaces: unique([...[...model.namespaces.values()].map((n) => n.name), ...[...model.containers.values()].map((c) => c.name)]),
    portgroups: unique(model.portgroups.map((g) => g.name)),
    vlans: [...vids].sort((a, b) => a - b).map(String),
  };
}

/** One positional word of a statement's head: fixed words, or declared names, or a new name (nothing to offer). */
interface Slot {
  words?: readonly string[];
  names?: NameKind;
}

const NEW: Slot = {};

/** The words before a statement's options (after its keyword), as LANGUAGE.md §3 writes them. */
function headOf(kind: StatementKeyword, args: readonly string[]): Slot[] {
  switch (kind) {
    case 'use':
      return [{ names: 'hosts' }];
    case 'tunnel':
      return [{ words: ['gre', 'vxlan', 'geneve'] }, { names: 'hosts' }, { words: ['<->'] }, { names: 'hosts' }];
    case 'attach':
      return args[2] === 'vf' ? [NEW, { words: ['to'] }, { words: ['vf'] }, NEW] : [NEW, { words: ['to'] }, { names: 'networks', words: ['vf'] }];
    case 'expect':
      return [{ words: ['reach', 'noreach'] }, { names: 'namespaces' }, NEW];
    case 'dhcp':
      return []; // `dhcp on BRIDGE …`: options right after the keyword
    case 'flow':
      return [];
    case 'link':
      return [{ names: 'bridges' }, { words: ['<->'] }, { names: 'bridges' }];
    case 'ovn':
      return [{ words: OVN_FORMS }, { names: 'hosts' }];
    case 'logical':
      return args[0] === 'link' ? [{ words: LOGICAL_FORMS }, NEW, { words: ['to'] }, NEW] : args[0] === 'route' ? [{ words: LOGICAL_FORMS }, { words: ['on'] }, NEW, { words: ['default'] }] : [{ words: LOGICAL_FORMS }, NEW];
    default:
      return [NEW];
  }
}

/** Names that fit after an option of a statement (where the grammar says "a name", which ones exist). */
function namesAfter(kind: StatementKeyword, option: OptionKeyword): NameKind[] {
  switch (option) {
    case 'on':
      return kind === 'port' || kind === 'tunnel' || kind === 'dhcp' || kind === 'flow' ? ['bridges'] : kind === 'bond' ? ['bridges', 'hosts'] : ['hosts'];
      return kind === 'port' || kind === 'tunnel' ? ['bridges'] : kind === 'bond' ? ['bridges', 'hosts'] : kind === 'logical' ? [] : ['hosts'];
    case 'jump':
    case 'host':
    case 'chassis':
      return ['hosts'];
    case 'of':
      return ['networks'];
    case 'portgroup':
      return ['portgroups'];
    case 'peer':
      return ['namespaces'];
    case 'tag':
    case 'trunk':
    case 'vlan':
      return ['vlans'];
    default:
      return [];
  }
}

/** Options of the attach form being typed: the VF form takes on/mac/vlan, the network form the rest. */
function optionsFor(kind: StatementKeyword, args: readonly string[]): OptionKeyword[] {
  const all = Object.keys(optionsOf(kind)) as OptionKeyword[];
  if (kind === 'logical') return all.filter((o) => LOGICAL_FORM_OPTIONS[args[0] ?? '']?.includes(o) ?? true);
  if (kind !== 'attach') return all;
  return args[2] === 'vf' ? all.filter((o) => ['on', 'mac', 'vlan'].includes(o)) : all.filter((o) => o !== 'vlan');
}

const starting = (candidates: Iterable<string>, partial: string) => [...new Set(candidates)].filter((c) => c.startsWith(partial));

function completeStatement(kind: StatementKeyword, argsIn: readonly string[], partialIn: string, names: DeclaredNames): [string[], string] {
  // `hostA<->hostB` is one word but three parts of a tunnel's (or a link's) head.
  const arrow = kind === 'tunnel' || kind === 'link';
  const args = arrow ? argsIn.flatMap((w) => w.split(/(<->)/).filter(Boolean)) : [...argsIn];
  let partial = partialIn;
  if (arrow && partial.includes('<->')) {
    const parts = partial.split(/(<->)/);
    partial = parts.pop()!;
    for (const x of parts.filter(Boolean)) args.push(x);
  }
  const head = headOf(kind, args);
  if (args.length < head.length) {
    const slot = head[args.length]!;
    return [starting([...(slot.words ?? []), ...(slot.names ? names[slot.names] : [])], partial), partial];
  }
  // Walk the options given so far: which are taken, and is the cursor on an option's value?
  const options = optionsFor(kind, args);
  const given = new Set<string>();
  let valueOf: OptionKeyword | undefined;
  for (let i = head.length; i < args.length; i++) {
    const w = args[i]!;
    if (!(options as string[]).includes(w)) continue;
    given.add(w);
    if (OPTION_SHAPES[w as OptionKeyword] === 'flag') continue;
    if (i === args.length - 1) valueOf = w as OptionKeyword;
    i++;
  }
  if (!valueOf) return [starting(options.filter((o) => !given.has(o)), partial), partial];
  const spec = optionsOf(kind)[valueOf]!;
  if (spec.values) return [starting(spec.values, partial), partial];
  let candidates = namesAfter(kind, valueOf).flatMap((k) => names[k]);
  if (valueOf === 'peer') candidates = candidates.map((ns) => `${ns}:`);
  if (valueOf === 'address' && kind === 'port') candidates = ['dhcp']; // the one word; a CIDR is the user's to type
  if (valueOf === 'trunk' && partial.includes(',')) {
    // A VLAN list: complete the item after the last comma, leaving out the ones listed.
    const listed = partial.split(',');
    const item = listed.pop()!;
    return [starting(candidates.filter((v) => !listed.includes(v)), item), item];
  }
  return [starting(candidates, partial), partial];
}

/** .vnet files and directories matching a partial path (for load/save). */
function completePath(partial: string): [string[], string] {
  const dir = partial.endsWith('/') ? partial : dirname(partial);
  const base = partial.endsWith('/') ? '' : partial.slice(partial.lastIndexOf('/') + 1);
  try {
    const entries = readdirSync(dir === '' ? '.' : dir, { withFileTypes: true })
      .filter((e) => e.name.startsWith(base) && (e.isDirectory() || e.name.endsWith('.vnet')) && (base.startsWith('.') || !e.name.startsWith('.')))
      .map((e) => (dir === '.' && !partial.startsWith('./') ? e.name : join(dir, e.name)) + (e.isDirectory() ? '/' : ''));
    return [entries.sort(), partial];
  } catch {
    return [[], partial];
  }
}

function completeCommand(word: string, rest: string, names: DeclaredNames): [string[], string] {
  const cmd = findCommand(word)!;
  const args = rest.split(/\s+/);
  const partial = args.pop()!;
  switch (cmd.name) {
    case 'explain':
      return rest.trim() ? complete(rest, names) : [starting(STATEMENT_KEYWORDS, partial), partial];
    case 'help':
      return args.length === 0 ? [starting([...STATEMENT_KEYWORDS, ...COMMAND_WORDS], partial), partial] : [[], partial];
    case 'set':
      return [starting(args.length === 0 ? ['apply'] : args.length === 1 && args[0] === 'apply' ? ['auto', 'staged'] : [], partial), partial];
    case 'trace': {
      // trace from NS to IPV4 [proto icmp|tcp|udp] [port N] [--json]
      const prev = args.at(-1);
      const words = args.length === 0 ? ['from'] : args.length === 1 ? names.namespaces : args.length === 2 ? ['to'] : args.length === 3 ? [] : prev === 'proto' ? ['icmp', 'tcp', 'udp'] : prev === 'port' ? [] : ['proto', 'port', '--json'].filter((w) => !args.includes(w));
      return [starting(words, partial), partial];
    }
    case 'load':
    case 'save':
      return cmd.name === 'save' && args.length > 0 ? [[], partial] : completePath(partial);
    default:
      return [args.length === 0 ? starting(cmd.argWords ?? [], partial) : [], partial];
  }
}

/**
 * Completions for the text before the cursor (the lines of an unfinished entry included):
 * `[candidates, the part of the line they complete]`, as node:readline wants. A single
 * candidate gets a trailing space, so Tab moves on to the next word.
 */
export function complete(line: string, names: DeclaredNames): [string[], string] {
  // Only the statement being typed: after the last `;` or line break that ends one.
  const current = line.replace(/\\[ \t]*\r?\n/g, ' ').split(/[;\n]/).at(-1)!.trimStart();
  const words = current.split(/\s+/);
  const partial = words.pop()!;
  let result: [string[], string];
  if (words.length === 0) result = [starting([...STATEMENT_KEYWORDS, ...COMMAND_WORDS], partial), partial];
  else if ((STATEMENT_KEYWORDS as readonly string[]).includes(words[0]!)) result = completeStatement(words[0] as StatementKeyword, words.slice(1), partial, names);
  else if (findCommand(words[0]!)) result = completeCommand(words[0]!, current.slice(current.indexOf(words[0]!) + words[0]!.length).trimStart(), names);
  else result = [[], partial];
  const [candidates, on] = result;
  if (candidates.length === 1 && !/[:/]$/.test(candidates[0]!)) return [[candidates[0]! + ' '], on];
  return [candidates, on];
}
