/**
 * Published known-answer vectors through both providers: RFC 4493 AES-CMAC, NIST SP 800-38A
 * AES-128 ECB/CBC, NIST CAVS X9.63 KDF, the BSP KDF and ECKA vectors of ../shared/vectors/bsp,
 * and the RFC 7027 appendix A.1 brainpoolP256r1 ECDH vector.
 */
import { describe, expect, it } from 'vitest';
import { x963Kdf } from '../../src/crypto/kdf.js';
import { concat } from '../support/bytes.js';
import { vectorJson } from '../support/vectors.js';
import { hex, haveVectors, providers, toHex, vectorsDir } from './helpers.js';

const K = hex('2b7e151628aed2a6abf7158809cf4f3c');
const M64 = hex(
  '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
);

describe.each(providers)('known answers — $name provider', (p) => {
  it('AES-CMAC: the four examples of RFC 4493 §4', () => {
    expect(toHex(p.aesCmac(K, M64.subarray(0, 0)))).toBe('bb1d6929e95937287fa37d129b756746');
    expect(toHex(p.aesCmac(K, M64.subarray(0, 16)))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(toHex(p.aesCmac(K, M64.subarray(0, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(toHex(p.aesCmac(K, M64))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
  });

  it('AES-128 ECB and CBC: NIST SP 800-38A F.1.1 and F.2.1/F.2.2', () => {
    expect(toHex(p.aesEcbEncryptBlock(K, M64.subarray(0, 16)))).toBe('3ad77bb40d7a3660a89ecaf32466ef97');
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    const ct = '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7'.replace(/ /g, '');
    expect(toHex(p.aesCbcEncrypt(K, iv, M64))).toBe(ct);
    expect(toHex(p.aesCbcDecrypt(K, iv, hex(ct)))).toBe(toHex(M64));
    expect(p.aesCbcEncrypt(K, iv, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('SHA-256: FIPS 180-4 "abc" and empty', () => {
    expect(toHex(p.sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(p.sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('X9.63 KDF: NIST CAVS ansx963_2001 SHA-256 vectors', () => {
    expect(toHex(x963Kdf(p, hex('96c05619d56c328ab95fe84b18264b08725b85e33fd34f08'), new Uint8Array(0), 16))).toBe('443024c3dae66b95e6f5670601558f71');
    expect(toHex(x963Kdf(p, hex('22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d'), hex('75eef81aa3041e33b80971203d2c0c52'), 128))).toBe(
      'c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21',
    );
  });

  it('X9.63 KDF equals an independent computation over WebCrypto SHA-256 for every length 0..100', async () => {
    const z = hex('8902dca391bbb22570fe60c176076246f568b1941265dff1d729e63039658089');
    const info = hex('0102030405');
    for (let len = 0; len <= 100; len++) {
      const parts: Uint8Array[] = [];
      for (let i = 1; i <= Math.ceil(len / 32); i++) {
        const counter = Uint8Array.of(i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
        parts.push(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(concat(z, counter, info)))));
      }
      expect(toHex(x963Kdf(p, z, info, len))).toBe(toHex(concat(...parts).subarray(0, len)));
    }
  });

  it('ECDH brainpoolP256r1: RFC 7027 appendix A.1', () => {
    const dA = hex('81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D');
    const qA = hex('04 44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5 8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC');
    const dB = hex('55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3');
    const qB = hex('04 8D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B 990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A');
    const z = '89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b';
    const a = { kind: 'private', curve: 'brainpoolP256r1', d: dA } as const;
    const b = { kind: 'private', curve: 'brainpoolP256r1', d: dB } as const;
    expect(toHex(p.publicKeyOf(a).point)).toBe(toHex(qA));
    expect(toHex(p.publicKeyOf(b).point)).toBe(toHex(qB));
    expect(toHex(p.ecdh(a, { kind: 'public', curve: 'brainpoolP256r1', point: qB }))).toBe(z);
    expect(toHex(p.ecdh(b, { kind: 'public', curve: 'brainpoolP256r1', point: qA }))).toBe(z);
  });

  describe.skipIf(!haveVectors)('shared BSP vectors (../shared/vectors/bsp)', () => {
    it('ECKA P-256 (ecka_mode51.json)', () => {
      const v = vectorJson<any>('bsp/ecka_mode51.json');
      const sk = { kind: 'private', curve: 'P-256', d: hex(v.input.smdpOtsk) } as const;
      expect(toHex(p.publicKeyOf(sk).point)).toBe(v.input.smdpOtpk);
      expect(toHex(p.ecdh(sk, { kind: 'public', curve: 'P-256', point: hex(v.input.euiccOtpk) }))).toBe(v.expected.sharedSecret);
    });

    it('BSP session keys via X9.63 (kdf.json): MCV ‖ S-ENC ‖ S-MAC', () => {
      const v = vectorJson<any>('bsp/kdf.json');
      expect(v.cases.length).toBeGreaterThan(0);
      for (const c of v.cases) {
        const host = hex(c.input.hostId);
        const eid = hex(c.input.eid);
        // SharedInfo = keyType ‖ keyLength ‖ L(hostId) ‖ hostId ‖ L(EID) ‖ EID (bsp.md §2 step 1)
        const info = Uint8Array.from([...hex(c.input.keyType), ...hex(c.input.keyLength), host.length, ...host, eid.length, ...eid]);
        const out = x963Kdf(p, hex(c.input.sharedSecret), info, 48);
        expect(toHex(out.subarray(0, 16)), c.id).toBe(c.expected.initialMacChainingValue);
        expect(toHex(out.subarray(16, 32)), c.id).toBe(c.expected.sEnc);
        expect(toHex(out.subarray(32, 48)), c.id).toBe(c.expected.sMac);
      }
    });
  });
});

if (!haveVectors) {
  describe('shared vectors', () => {
    it.skip(`../shared/vectors not found at ${vectorsDir}: BSP KDF/ECKA vectors skipped`, () => {});
  });
}
