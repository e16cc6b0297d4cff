/**
 * A prepared AES-128 key for the pure-TypeScript provider, with its own table-driven block
 * function (FIPS 197 §5) written for V8: the state lives in four int32 locals, every table is an
 * Int32Array (so every value stays a 32-bit integer that the optimiser keeps unboxed), and
 * whole runs of blocks (ECB, CBC, CBC-MAC) go through one loop without a call or an allocation
 * per block. Words are assembled from bytes, which costs next to nothing beside the rounds and
 * makes the code independent of alignment and of the host's byte order. A 1 KB SCP03t segment
 * is 64 block operations and nothing else.
 *
 * CBC is SP 800-38A §6.2, CMAC is RFC 4493 §2.4. The tests hold every operation against
 * node:crypto (property tests over random interleavings on one key), RFC 4493 §4 and
 * SP 800-38A F.1.1/F.2.1.
 *
 * @module
 */
import type { Aes128Key } from './provider.js';
import { concatBytes } from '../der/bytes.js';
import { assertAesArgs, assertBytes, assertLength } from './curves.js';
import { dbl } from './cmac.js';

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

const ECB = 0;
const CBC = 1;
const MAC = 2;

/**
 * Encrypts the 16-byte blocks of src[0, to): ECB (each block alone), CBC (XOR with the
 * chaining value first) or MAC (CBC, nothing written). ECB and CBC write the output blocks to
 * the same offsets of `dst`. `chain` holds the chaining value on entry and the last output block on
 * return. Words are assembled from bytes, so any offset and any host byte order will do.
 */
function encryptRun(ek: Int32Array, t: Tables, src: Uint8Array, to: number, dst: Uint8Array, chain: Int32Array, mode: number): void {
  const te = t.te;
  const sbox = t.sbox;
  let c0 = chain[0];
  let c1 = chain[1];
  let c2 = chain[2];
  let c3 = chain[3];
  for (let i = 0; i < to; i += 16) {
    let s0 = (src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24)) ^ ek[0];
    let s1 = (src[i + 4] | (src[i + 5] << 8) | (src[i + 6] << 16) | (src[i + 7] << 24)) ^ ek[1];
    let s2 = (src[i + 8] | (src[i + 9] << 8) | (src[i + 10] << 16) | (src[i + 11] << 24)) ^ ek[2];
    let s3 = (src[i + 12] | (src[i + 13] << 8) | (src[i + 14] << 16) | (src[i + 15] << 24)) ^ ek[3];
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
      putWord(dst, i, c0);
      putWord(dst, i + 4, c1);
      putWord(dst, i + 8, c2);
      putWord(dst, i + 12, c3);
    }
  }
  chain[0] = c0;
  chain[1] = c1;
  chain[2] = c2;
  chain[3] = c3;
}

/** CBC-decrypts the blocks of `src` into `dst` (same length); `chain` holds the IV on entry. */
function decryptRun(dk: Int32Array, t: Tables, src: Uint8Array, dst: Uint8Array, chain: Int32Array): void {
  const td = t.td;
  const inv = t.inv;
  let p0 = chain[0];
  let p1 = chain[1];
  let p2 = chain[2];
  let p3 = chain[3];
  for (let i = 0; i < src.length; i += 16) {
    const x0 = src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24);
    const x1 = src[i + 4] | (src[i + 5] << 8) | (src[i + 6] << 16) | (src[i + 7] << 24);
    const x2 = src[i + 8] | (src[i + 9] << 8) | (src[i + 10] << 16) | (src[i + 11] << 24);
    const x3 = src[i + 12] | (src[i + 13] << 8) | (src[i + 14] << 16) | (src[i + 15] << 24);
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
    putWord(dst, i, (inv[s0 & 0xff] | (inv[(s3 >>> 8) & 0xff] << 8) | (inv[(s2 >>> 16) & 0xff] << 16) | (inv[s1 >>> 24] << 24)) ^ dk[40] ^ p0);
    putWord(dst, i + 4, (inv[s1 & 0xff] | (inv[(s0 >>> 8) & 0xff] << 8) | (inv[(s3 >>> 16) & 0xff] << 16) | (inv[s2 >>> 24] << 24)) ^ dk[41] ^ p1);
    putWord(dst, i + 8, (inv[s2 & 0xff] | (inv[(s1 >>> 8) & 0xff] << 8) | (inv[(s0 >>> 16) & 0xff] << 16) | (inv[s3 >>> 24] << 24)) ^ dk[42] ^ p2);
    putWord(dst, i + 12, (inv[s3 & 0xff] | (inv[(s2 >>> 8) & 0xff] << 8) | (inv[(s1 >>> 16) & 0xff] << 16) | (inv[s0 >>> 24] << 24)) ^ dk[43] ^ p3);
    p0 = x0;
    p1 = x1;
    p2 = x2;
    p3 = x3;
  }
}

/** Writes a column word back as its four bytes, row 0 first. */
function putWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

/** Loads a 16-byte block into `chain` as four column words. */
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
    const out = new Uint8Array(data.length);
    loadBlock(this.#chain, iv);
    decryptRun(dk, this.#t, data, out, this.#chain);
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
    // is) go straight through; the rest is joined once. A piece is only taken this way when
    // bytes follow it: the message's last block is the special one.
    let after = 0;
    for (const m of more) after += m.length;
    let k = 0;
    let rest = first;
    while (after > 0 && rest.length > 0 && rest.length % 16 === 0) {
      encryptRun(this.#ek, this.#t, rest, rest.length, rest, chain, MAC);
      rest = more[k++];
      after -= rest.length;
    }
    const data = k === more.length ? rest : concatBytes([rest, ...more.slice(k)]);
    const n = data.length;
    const complete = n > 0 && n % 16 === 0;
    // Every block but the last goes through plain CBC-MAC; the last is padded and masked.
    const lastStart = complete ? n - 16 : n - (n % 16);
    encryptRun(this.#ek, this.#t, data, lastStart, data, chain, MAC);
    const last = new Uint8Array(16);
    last.set(data.subarray(lastStart));
    if (!complete) last[n - lastStart] = 0x80;
    const sub = complete ? this.#k1 : this.#k2!;
    for (let i = 0; i < 16; i++) last[i] ^= sub[i];
    encryptRun(this.#ek, this.#t, last, 16, last, chain, CBC);
    return last;
  }

  #encrypt(data: Uint8Array, iv: Uint8Array | undefined, mode: number): Uint8Array {
    const out = new Uint8Array(data.length);
    if (iv === undefined) this.#chain.fill(0);
    else loadBlock(this.#chain, iv);
    encryptRun(this.#ek, this.#t, data, data.length, out, this.#chain, mode);
    return out;
  }
}

/**
 * Prepares an AES-128 key for the pure-TypeScript provider.
 *
 * @throws RangeError when `key` is not 16 bytes.
 */
export function jsAes128Key(key: Uint8Array): Aes128Key {
  assertLength(key, 16, 'key');
  return new JsAes128(key);
}
