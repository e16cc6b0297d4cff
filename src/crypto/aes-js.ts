/**
 * A prepared AES-128 key for the pure-TypeScript provider, with its own table-driven block
 * function (FIPS 197 §5) written for V8: the state lives in four int32 locals, every table is an
 * Int32Array (so no value ever leaves the small-integer range and becomes a heap number), and
 * whole runs of blocks (ECB, CBC, CBC-MAC) go through one loop without a call or an allocation
 * per block. A 1 KB SCP03t segment is 64 block operations and nothing else.
 *
 * CBC is SP 800-38A §6.2, CMAC is RFC 4493 §2.4. The tests hold every operation against
 * node:crypto (property tests over random interleavings on one key), RFC 4493 §4 and
 * SP 800-38A F.1.1/F.2.1.
 *
 * Words are read through Int32Array views, so they are little-endian on the usual hosts; on a
 * big-endian host this module hands out keys over noble's public AES instead.
 *
 * @module
 */
import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import type { Aes128Key } from './provider.js';
import { concatBytes } from '../der/bytes.js';
import { assertAesArgs, assertBytes, assertLength } from './curves.js';
import { dbl } from './cmac.js';

/** True on little-endian hosts, where the tables below match the word layout. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The cipher's tables, built on first use (about 9 KB). A column of the state is one int32
 * word with row 0 in the low byte. `te[256 r + x]` is the MixColumns column r multiplied by
 * S(x), placed so that XORing the four rows' entries gives a whole output column (SubBytes,
 * ShiftRows and MixColumns of one round); `td` is the same for the inverse cipher with
 * InvMixColumns and S⁻¹ (FIPS 197 §5.3.5, the equivalent inverse cipher).
 */
interface Tables {
  readonly sbox: Uint8Array;
  readonly inv: Uint8Array;
  readonly te: Int32Array;
  readonly td: Int32Array;
}

let tables: Tables | undefined;

function buildTables(): Tables {
  // GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 through logarithms to the generator 3.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
  }
  const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[(log[a] + log[b]) % 255]);
  const rot8 = (b: number, n: number): number => ((b << n) | (b >>> (8 - n))) & 0xff;
  const sbox = new Uint8Array(256);
  const inv = new Uint8Array(256);
  for (let a = 0; a < 256; a++) {
    // Multiplicative inverse, then the affine map of FIPS 197 §5.1.1.
    const b = a === 0 ? 0 : exp[(255 - log[a]) % 255];
    const s = b ^ rot8(b, 1) ^ rot8(b, 2) ^ rot8(b, 3) ^ rot8(b, 4) ^ 0x63;
    sbox[a] = s;
    inv[s] = a;
  }
  const te = new Int32Array(1024);
  const td = new Int32Array(1024);
  const rot32 = (w: number, n: number): number => (n === 0 ? w : (w << n) | (w >>> (32 - n)));
  for (let x = 0; x < 256; x++) {
    const s = sbox[x];
    const e = mul(2, s) | (s << 8) | (s << 16) | (mul(3, s) << 24);
    const i = inv[x];
    const d = mul(14, i) | (mul(9, i) << 8) | (mul(13, i) << 16) | (mul(11, i) << 24);
    for (let r = 0; r < 4; r++) {
      te[(r << 8) | x] = rot32(e, 8 * r);
      td[(r << 8) | x] = rot32(d, 8 * r);
    }
  }
  return { sbox, inv, te, td };
}

/** The 44 round-key words of FIPS 197 §5.2 for a 16-byte key. */
function expandKey(key: Uint8Array, t: Tables): Int32Array {
  const sbox = t.sbox;
  const ek = new Int32Array(44);
  for (let i = 0; i < 4; i++) ek[i] = key[4 * i] | (key[4 * i + 1] << 8) | (key[4 * i + 2] << 16) | (key[4 * i + 3] << 24);
  let rcon = 1;
  for (let i = 4; i < 44; i++) {
    let w = ek[i - 1];
    if ((i & 3) === 0) {
      // RotWord then SubWord; Rcon goes into row 0, the low byte.
      w = (sbox[(w >>> 8) & 0xff] | (sbox[(w >>> 16) & 0xff] << 8) | (sbox[w >>> 24] << 16) | (sbox[w & 0xff] << 24)) ^ rcon;
      rcon = ((rcon << 1) ^ (rcon & 0x80 ? 0x1b : 0)) & 0xff;
    }
    ek[i] = ek[i - 4] ^ w;
  }
  return ek;
}

