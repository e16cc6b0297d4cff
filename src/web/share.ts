/**
 * The decoder page's share links: the input travels in the URL fragment, which browsers never
 * send to a server, so a shared link reveals nothing to the host of the page.
 *
 * Fragment form: `#b=<base64url bytes>` with optional `&t=<Module.Name>` (the chosen type).
 *
 * @module
 */
import { toBase64, tryFromBase64 } from '../der/bytes.js';

/** What a share link carries. */
export interface SharedInput {
  /** The DER/BER bytes. */
  readonly bytes: Uint8Array;
  /** `Module.Name` chosen on the page, absent for auto-detection. */
  readonly type?: string;
}

/** Longest input put in a link, in bytes; browsers and chat tools cut longer URLs. */
export const MAX_SHARE_BYTES = 48 * 1024;

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes, { url: true });
}

const URL_SAFE = { alphabet: 'url' } as const;

/** Bytes of a base64url text without padding; null when a character is outside the alphabet or the length is impossible. */
export function fromBase64Url(text: string): Uint8Array | null {
  return text.includes('=') ? null : (tryFromBase64(text, URL_SAFE) ?? null);
}

/**
 * The fragment (with its leading `#`) that reopens the page on `input`.
 *
 * @throws TypeError when `input.bytes` is not a Uint8Array; RangeError when it is empty or
 *   longer than {@link MAX_SHARE_BYTES}.
 * @example shareFragment({ bytes: Uint8Array.of(0x05, 0x00) }) // '#b=BQA'
 */
export function shareFragment(input: SharedInput): string {
  if (!(input.bytes instanceof Uint8Array)) throw new TypeError('input.bytes: expected a Uint8Array');
  if (input.bytes.length === 0) throw new RangeError('input.bytes: nothing to share (empty)');
  if (input.bytes.length > MAX_SHARE_BYTES) throw new RangeError(`input.bytes: ${input.bytes.length} bytes is more than a link can carry (${MAX_SHARE_BYTES})`);
  let f = `#b=${toBase64Url(input.bytes)}`;
  if (input.type) f += `&t=${encodeURIComponent(input.type)}`;
  return f;
}

/** The input a fragment carries, or null when the fragment is not a share link (or is damaged). */
export function readShareFragment(fragment: string): SharedInput | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const b = params.get('b');
  if (b === null || b === '') return null;
  const bytes = fromBase64Url(b);
  if (bytes === null || bytes.length === 0) return null;
  const type = params.get('t');
  return type ? { bytes, type } : { bytes };
}
