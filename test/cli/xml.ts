/**
 * A tiny, strict XML parser for checking JUnit reports: elements, attributes, text, the XML
 * declaration and the five predefined entities. Throws on anything malformed (unclosed or
 * mismatched tags, bad attributes, text outside the root), so a report that parses here is
 * well-formed for what a CI system reads.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, at: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '&') {
      if (s[i] === '<') throw new Error(`xml: '<' in text or attribute near ${at}`);
      out += s[i];
      continue;
    }
    const end = s.indexOf(';', i);
    if (end < 0) throw new Error(`xml: unterminated entity near ${at}`);
    const name = s.slice(i + 1, end);
    if (!(name in ENTITIES)) throw new Error(`xml: unknown entity &${name}; near ${at}`);
    out += ENTITIES[name];
    i = end;
  }
  return out;
}

function isNameChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.' || c === ':';
}

/** Parses a document; returns its root element. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipSpace = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i])) i++;
  };
  const readName = () => {
    const start = i;
    while (i < src.length && isNameChar(src[i])) i++;
    if (i === start) throw new Error(`xml: name expected at ${start}`);
    return src.slice(start, i);
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) throw new Error('xml: unterminated declaration');
    i = end + 2;
  }
  while (i < src.length) {
    if (src[i] !== '<') {
      const end = src.indexOf('<', i);
      const text = src.slice(i, end < 0 ? src.length : end);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`xml: text outside the root element at ${i}`);
      } else stack[stack.length - 1].text += decodeEntities(text, i);
      i = end < 0 ? src.length : end;
      continue;
    }
    if (src.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== '>') throw new Error(`xml: '>' expected at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`xml: </${name}> does not close <${open?.name}>`);
      continue;
    }
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    const attrs = el.attrs as Record<string, string>;
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i) || src[i] === '>') break;
      const an = readName();
      if (src[i] !== '=' || (src[i + 1] !== '"' && src[i + 1] !== "'")) throw new Error(`xml: attribute ${an} without a quoted value at ${i}`);
      const q = src[i + 1];
      const end = src.indexOf(q, i + 2);
      if (end < 0) throw new Error(`xml: unterminated attribute ${an}`);
      if (an in attrs) throw new Error(`xml: duplicate attribute ${an}`);
      attrs[an] = decodeEntities(src.slice(i + 2, end), i);
      i = end + 1;
    }
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('xml: more than one root element');
    else root = el;
    if (src.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length) throw new Error(`xml: <${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('xml: no root element');
  return root;
}