/** Round keys of the equivalent inverse cipher: reversed, InvMixColumns on the middle nine. */
function decryptionKey(ek: Int32Array, t: Tables): Int32Array {
  const { sbox, td } = t;
  const dk = new Int32Array(44);
  for (let r = 0; r <= 10; r++) {
    for (let j = 0; j < 4; j++) {
      const w = ek[4 * (10 - r) + j];
      dk[4 * r + j] = r === 0 || r === 10 ? w : td[sbox[w & 0xff]] ^ td[256 | sbox[(w >>> 8) & 0xff]] ^ td[512 | sbox[(w >>> 16) & 0xff]] ^ td[768 | sbox[w >>> 24]];
    }
  }
  return dk;
}

/** Largest unaligned MAC input copied into the key's reusable scratch buffer. */
const SCRATCH_MAX = 4096;

const ECB = 0;
const CBC = 1;
const MAC = 2;

/**
 * Encrypts the blocks of `w` from word `from` to word `to`: ECB (each block alone, written
 * back), CBC (XOR with the chaining value first, written back) or MAC (CBC without writing
 * back). `chain` holds the chaining value on entry and the last output block on return.
 */
function encryptRun(ek: Int32Array, t: Tables, w: Int32Array, from: number, to: number, chain: Int32Array, mode: number): void {
  const te = t.te;
  const sbox = t.sbox;
  let c0 = chain[0];
  let c1 = chain[1];
  let c2 = chain[2];
  let c3 = chain[3];
  for (let i = from; i < to; i += 4) {
    let s0 = w[i] ^ ek[0];
    let s1 = w[i + 1] ^ ek[1];
    let s2 = w[i + 2] ^ ek[2];
    let s3 = w[i + 3] ^ ek[3];
    if (mode !== ECB) {
      s0 ^= c0;
      s1 ^= c1;
      s2 ^= c2;
      s3 ^= c3;
    }
    for (let k = 4; k < 40; k += 4) {
      const t0 = te[s0 & 0xff] ^ te[256 | ((s1 >>> 8) & 0xff)] ^ te[512 | ((s2 >>> 16) & 0xff)] ^ te[768 | (s3 >>> 24)] ^ ek[k];
      const t1 = te[s1 & 0xff] ^ te[256 | ((s2 >>> 8) & 0xff)] ^ te[512 | ((s3 >>> 16) & 0xff)] ^ te[768 | (s0 >>> 24)] ^ ek[k + 1];
      const t2 = te[s2 & 0xff] ^ te[256 | ((s3 >>> 8) & 0xff)] ^ te[512 | ((s0 >>> 16) & 0xff)] ^ te[768 | (s1 >>> 24)] ^ ek[k + 2];
      s3 = te[s3 & 0xff] ^ te[256 | ((s0 >>> 8) & 0xff)] ^ te[512 | ((s1 >>> 16) & 0xff)] ^ te[768 | (s2 >>> 24)] ^ ek[k + 3];
      s0 = t0;
      s1 = t1;
      s2 = t2;
    }
    // Last round: SubBytes and ShiftRows only.
    c0 = (sbox[s0 & 0xff] | (sbox[(s1 >>> 8) & 0xff] << 8) | (sbox[(s2 >>> 16) & 0xff] << 16) | (sbox[s3 >>> 24] << 24)) ^ ek[40];
    c1 = (sbox[s1 & 0xff] | (sbox[(s2 >>> 8) & 0xff] << 8) | (sbox[(s3 >>> 16) & 0xff] << 16) | (sbox[s0 >>> 24] << 24)) ^ ek[41];
    c2 = (sbox[s2 & 0xff] | (sbox[(s3 >>> 8) & 0xff] << 8) | (sbox[(s0 >>> 16) & 0xff] << 16) | (sbox[s1 >>> 24] << 24)) ^ ek[42];
    c3 = (sbox[s3 & 0xff] | (sbox[(s0 >>> 8) & 0xff] << 8) | (sbox[(s1 >>> 16) & 0xff] << 16) | (sbox[s2 >>> 24] << 24)) ^ ek[43];
    if (mode !== MAC) {
      w[i] = c0;
      w[i + 1] = c1;
      w[i + 2] = c2;
      w[i + 3] = c3;
    }
  }
  chain[0] = c0;
  chain[1] = c1;
  chain[2] = c2;
  chain[3] = c3;
}

