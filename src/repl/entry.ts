/**
 * What node:repl hands to `eval` → one entry of the session. node:repl collects the lines
 * of an unfinished entry and passes them joined by newlines; in `.vnet` a newline ends a
 * statement, so every line but the last is continued here as if it ended in `\`. Lines keep
 * their place, so an error on the second line of an entry points at that line.
 */

/** Cut a `#` comment off one line (the lexer's rule: `#` at line start or after a blank or `;`, not inside a string). */
export function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inString = !inString;
    else if (c === '#' && !inString && (i === 0 || /[\s;]/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line;
}

/** The entry text of node:repl's buffered lines plus the last one (its trailing newline dropped). */
export function entryText(cmd: string): string {
  const lines = cmd.replace(/\r?\n$/, '').split(/\r?\n/);
  return lines
    .map((line, i) => {
      if (i === lines.length - 1 || /\\[ \t]*$/.test(line)) return line;
      // An unfinished statement continued on the next line; a comment on it would swallow the `\`.
      return `${stripComment(line)} \\`;
    })
    .join('\n');
}

/** The first word of an entry (what tells a shell command from a statement), '' for a blank or comment line. */
export function firstWord(text: string): string {
  return /^\s*([^\s;#]+)/.exec(text)?.[1] ?? '';
}

/** Command arguments as words (a `"…"` word may hold blanks). */
export function splitWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}
