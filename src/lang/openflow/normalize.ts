/**
 * A flow's match in one canonical spelling, to tell whether two matches are the same rule
 * for OpenFlow (VN172, and pairing a changed flow with the one it replaces): field aliases
 * become the names ovs-ofctl prints, shorthands stay, items are sorted, hex and decimal
 * numbers agree. Not a full normaliser: two spellings it misses are merely told apart.
 */
import { FIELDS } from './fields.js';
import { splitItems } from './validate.js';

const NUMBER = /^(0x[0-9a-fA-F]+|[0-9]+)$/;

/** Matches already made canonical: checks, the plan and its diff each ask for every flow's. */
const seen = new Map<string, string>();

/** Canonical text of a match ('' for match-all). */
export function normalizeMatch(match: string): string {
  let canonical = seen.get(match);
  if (canonical === undefined) {
    if (seen.size >= 100_000) seen.clear();
    canonical = canonicalMatch(match);
    seen.set(match, canonical);
  }
  return canonical;
}

function canonicalMatch(match: string): string {
  return splitItems(match, true)
    .map(({ text }) => {
      const eq = text.indexOf('=');
      if (eq === -1) return text === 'ipv4' ? 'ip' : text;
      const name = text.slice(0, eq);
      let value = text.slice(eq + 1);
      if (NUMBER.test(value) && FIELDS[name]?.shape.kind === 'int') value = BigInt(value).toString();
      if (/\/32$/.test(value) && FIELDS[name]?.shape.kind === 'ipv4') value = value.slice(0, -3);
      return `${FIELDS[name]?.canonical ?? name}=${value.toLowerCase()}`;
    })
    .sort()
    .join(',');
}
