/**
 * A container's `command "…"` as argv: split into words the way a POSIX shell splits
 * them (blanks separate, '…' is literal, "…" keeps blanks and honours \" \\ \$ \`, a
 * backslash outside quotes escapes the next character) — and nothing else: no variables,
 * globs, pipes or redirections, because no shell ever sees it on the host. Who wants a
 * shell writes `sh -c '…'`, which runs inside the container as one argv word.
 */

/** The words of `text`, or why it cannot be split (an unclosed quote, a trailing backslash). */
export function splitWords(text: string): { argv: string[] } | { error: string } {
  const argv: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (s: string) => (word = (word ?? '') + s);
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) argv.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { error: `the ' at column ${i + 1} is not closed` };
      add(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        part += text[j];
        j++;
      }
      if (j >= text.length) return { error: `the " at column ${i + 1} is not closed` };
      add(part);
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { error: 'it ends in a backslash' };
      add(text[i + 1]!);
      i += 2;
    } else {
      add(c);
      i++;
    }
  }
  if (word !== undefined) argv.push(word);
  return { argv };
}
