/**
 * Just enough XML for libvirt: build elements and print them the way virsh does (two-space
 * indent, single-quoted attributes), and parse what virsh prints back (elements,
 * attributes, text, comments, the prolog, the five named entities and character
 * references). No DTDs and no namespaces-as-semantics: libvirt's XML needs neither, and a
 * dependency for this would be larger than the code.
 */

/** One element. `text` is its character data (trimmed when parsed), children in order. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Attributes whose value is undefined are left out, so callers can pass optional fields as they are. */
export function el(name: string, attrs: Record<string, string | undefined> = {}, children: XmlElement[] = [], text = ''): XmlElement {
  const defined: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) defined[k] = v;
  return { name, attrs: defined, children, text };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };
const escape = (s: string) => s.replace(/[&<>'"]/g, (c) => ESCAPES[c]!);

/** The element as indented XML text ending in a newline (`inline`: one line, no newline, for `virsh net-update`). */
export function renderXml(e: XmlElement, options: { inline?: boolean } = {}): string {
  const nl = options.inline ? '' : '\n';
  const render = (x: XmlElement, pad: string): string => {
    const attrs = Object.entries(x.attrs)
      .map(([k, v]) => ` ${k}='${escape(v)}'`)
      .join('');
    if (x.children.length === 0) return x.text ? `${pad}<${x.name}${attrs}>${escape(x.text)}</${x.name}>` : `${pad}<${x.name}${attrs}/>`;
    const inner = options.inline ? '' : `${pad}  `;
    return `${pad}<${x.name}${attrs}>${nl}${x.children.map((c) => render(c, inner)).join(nl)}${nl}${pad}</${x.name}>`;
  };
  return render(e, '') + nl;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };
const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, ref: string) =>
    ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : (NAMED[ref] ?? m),
  );

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/y;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The top-level elements of `text` (virsh output, possibly several documents one after
 * another), or undefined when it is not well-formed. Never throws.
 */
export function parseXml(text: string): XmlElement[] | undefined {
  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    const [, cdata, close, open, attrText, selfClose, chars] = m;
    const top = stack[stack.length - 1];
    if (chars !== undefined || cdata !== undefined) {
      const data = cdata ?? unescape(chars!);
      if (top) top.text += data;
      else if (data.trim()) return undefined; // text outside any element
    } else if (close !== undefined) {
      if (stack.pop()?.name !== close) return undefined;
    } else if (open !== undefined) {
      const e: XmlElement = { name: open, attrs: {}, children: [], text: '' };
      for (const a of (attrText ?? '').matchAll(ATTR)) e.attrs[a[1]!] = unescape(a[2] ?? a[3] ?? '');
      (top ? top.children : roots).push(e);
      if (!selfClose) stack.push(e);
    }
  }
  if (stack.length > 0) return undefined;
  const trim = (e: XmlElement) => {
    e.text = e.text.trim();
    e.children.forEach(trim);
  };
  roots.forEach(trim);
  return roots;
}

/** The first child named `name` (a path of names descends: `child(e, 'forward', 'pf')`). */
export function child(e: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let at = e;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at;
}

/** Every child named `name`. */
export function children(e: XmlElement | undefined, name: string): XmlElement[] {
  return e ? e.children.filter((c) => c.name === name) : [];
}
