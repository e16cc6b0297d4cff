/**
 * Prepared AES-128 keys (`provider.aes128Key`, `aes128KeyOf`): the same known answers as the
 * stateless operations (RFC 4493 §4, NIST SP 800-38A F.1.1/F.2.1), and — because the native
 * key steers long-lived cipher contexts and the pure-JS one runs its own CBC and CMAC loops —
 * random interleavings of every operation on one key compared call by call with the stateless
 * operations and with node:crypto itself.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cmac as nobleCmac } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aes128KeyOf, type CryptoProvider } from '../../src/crypto/provider.js';
import { hex, providers, toHex } from './helpers.js';

const K = hex('2b7e151628aed2a6abf7158809cf4f3c');
const M64 = hex(
  '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
);
const IV = hex('000102030405060708090a0b0c0d0e0f');
const CBC = '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7';
const ECB = '3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4';

/** A provider without aes128Key: aes128KeyOf must fall back to its stateless operations. */
function withoutPrepared(p: CryptoProvider): CryptoProvider {
  const { aes128Key: _drop, ...rest } = p;
  return { ...rest, name: `${p.name} (stateless)` };
}

const all = [...providers, ...providers.map(withoutPrepared)];

/** node:crypto directly, as an independent reference. */
const ref = {
  ecb: (k: Uint8Array, d: Uint8Array) => new Uint8Array(createCipheriv('aes-128-ecb', k, null).setAutoPadding(false).update(d)),
  cbcE: (k: Uint8Array, iv: Uint8Array, d: Uint8Array) => new Uint8Array(createCipheriv('aes-128-cbc', k, iv).setAutoPadding(false).update(d)),
  cbcD: (k: Uint8Array, iv: Uint8Array, d: Uint8Array) => new Uint8Array(createDecipheriv('aes-128-cbc', k, iv).setAutoPadding(false).update(d)),
};

type Op =
  | { op: 'block'; data: Uint8Array }
  | { op: 'ecb'; data: Uint8Array }
  | { op: 'cbcE'; iv: Uint8Array; data: Uint8Array }
  | { op: 'cbcD'; iv: Uint8Array; data: Uint8Array }
  | { op: 'cmac'; data: Uint8Array; cuts: number[] };

const blocks = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.uint8Array({ minLength: n * 16, maxLength: n * 16 }));
const block = fc.uint8Array({ minLength: 16, maxLength: 16 });
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  block.map((data) => ({ op: 'block' as const, data })),
  blocks(6).map((data) => ({ op: 'ecb' as const, data })),
  fc.record({ iv: block, data: blocks(6) }).map((r) => ({ op: 'cbcE' as const, ...r })),
  fc.record({ iv: block, data: blocks(6) }).map((r) => ({ op: 'cbcD' as const, ...r })),
  fc.record({ data: fc.uint8Array({ maxLength: 100 }), cuts: fc.array(fc.oneof(fc.nat(100), fc.nat(6).map((n) => n * 16)), { maxLength: 3 }) }).map((r) => ({ op: 'cmac' as const, ...r })),
);

