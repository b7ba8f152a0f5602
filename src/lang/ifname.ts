/** Linux interface name rules (dev_valid_name in the kernel): 1–15 bytes, no '/', ':', whitespace, not '.'/'..'. */

export const IFNAMSIZ_MAX = 15;

/** Why `name` is not a valid interface name, or undefined if it is. */
export function ifnameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0) return 'it is empty';
  if (bytes > IFNAMSIZ_MAX) return `it is ${bytes} bytes long (at most ${IFNAMSIZ_MAX})`;
  if (name === '.' || name === '..') return `'${name}' is reserved`;
  if (/[/:\s]/.test(name)) return "it contains '/', ':' or whitespace";
  return undefined;
}
