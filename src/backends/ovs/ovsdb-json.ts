/**
 * Reading `ovs-vsctl --format=json` output. Each `list` prints one line
 * `{"data":[[cell,…],…],"headings":[column,…]}`; a cell is an OVSDB datum (RFC 7047):
 * an atom (string, number, boolean), `["uuid","…"]`, `["set",[…]]` or
 * `["map",[[k,v],…]]` — and a set of exactly one element is printed as the bare atom.
 * Nothing here throws: output of another shape reads as fewer tables, rows or values.
 */

/** A scalar OVSDB value; a uuid is its string. */
export type Atom = string | number | boolean;

/** One row: column name → the cell as printed (decode with `atoms`/`pairs`). */
export type Row = ReadonlyMap<string, unknown>;

/** One `list` result, rows in the order printed. */
export interface Table {
  headings: readonly string[];
  rows: readonly Row[];
}

/** Every table printed, in command order (one JSON object per line; other lines are skipped). */
export function parseTables(stdout: string): Table[] {
  const tables: Table[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue;
    }
    const { headings, data } = (json ?? {}) as { headings?: unknown; data?: unknown };
    if (!Array.isArray(headings) || !Array.isArray(data) || !headings.every((h) => typeof h === 'string')) continue;
    const rows = data.filter(Array.isArray).map((cells: unknown[]) => new Map(headings.map((h: string, i) => [h, cells[i]])));
    tables.push({ headings, rows });
  }
  return tables;
}

/** A tagged datum `[tag, payload]` (`uuid`, `set`, `map`, `named-uuid`). */
function tagged(v: unknown): [string, unknown] | undefined {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' ? [v[0], v[1]] : undefined;
}

function atom(v: unknown): Atom | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  const t = tagged(v);
  return t && (t[0] === 'uuid' || t[0] === 'named-uuid') && typeof t[1] === 'string' ? t[1] : undefined;
}

/** The elements of a cell: a set's members, a bare atom as one, anything else none. */
export function atoms(v: unknown): Atom[] {
  const t = tagged(v);
  if (t?.[0] === 'set') return Array.isArray(t[1]) ? t[1].map(atom).filter((a): a is Atom => a !== undefined) : [];
  const a = atom(v);
  return a === undefined ? [] : [a];
}

/** The single value of a cell, or undefined for an empty set (an optional column not set). */
export function single(v: unknown): Atom | undefined {
  return atoms(v)[0];
}

/** A map cell's pairs, keys and values as strings (non-maps read as empty). */
export function pairs(v: unknown): Map<string, Atom> {
  const out = new Map<string, Atom>();
  const t = tagged(v);
  if (t?.[0] !== 'map' || !Array.isArray(t[1])) return out;
  for (const kv of t[1]) {
    if (!Array.isArray(kv)) continue;
    const [k, val] = [atom(kv[0]), atom(kv[1])];
    if (k !== undefined && val !== undefined) out.set(String(k), val);
  }
  return out;
}

/** Whether a cell is a map (so that it is flattened into `column:key` values). */
export function isMap(v: unknown): boolean {
  return tagged(v)?.[0] === 'map';
}
