/**
 * PEM armour (RFC 7468) for certificates and CRLs: the blocks of the wanted labels, base64
 * decoded; blocks of other labels (keys, for instance) are skipped.
 *
 * @module
 */
import { CertificateParseError } from './errors.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

function decodeBase64(text: string, where: number): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new CertificateParseError('invalid-pem', 'PEM body is not valid base64', where);
  }
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The DER of each PEM block of `text` whose label is one of `labels`, in order.
 *
 * @param what - the label named in the error when no block matches.
 * @throws TypeError when `text` is not a string; CertificateParseError `invalid-pem` for
 *   unbalanced armour or bad base64, `empty-input` when no block has a wanted label.
 */
export function readPem(text: string, labels: readonly string[], what: string): Uint8Array[] {
  if (typeof text !== 'string') throw new TypeError(`text: expected a string, got ${typeof text}`);
  const out: Uint8Array[] = [];
  let m: RegExpExecArray | null;
  PEM_BLOCK.lastIndex = 0;
  let seenBegin = 0;
  while ((m = PEM_BLOCK.exec(text)) !== null) {
    seenBegin++;
    if (m[1] !== m[3]) throw new CertificateParseError('invalid-pem', `PEM block "${m[1]}" ends with "${m[3]}"`, m.index);
    if (!labels.includes(m[1])) continue;
    const body = m[2].split(/\r?\n/).filter((l) => !/^[A-Za-z-]+:/.test(l.trim())).join('');
    out.push(decodeBase64(body, m.index));
  }
  const begins = (text.match(/-----BEGIN /g) ?? []).length;
  if (begins !== seenBegin) throw new CertificateParseError('invalid-pem', 'unbalanced PEM armour (BEGIN without END)');
  if (out.length === 0) throw new CertificateParseError('empty-input', `no ${what} block in the PEM text`);
  return out;
}