/** CBC-decrypts the blocks of `w` in place; `chain` holds the IV on entry. */
function decryptRun(dk: Int32Array, t: Tables, w: Int32Array, chain: Int32Array): void {
  const td = t.td;
  const inv = t.inv;
  let p0 = chain[0];
  let p1 = chain[1];
  let p2 = chain[2];
  let p3 = chain[3];
  for (let i = 0; i < w.length; i += 4) {
    const x0 = w[i];
    const x1 = w[i + 1];
    const x2 = w[i + 2];
    const x3 = w[i + 3];
    let s0 = x0 ^ dk[0];
    let s1 = x1 ^ dk[1];
    let s2 = x2 ^ dk[2];
    let s3 = x3 ^ dk[3];
    for (let k = 4; k < 40; k += 4) {
      const t0 = td[s0 & 0xff] ^ td[256 | ((s3 >>> 8) & 0xff)] ^ td[512 | ((s2 >>> 16) & 0xff)] ^ td[768 | (s1 >>> 24)] ^ dk[k];
      const t1 = td[s1 & 0xff] ^ td[256 | ((s0 >>> 8) & 0xff)] ^ td[512 | ((s3 >>> 16) & 0xff)] ^ td[768 | (s2 >>> 24)] ^ dk[k + 1];
      const t2 = td[s2 & 0xff] ^ td[256 | ((s1 >>> 8) & 0xff)] ^ td[512 | ((s0 >>> 16) & 0xff)] ^ td[768 | (s3 >>> 24)] ^ dk[k + 2];
      s3 = td[s3 & 0xff] ^ td[256 | ((s2 >>> 8) & 0xff)] ^ td[512 | ((s1 >>> 16) & 0xff)] ^ td[768 | (s0 >>> 24)] ^ dk[k + 3];
      s0 = t0;
      s1 = t1;
      s2 = t2;
    }
    w[i] = ((inv[s0 & 0xff] | (inv[(s3 >>> 8) & 0xff] << 8) | (inv[(s2 >>> 16) & 0xff] << 16) | (inv[s1 >>> 24] << 24)) ^ dk[40]) ^ p0;
    w[i + 1] = ((inv[s1 & 0xff] | (inv[(s0 >>> 8) & 0xff] << 8) | (inv[(s3 >>> 16) & 0xff] << 16) | (inv[s2 >>> 24] << 24)) ^ dk[41]) ^ p1;
    w[i + 2] = ((inv[s2 & 0xff] | (inv[(s1 >>> 8) & 0xff] << 8) | (inv[(s0 >>> 16) & 0xff] << 16) | (inv[s3 >>> 24] << 24)) ^ dk[42]) ^ p2;
    w[i + 3] = ((inv[s3 & 0xff] | (inv[(s2 >>> 8) & 0xff] << 8) | (inv[(s1 >>> 16) & 0xff] << 16) | (inv[s0 >>> 24] << 24)) ^ dk[43]) ^ p3;
    p0 = x0;
    p1 = x1;
    p2 = x2;
    p3 = x3;
  }
}

/** A fresh copy of `data` (offset 0, so its words are aligned) and its int32 view. */
function alignedCopy(data: Uint8Array): [Uint8Array, Int32Array] {
  const out = new Uint8Array(data);
  return [out, new Int32Array(out.buffer, 0, out.length >>> 2)];
}

/** Loads a 16-byte block into `chain` (the words as the views read them). */
function loadBlock(chain: Int32Array, b: Uint8Array): void {
  for (let j = 0; j < 4; j++) chain[j] = b[4 * j] | (b[4 * j + 1] << 8) | (b[4 * j + 2] << 16) | (b[4 * j + 3] << 24);
}

class JsAes128 implements Aes128Key {
  readonly #key: Uint8Array;
  readonly #t: Tables;
  readonly #ek: Int32Array;
  #dk: Int32Array | undefined;
  #k1: Uint8Array | undefined;
  #k2: Uint8Array | undefined;
  /** Chaining value scratch: operations never interleave (no callbacks run inside one). */
  readonly #chain = new Int32Array(4);
  /** Aligned copy space for MAC input (see #macBlocks), zeroed again after each use. */
  #scratch: Uint8Array | undefined;

