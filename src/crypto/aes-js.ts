/**
 * A prepared AES-128 key for the pure-TypeScript provider: the key schedules are expanded once
 * and every block runs through the table-driven round function of @noble/ciphers, so a
 * 1 KB segment costs 64 block operations and nothing else (no cipher object, no key expansion
 * and no intermediate copies per call). CBC (SP 800-38A §6.2) and CMAC (RFC 4493 §2.4) are
 * written out here over that block function; the tests hold every operation against noble's
 * public `cbc`, `ecb` and `cmac` and against RFC 4493.
 *
 * noble exposes the block function as `unsafe` (an internal interface that may change between
 * its releases); the lockfile pins the version, the tests catch a change of behaviour, and on a
 * big-endian host (where the word layout differs) this module is not used at all.
 *
 * @module
 */
import { cbc, cmac, ecb, unsafe } from '@noble/ciphers/aes.js';
import type { Aes128Key } from './provider.js';
import { concatBytes } from '../der/bytes.js';
import { assertAesArgs, assertBytes, assertLength } from './curves.js';
import { dbl } from './cmac.js';

/** True on little-endian hosts, where a block's four 32-bit words are read as noble reads them. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function word(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}

/** The 32-bit words of a fresh array (offset 0, so aligned), in host order. */
function words(b: Uint8Array): Uint32Array {
  return new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
}

function putWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

class JsAes128 implements Aes128Key {
  readonly #xk: Uint32Array;
  #xkd: Uint32Array | undefined;
  #k1: Uint8Array | undefined;
  #k2: Uint8Array | undefined;
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = new Uint8Array(key);
    this.#xk = unsafe.expandKeyLE(this.#key);
  }

  encryptBlock(block: Uint8Array): Uint8Array {
    assertLength(block, 16, 'block');
    const r = unsafe.encrypt(this.#xk, word(block, 0), word(block, 4), word(block, 8), word(block, 12));
    const out = new Uint8Array(16);
    putWord(out, 0, r.s0);
    putWord(out, 4, r.s1);
    putWord(out, 8, r.s2);
    putWord(out, 12, r.s3);
    return out;
  }

  ecbEncrypt(data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, undefined, data);
    const xk = this.#xk;
    // Work in place on a fresh (so 4-byte aligned) copy, through 32-bit words.
    const out = new Uint8Array(data);
    const w = words(out);
    for (let i = 0; i < w.length; i += 4) {
      const r = unsafe.encrypt(xk, w[i], w[i + 1], w[i + 2], w[i + 3]);
      w[i] = r.s0;
      w[i + 1] = r.s1;
      w[i + 2] = r.s2;
      w[i + 3] = r.s3;
    }
    return out;
  }

  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    const xk = this.#xk;
    const out = new Uint8Array(data);
    const w = words(out);
    let s0 = word(iv, 0);
    let s1 = word(iv, 4);
    let s2 = word(iv, 8);
    let s3 = word(iv, 12);
    for (let i = 0; i < w.length; i += 4) {
      const r = unsafe.encrypt(xk, s0 ^ w[i], s1 ^ w[i + 1], s2 ^ w[i + 2], s3 ^ w[i + 3]);
      w[i] = s0 = r.s0;
      w[i + 1] = s1 = r.s1;
      w[i + 2] = s2 = r.s2;
      w[i + 3] = s3 = r.s3;
    }
    return out;
  }

  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    const xkd = (this.#xkd ??= unsafe.expandKeyDecLE(this.#key));
    const out = new Uint8Array(data);
    const w = words(out);
    let p0 = word(iv, 0);
    let p1 = word(iv, 4);
    let p2 = word(iv, 8);
    let p3 = word(iv, 12);
    for (let i = 0; i < w.length; i += 4) {
      const c0 = w[i];
      const c1 = w[i + 1];
      const c2 = w[i + 2];
      const c3 = w[i + 3];
      const r = unsafe.decrypt(xkd, c0, c1, c2, c3);
      w[i] = r.s0 ^ p0;
      w[i + 1] = r.s1 ^ p1;
      w[i + 2] = r.s2 ^ p2;
      w[i + 3] = r.s3 ^ p3;
      p0 = c0;
      p1 = c1;
      p2 = c2;
      p3 = c3;
    }
    return out;
  }

  cmac(first: Uint8Array, ...more: Uint8Array[]): Uint8Array {
    assertBytes(first, 'data');
    for (const m of more) assertBytes(m, 'data');
    const data = more.length === 0 ? first : concatBytes([first, ...more]);
    if (this.#k1 === undefined) {
      this.#k1 = dbl(this.encryptBlock(new Uint8Array(16)));
      this.#k2 = dbl(this.#k1);
    }
    const xk = this.#xk;
    const n = data.length;
    const complete = n > 0 && n % 16 === 0;
    // Every block but the last goes through plain CBC-MAC; the last is padded and masked.
    const lastStart = complete ? n - 16 : n - (n % 16);
    const w = (data.byteOffset & 3) === 0 ? new Uint32Array(data.buffer, data.byteOffset, lastStart >>> 2) : words(new Uint8Array(data.subarray(0, lastStart)));
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < w.length; i += 4) {
      const r = unsafe.encrypt(xk, s0 ^ w[i], s1 ^ w[i + 1], s2 ^ w[i + 2], s3 ^ w[i + 3]);
      s0 = r.s0;
      s1 = r.s1;
      s2 = r.s2;
      s3 = r.s3;
    }
    const last = new Uint8Array(16);
    last.set(data.subarray(lastStart));
    if (!complete) last[n - lastStart] = 0x80;
    const sub = complete ? this.#k1 : this.#k2!;
    for (let i = 0; i < 16; i++) last[i] ^= sub[i];
    const r = unsafe.encrypt(xk, s0 ^ word(last, 0), s1 ^ word(last, 4), s2 ^ word(last, 8), s3 ^ word(last, 12));
    putWord(last, 0, r.s0);
    putWord(last, 4, r.s1);
    putWord(last, 8, r.s2);
    putWord(last, 12, r.s3);
    return last;
  }
}

/** The same operations through noble's public API, for hosts where {@link JsAes128} is not used. */
function publicApiKey(key: Uint8Array): Aes128Key {
  const k = new Uint8Array(key);
  return {
    encryptBlock(block) {
      assertLength(block, 16, 'block');
      return ecb(k, { disablePadding: true }).encrypt(block);
    },
    ecbEncrypt(data) {
      assertAesArgs(k, undefined, data);
      return ecb(k, { disablePadding: true }).encrypt(data);
    },
    cbcEncrypt(iv, data) {
      assertAesArgs(k, iv, data);
      return cbc(k, iv, { disablePadding: true }).encrypt(data);
    },
    cbcDecrypt(iv, data) {
      assertAesArgs(k, iv, data);
      return cbc(k, iv, { disablePadding: true }).decrypt(data);
    },
    cmac(first, ...more) {
      assertBytes(first, 'data');
      for (const m of more) assertBytes(m, 'data');
      return cmac(more.length === 0 ? first : concatBytes([first, ...more]), k);
    },
  };
}

/**
 * Prepares an AES-128 key for the pure-TypeScript provider.
 *
 * @throws RangeError when `key` is not 16 bytes.
 */
export function jsAes128Key(key: Uint8Array): Aes128Key {
  assertLength(key, 16, 'key');
  return LITTLE_ENDIAN ? new JsAes128(key) : publicApiKey(key);
}