describe.each(all)('prepared AES-128 key — $name', (p) => {
  it('known answers: RFC 4493 §4 CMAC, SP 800-38A ECB and CBC', () => {
    const k = aes128KeyOf(p, K);
    expect(toHex(k.cmac(M64.subarray(0, 0)))).toBe('bb1d6929e95937287fa37d129b756746');
    expect(toHex(k.cmac(M64.subarray(0, 16)))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(toHex(k.cmac(M64.subarray(0, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(toHex(k.cmac(M64))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
    // whole blocks given as pieces: the message's last block stays the special one
    expect(toHex(k.cmac(M64.subarray(0, 16), new Uint8Array(0)))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(toHex(k.cmac(M64.subarray(0, 32), M64.subarray(32), new Uint8Array(0)))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
    expect(toHex(k.cmac(M64.subarray(0, 16), M64.subarray(16, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(toHex(k.encryptBlock(M64.subarray(0, 16)))).toBe(ECB.slice(0, 32));
    expect(toHex(k.ecbEncrypt(M64))).toBe(ECB);
    expect(toHex(k.cbcEncrypt(IV, M64))).toBe(CBC);
    expect(toHex(k.cbcDecrypt(IV, hex(CBC)))).toBe(toHex(M64));
    // the same calls again on the same key: nothing carried over
    expect(toHex(k.cbcEncrypt(IV, M64))).toBe(CBC);
    expect(toHex(k.cbcDecrypt(IV, hex(CBC)))).toBe(toHex(M64));
    expect(toHex(k.cmac(M64))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
    expect(k.cbcEncrypt(IV, new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(k.cbcDecrypt(IV, new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(k.ecbEncrypt(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('any interleaving of operations on one key equals node:crypto and the stateless calls, call by call', () => {
    fc.assert(
      fc.property(block, fc.array(arbOp, { minLength: 1, maxLength: 12 }), (key, ops) => {
        const k = aes128KeyOf(p, key);
        for (const o of ops) {
          switch (o.op) {
            case 'block':
              expect(toHex(k.encryptBlock(o.data))).toBe(toHex(ref.ecb(key, o.data)));
              break;
            case 'ecb':
              expect(toHex(k.ecbEncrypt(o.data))).toBe(toHex(ref.ecb(key, o.data)));
              break;
            case 'cbcE':
              expect(toHex(k.cbcEncrypt(o.iv, o.data))).toBe(toHex(ref.cbcE(key, o.iv, o.data)));
              break;
            case 'cbcD':
              expect(toHex(k.cbcDecrypt(o.iv, o.data))).toBe(toHex(ref.cbcD(key, o.iv, o.data)));
              break;
            case 'cmac': {
              // @noble/ciphers' CMAC: an implementation independent of both providers
              const whole = toHex(nobleCmac(o.data, key));
              expect(toHex(p.aesCmac(key, o.data))).toBe(whole);
              expect(toHex(k.cmac(o.data))).toBe(whole);
              // the same message given in pieces (empty pieces included)
              const at = [...o.cuts.map((c) => Math.min(c, o.data.length)).sort((a, b) => a - b), o.data.length];
              const pieces = at.map((end, i) => o.data.subarray(i === 0 ? 0 : at[i - 1], end));
              expect(toHex(k.cmac(o.data.subarray(0, 0), ...pieces))).toBe(whole);
              break;
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('inputs are not modified, outputs are fresh plain Uint8Arrays, and the key bytes are copied', () => {
    const key = K.slice();
    const k = aes128KeyOf(p, key);
    key.fill(0); // changing the caller's array afterwards does not change the prepared key
    const data = M64.slice();
    const iv = IV.slice();
    const outs = [k.encryptBlock(data.subarray(0, 16)), k.ecbEncrypt(data), k.cbcEncrypt(iv, data), k.cbcDecrypt(iv, data), k.cmac(data)];
    expect(data).toEqual(M64);
    expect(iv).toEqual(IV);
    expect(toHex(outs[2])).toBe(CBC);
    for (const o of outs) {
      expect(Object.getPrototypeOf(o)).toBe(Uint8Array.prototype);
    }
    // two results never share memory
    outs[2].fill(0);
    expect(toHex(k.cbcEncrypt(iv, data))).toBe(CBC);
  });

  it('Buffer inputs (whose slice() is a view) are never written to', () => {
    const key = Buffer.from(K);
    const k = aes128KeyOf(p, key);
    const data = Buffer.from(M64);
    const iv = Buffer.from(IV);
    expect(toHex(k.cbcEncrypt(iv, data))).toBe(CBC);
    expect(toHex(k.ecbEncrypt(data))).toBe(ECB);
    expect(toHex(k.cbcDecrypt(iv, Buffer.from(hex(CBC))))).toBe(toHex(M64));
    expect(toHex(k.cmac(data.subarray(0, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(toHex(k.cmac(data.subarray(3, 40), data.subarray(0, 3)))).toBe(toHex(p.aesCmac(K, Uint8Array.from([...M64.subarray(3, 40), ...M64.subarray(0, 3)]))));
    expect(toHex(data)).toBe(toHex(M64));
    expect(toHex(iv)).toBe(toHex(IV));
    key.fill(0);
    expect(toHex(k.cbcEncrypt(IV, M64))).toBe(CBC);
  });

  it('bad arguments are refused with TypeError/RangeError naming them', () => {
    expect(() => aes128KeyOf(p, new Uint8Array(15))).toThrow(/key/);
    const k = aes128KeyOf(p, K);
    expect(() => k.encryptBlock(new Uint8Array(15))).toThrow(RangeError);
    expect(() => k.ecbEncrypt(new Uint8Array(17))).toThrow(RangeError);
    expect(() => k.cbcEncrypt(new Uint8Array(8), new Uint8Array(16))).toThrow(/iv/);
    expect(() => k.cbcDecrypt(IV, new Uint8Array(20))).toThrow(/multiple of 16/);
    expect(() => k.cmac('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => k.cmac(M64, 'abc' as unknown as Uint8Array)).toThrow(TypeError);
    // a refused call leaves the key usable
    expect(toHex(k.cbcEncrypt(IV, M64))).toBe(CBC);
  });
});