  constructor(key: Uint8Array) {
    this.#key = new Uint8Array(key);
    this.#t = tables ??= buildTables();
    this.#ek = expandKey(this.#key, this.#t);
  }

  encryptBlock(block: Uint8Array): Uint8Array {
    assertLength(block, 16, 'block');
    return this.#encrypt(block, undefined, ECB);
  }

  ecbEncrypt(data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, undefined, data);
    return this.#encrypt(data, undefined, ECB);
  }

  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    return this.#encrypt(data, iv, CBC);
  }

  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    const dk = (this.#dk ??= decryptionKey(this.#ek, this.#t));
    const [out, w] = alignedCopy(data);
    loadBlock(this.#chain, iv);
    decryptRun(dk, this.#t, w, this.#chain);
    return out;
  }

  cmac(first: Uint8Array, ...more: Uint8Array[]): Uint8Array {
    assertBytes(first, 'data');
    for (const m of more) assertBytes(m, 'data');
    if (this.#k1 === undefined) {
      this.#k1 = dbl(this.encryptBlock(new Uint8Array(16)));
      this.#k2 = dbl(this.#k1);
    }
    const chain = this.#chain;
    chain.fill(0);
    // Whole leading pieces (a multiple of 16 bytes each, as the MAC chaining value of SCP03t
    // is) go straight through; the rest is joined once.
    // (A piece is only taken this way when bytes follow it: the message's last block is special.)
    let after = 0;
    for (const m of more) after += m.length;
    let k = 0;
    let rest = first;
    while (after > 0 && rest.length > 0 && rest.length % 16 === 0) {
      this.#macBlocks(rest, rest.length);
      rest = more[k++];
      after -= rest.length;
    }
    const data = k === more.length ? rest : concatBytes([rest, ...more.slice(k)]);
    const n = data.length;
    const complete = n > 0 && n % 16 === 0;
    // Every block but the last goes through plain CBC-MAC; the last is padded and masked.
    const lastStart = complete ? n - 16 : n - (n % 16);
    this.#macBlocks(data, lastStart);
    const last = new Uint8Array(16);
    last.set(data.subarray(lastStart));
    if (!complete) last[n - lastStart] = 0x80;
    const sub = complete ? this.#k1 : this.#k2!;
    for (let i = 0; i < 16; i++) last[i] ^= sub[i];
    const w = new Int32Array(last.buffer);
    encryptRun(this.#ek, this.#t, w, 0, 4, chain, CBC);
    return last;
  }

  /**
   * CBC-MAC over data[0, end) (a multiple of 16), continuing the chaining value. Input that is
   * not 4-byte aligned is copied first, into a scratch buffer kept for the key (messages up to
   * {@link SCRATCH_MAX} bytes; a segment of SCP03t is at most 1,020), since a fresh typed array
   * of more than 64 bytes costs V8 an off-heap allocation of a microsecond or more.
   */
  #macBlocks(data: Uint8Array, end: number): void {
    if (end === 0) return;
    let w: Int32Array;
    if ((data.byteOffset & 3) === 0) w = new Int32Array(data.buffer, data.byteOffset, end >>> 2);
    else if (end <= SCRATCH_MAX) {
      if (this.#scratch === undefined || this.#scratch.length < end) this.#scratch = new Uint8Array(Math.max(end, 1024));
      this.#scratch.set(data.subarray(0, end));
      w = new Int32Array(this.#scratch.buffer, 0, end >>> 2);
    } else w = alignedCopy(data.subarray(0, end))[1];
    encryptRun(this.#ek, this.#t, w, 0, end >>> 2, this.#chain, MAC);
    if (w.buffer === this.#scratch?.buffer) this.#scratch.fill(0, 0, end);
  }

  #encrypt(data: Uint8Array, iv: Uint8Array | undefined, mode: number): Uint8Array {
    const [out, w] = alignedCopy(data);
    if (iv === undefined) this.#chain.fill(0);
    else loadBlock(this.#chain, iv);
    encryptRun(this.#ek, this.#t, w, 0, w.length, this.#chain, mode);
    return out;
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
