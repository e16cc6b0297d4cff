/**
 * A prepared AES-128 key for the native provider. node:crypto has no way to re-key or re-IV a
 * cipher context, and creating one costs more than encrypting a whole 1 KB segment, so this
 * key keeps long-lived contexts — two AES-128-CBC ones (encrypting and decrypting, both started
 * with a zero IV and no padding) and one AES-128-ECB — and steers the CBC ones:
 *
 * - CBC encryption: a running CBC context computes E(Pᵢ ⊕ Cᵢ₋₁), where Cᵢ₋₁ is the last block
 *   it produced. XORing the first block of a new message with (IV ⊕ that last block) makes the
 *   context compute E(P₀ ⊕ IV), i.e. a fresh CBC encryption under any IV (SP 800-38A §6.2).
 * - CMAC is a CBC encryption with a zero IV (RFC 4493 §2.4: the tag is the last block of CBC
 *   over the message whose last block is masked with K1 or K2).
 * - ECB keeps no state, so a third long-lived context (AES-128-ECB) serves it directly.
 * - CBC decryption: a running context yields D(Cᵢ) ⊕ Cᵢ₋₁ with Cᵢ₋₁ the last ciphertext block
 *   it was fed; XORing the first output block with (that block ⊕ IV) gives D(C₀) ⊕ IV.
 *
 * So every operation is one native `update` call. The contexts are private to one key object
 * and every call completes before it returns, so calls cannot disturb one another.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import type { Aes128Key } from '../provider.js';
import { assertAesArgs, assertBytes, assertLength } from '../curves.js';
import { dbl } from '../cmac.js';

const ZERO = new Uint8Array(16);

/** A plain Uint8Array view of a Buffer node:crypto returned (no copy). */
function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

class NodeAes128 implements Aes128Key {
  readonly #key: Uint8Array;
  #enc: Cipher | undefined;
  /** The last block the encrypting context produced (its current chaining value). */
  readonly #encLast = new Uint8Array(16);
  #ecb: Cipher | undefined;
  #dec: Decipher | undefined;
  /** The last ciphertext block the decrypting context was fed. */
  readonly #decLast = new Uint8Array(16);
  #k1: Uint8Array | undefined;
  #k2: Uint8Array | undefined;
  #scratch = new Uint8Array(0);

  constructor(key: Uint8Array) {
    this.#key = new Uint8Array(key);
  }

  /**
   * Runs `m` (a fresh buffer of whole blocks, mutated) through the encrypting context as a CBC
   * message under `iv`; returns the ciphertext.
   */
  #encryptOwned(iv: Uint8Array, m: Uint8Array): Buffer {
    const enc = (this.#enc ??= createCipheriv('aes-128-cbc', this.#key, ZERO).setAutoPadding(false));
    const last = this.#encLast;
    for (let i = 0; i < 16; i++) m[i] ^= iv[i] ^ last[i];
    const out = enc.update(m);
    last.set(out.subarray(out.length - 16));
    return out;
  }

  encryptBlock(block: Uint8Array): Uint8Array {
    assertLength(block, 16, 'block');
    return this.#ecbUpdate(block);
  }

  ecbEncrypt(data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, undefined, data);
    if (data.length === 0) return new Uint8Array(0);
    return this.#ecbUpdate(data);
  }

  /** ECB keeps no state between blocks, so one long-lived context serves every call. */
  #ecbUpdate(data: Uint8Array): Uint8Array {
    const ecb = (this.#ecb ??= createCipheriv('aes-128-ecb', this.#key, null).setAutoPadding(false));
    return view(ecb.update(data));
  }

  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    if (data.length === 0) return new Uint8Array(0);
    return view(this.#encryptOwned(iv, new Uint8Array(data)));
  }

  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(this.#key, iv, data);
    if (data.length === 0) return new Uint8Array(0);
    const dec = (this.#dec ??= createDecipheriv('aes-128-cbc', this.#key, ZERO).setAutoPadding(false));
    const out = view(dec.update(data));
    const last = this.#decLast;
    for (let i = 0; i < 16; i++) out[i] ^= last[i] ^ iv[i];
    last.set(data.subarray(data.length - 16));
    return out;
  }

  cmac(first: Uint8Array, ...more: Uint8Array[]): Uint8Array {
    assertBytes(first, 'data');
    let n = first.length;
    for (let i = 0; i < more.length; i++) {
      assertBytes(more[i], 'data');
      n += more[i].length;
    }
    if (this.#k1 === undefined) {
      // L = AES(K, 0) through the CBC context CMAC uses anyway (a zero block under a zero IV),
      // so a key used only for CMAC sets up one native context, not two.
      this.#k1 = dbl(this.#encryptOwned(ZERO, new Uint8Array(16)));
      this.#k2 = dbl(this.#k1);
    }
    const complete = n > 0 && n % 16 === 0;
    const size = complete ? n : n - (n % 16) + 16;
    // The padded message is built in a scratch buffer kept by this key: node:crypto reads it
    // during the call and never keeps a reference.
    if (this.#scratch.length < size) this.#scratch = new Uint8Array(Math.max(size, 2 * this.#scratch.length));
    const m = this.#scratch.subarray(0, size);
    m.set(first, 0);
    let o = first.length;
    for (let i = 0; i < more.length; i++) {
      m.set(more[i], o);
      o += more[i].length;
    }
    if (!complete) {
      m[n] = 0x80;
      m.fill(0, n + 1);
    }
    const sub = complete ? this.#k1 : this.#k2!;
    for (let i = 0; i < 16; i++) m[size - 16 + i] ^= sub[i];
    const out = this.#encryptOwned(ZERO, m);
    return new Uint8Array(out.subarray(size - 16));
  }
}

/**
 * Prepares an AES-128 key for the native provider.
 *
 * @throws RangeError when `key` is not 16 bytes.
 */
export function nodeAes128Key(key: Uint8Array): Aes128Key {
  assertLength(key, 16, 'key');
  return new NodeAes128(key);
}
