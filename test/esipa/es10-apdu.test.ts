/**
 * ES10x over APDUs: STORE DATA blocks against real traces (lpac issue #143, pysim) and an
 * independent rebuild of every header; the BPP series of SGP.22 §2.5.5 against a hand walk of
 * built packages; the IPA side and the card endpoint together over the virtual eUICC, with the
 * same responses as direct execution; and every malformed APDU answered with its status word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyPairOf } from '../support/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { fromHex, toHex } from '../../src/der/bytes.js';
import {
  Es10ApduError,
  ISD_R_AID,
  bppStoreDataPayloads,
  es10ApduEndpoint,
  es10FromApdus,
  loadBoundProfilePackageApdus,
  openEs10Session,
  parseApduResponse,
  storeDataApdus,
  transmitEs10,
  type ApduTransmit,
} from '../../src/esipa/index.js';
import { buildBpp } from '../../src/rsp/bpp/build.js';
import { euiccApduEndpoint } from '../../src/sim/apdu.js';
import { prepareEuicc } from '../../src/sim/context.js';
import { executeCommand } from '../../src/sim/euicc.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import { profileBytes } from '../rsp/bpp/helpers.js';
import { describeVectors, vectorBytes } from '../support/vectors.js';
import { EID, ICCID_A, ICCID_B, associate, newEim, newEuicc, packageFrom } from '../sim/helpers.js';

function bpp(size: number, ppk: boolean): Uint8Array {
  const k = keyPairOf('P-256', 0x5eedn);
  return buildBpp({
    upp: profileBytes(size, (i) => (i * 13) & 0xff),
    metadata: { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P' },
    transactionId: Uint8Array.of(1, 2, 3, 4),
    eid: EID,
    euiccOtpk: k.publicKey,
    curve: 'P-256',
    smdpSigner: k.privateKey,
    ...(ppk ? { ppk: { sEnc: new Uint8Array(16).fill(1), sMac: new Uint8Array(16).fill(2), initialMacChainingValue: new Uint8Array(16).fill(3) } } : {}),
    provider: nobleProvider,
  }).bpp;
}

/** Filler octets: commands and answers of any length. */
function profile(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** An independent TLV walk (short and long definite lengths) for the expected BPP series. */
function tlvAt(b: Uint8Array, p: number): { start: number; tag: number; content: number; end: number } {
  let q = p;
  let tag = b[q++];
  if ((tag & 0x1f) === 0x1f) tag = (tag << 8) | b[q++];
  let len = b[q++];
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[q++];
  }
  return { start: p, tag, content: q, end: q + len };
}

describe('STORE DATA blocks', () => {
  it('match the traces: 81 E2 91 00 03 BF2E00 (lpac #143, channel 1) and 80 E2 91 00 … (pysim, channel 0)', () => {
    expect(storeDataApdus(fromHex('bf2e00'), { channel: 1 }).map((x) => toHex(x))).toEqual(['81e2910003bf2e00']);
    expect(storeDataApdus(fromHex('bf2e00')).map((x) => toHex(x))).toEqual(['80e2910003bf2e00']);
    expect(storeDataApdus(fromHex('bf2e00'), { le: true }).map((x) => toHex(x))).toEqual(['80e2910003bf2e0000']);
    // lpac's 120-octet blocks: the fourth block of a long command starts 81 E2 11 03 78
    const apdus = storeDataApdus(profile(600), { channel: 1, blockSize: 120 });
    expect(apdus.length).toBe(5);
    expect(toHex(apdus[3].subarray(0, 5))).toBe('81e2110378');
    expect(toHex(apdus[4].subarray(0, 5))).toBe('81e2910478');
  });

  it('every header rebuilt independently; the blocks are the command in order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 1, max: 6000 }), (blockSize, channel, le, n) => {
        fc.pre(Math.ceil(n / blockSize) <= 255);
        const command = profile(n);
        const apdus = storeDataApdus(command, { blockSize, channel, le });
        expect(apdus.length).toBe(Math.ceil(n / blockSize));
        const data: number[] = [];
        apdus.forEach((a, i) => {
          const len = Math.min(blockSize, n - i * blockSize);
          expect([...a.subarray(0, 5)]).toEqual([0x80 + channel, 0xe2, i === apdus.length - 1 ? 0x91 : 0x11, i, len]);
          expect(a.length).toBe(5 + len + (le ? 1 : 0));
          if (le) expect(a[a.length - 1]).toBe(0);
          data.push(...a.subarray(5, 5 + len));
        });
        expect(Uint8Array.from(data)).toEqual(command);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what no card can take: no command, block sizes outside 1–255, channels outside 0–3, more than 255 blocks', () => {
    expect(() => storeDataApdus(new Uint8Array(0))).toThrow(RangeError);
    expect(() => storeDataApdus(Uint8Array.of(1), { blockSize: 0 })).toThrow(/blockSize/);
    expect(() => storeDataApdus(Uint8Array.of(1), { blockSize: 256 })).toThrow(/blockSize/);
    expect(() => storeDataApdus(Uint8Array.of(1), { channel: 4 })).toThrow(/channel/);
    expect(storeDataApdus(profile(255 * 10), { blockSize: 10 }).length).toBe(255);
    expect(() => storeDataApdus(profile(255 * 10 + 1), { blockSize: 10 })).toThrow(/256 STORE DATA blocks/);
  });
});

describe('the BPP series (SGP.22 §2.5.5)', () => {
  for (const ppk of [false, true]) {
    it(`BF36+BF23, A0, A1 header, each 88, ${ppk ? 'A2, ' : ''}A3 header, each 86; together the package (${ppk ? 'with' : 'without'} PPK)`, () => {
      const b = bpp(3000, ppk);
      const payloads = bppStoreDataPayloads(b);
      // expected from an independent walk
      const top = tlvAt(b, 0);
      const expected: string[] = [];
      let p = top.content;
      const first = tlvAt(b, p);
      expected.push(toHex(b.subarray(0, first.end)));
      p = first.end;
      while (p < top.end) {
        const t = tlvAt(b, p);
        if (t.tag === 0xa0 || t.tag === 0xa2) expected.push(toHex(b.subarray(t.start, t.end)));
        else {
          expected.push(toHex(b.subarray(t.start, t.content)));
          for (let q = t.content; q < t.end; q = tlvAt(b, q).end) expected.push(toHex(b.subarray(q, tlvAt(b, q).end)));
        }
        p = t.end;
      }
      expect(payloads.map((x) => toHex(x))).toEqual(expected);
      expect(payloads.map((x) => x[0])).toContain(0x86);
      expect(toHex(Uint8Array.from(payloads.flatMap((x) => [...x])))).toBe(toHex(b));
    });
  }

  it('a package cut short, with another outer tag, with a part missing or out of order: Asn1DecodeError with the offset', () => {
    const b = bpp(500, false);
    expect(() => bppStoreDataPayloads(b.subarray(0, b.length - 1))).toThrow(Asn1DecodeError);
    expect(() => bppStoreDataPayloads(Uint8Array.of(0xbf, 0x37, 0x00))).toThrow(/expected a BoundProfilePackage/);
    expect(() => bppStoreDataPayloads(Uint8Array.of(0xbf, 0x36, 0x00))).toThrow(/expected tag BF23/);
    expect(() => bppStoreDataPayloads(Uint8Array.of(...b, 0))).toThrow(/1 bytes after/);
    // A0 and A1 swapped
    const top = tlvAt(b, 0);
    const first = tlvAt(b, top.content);
    const a0 = tlvAt(b, first.end);
    const a1 = tlvAt(b, a0.end);
    const swapped = Uint8Array.from([...b.subarray(0, a0.start), ...b.subarray(a1.start, a1.end), ...b.subarray(a0.start, a0.end), ...b.subarray(a1.end)]);
    try {
      bppStoreDataPayloads(swapped);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Asn1DecodeError);
      expect((e as Asn1DecodeError).offset).toBe(a0.start);
    }
  });
});

describeVectors('the BPP series of a package made elsewhere (pySim, bsp/bpp_decode)', ['bsp/bpp_decode/bpp.der'], () => {
  it('cuts it into BF36+BF23, A0, A1, each 88, A3, each 86 of the file, together its bytes', () => {
    const b = vectorBytes('bsp', 'bpp_decode', 'bpp.der');
    const payloads = bppStoreDataPayloads(b);
    // the structure in ../shared/spec/bsp.md §7.1: one 88 in A1, thirteen 86 in A3
    expect(payloads.map((x) => toHex(x.subarray(0, x[0] === 0xbf ? 2 : 1)))).toEqual(['bf36', 'a0', 'a1', '88', 'a3', ...Array(13).fill('86')]);
    expect(toHex(Uint8Array.from(payloads.flatMap((x) => [...x])))).toBe(toHex(b));
  });
});

/** A virtual eUICC with an eIM, a channel opened and the ISD-R selected. */
async function session() {
  const eim = newEim('eim.test');
  const e = newEuicc([{ iccid: ICCID_A, enabled: true }, { iccid: ICCID_B }]);
  const { state, tokens } = associate(e.state, [eim]);
  const device = { state, context: prepareEuicc(state) };
  const card = euiccApduEndpoint(device);
  const sent: Uint8Array[] = [];
  const transmit: ApduTransmit = (apdu) => {
    sent.push(apdu);
    return card.transmit(apdu);
  };
  const channel = await openEs10Session(transmit);
  return { eim, tokens, device, transmit, channel, sent };
}

describe('IPA side and card endpoint over the virtual eUICC', () => {
  it('opens channel 1 and selects the ISD-R with the APDUs of bindings.md §5; SELECT answers 61 14 and the FCI', async () => {
    const { channel, sent, transmit } = await session();
    expect(channel).toBe(1);
    expect(sent.map((x) => toHex(x))).toEqual(['80aa000005a903830107', '0070000001', '01a4040410' + toHex(ISD_R_AID)]);
    expect(toHex(await transmit(fromHex('01a4040410' + toHex(ISD_R_AID))))).toBe('6114');
    expect(toHex(await transmit(fromHex('01c0000014')))).toBe('6f128410' + toHex(ISD_R_AID) + '9000');
  });

  it('answers as direct execution does, for every block size; long answers come back through GET RESPONSE', async () => {
    for (const blockSize of [1, 7, 120, 255]) {
      const { device, transmit, channel, sent, eim, tokens } = await session();
      for (const command of [fromHex('bf2000'), fromHex('bf2200'), fromHex('bf2b00')]) {
        const direct = executeCommand(device.state, command, device.context).response;
        expect(toHex(await transmitEs10(transmit, command, { channel, blockSize }))).toBe(toHex(direct));
      }
      // a fresh challenge each time: BF2E { 80 10 <16 octets> }
      expect(toHex((await transmitEs10(transmit, fromHex('bf2e00'), { channel, blockSize })).subarray(0, 5))).toBe('bf2e128010');
      // EUICCInfo2 is longer than one GET RESPONSE of 256 octets would be for a small Le: split the answer
      expect(sent.some((a) => a[1] === 0xc0)).toBe(true);
      // a signed eUICC Package runs through the blocks and changes the state as it would directly
      const pkg = packageFrom(eim, { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(ICCID_B) } }] }, 1, tokens[0]);
      const before = device.state;
      const expected = executeCommand(before, pkg, device.context);
      const got = await transmitEs10(transmit, pkg, { channel, blockSize });
      expect(got[0]).toBe(0xbf);
      expect(got[1]).toBe(0x51);
      expect(device.state).not.toBe(before);
      expect(device.state.profiles.map((p) => p.state)).toEqual(expected.state.profiles.map((p) => p.state));
    }
  });

  it('GET RESPONSE hands out at most Le octets and says 61xx while more remain; CLA 00 or 80', async () => {
    const card = es10ApduEndpoint(() => profile(700));
    await openEs10Session(card.transmit, { terminalCapability: false });
    const r1 = parseApduResponse(await card.transmit(fromHex('81e2910003bf2200')));
    expect(r1).toEqual({ data: new Uint8Array(0), sw: 0x6100 });
    const r2 = parseApduResponse(await card.transmit(fromHex('01c0000010')));
    expect([r2.data.length, r2.sw.toString(16)]).toEqual([16, '6100']);
    const r3 = parseApduResponse(await card.transmit(fromHex('81c0000000')));
    expect([r3.data.length, r3.sw.toString(16)]).toEqual([256, '6100']);
    const r4 = parseApduResponse(await card.transmit(fromHex('01c0000000')));
    expect([r4.data.length, r4.sw.toString(16)]).toEqual([256, '61ac']);
    const r5 = parseApduResponse(await card.transmit(fromHex('01c00000ac')));
    expect([r5.data.length, r5.sw.toString(16)]).toEqual([0xac, '9000']);
    expect(Uint8Array.from([...r2.data, ...r3.data, ...r4.data, ...r5.data])).toEqual(profile(700));
    expect(parseApduResponse(await card.transmit(fromHex('01c0000000'))).sw).toBe(0x6985);
    // the IPA side collects the whole answer with both classes
    for (const getResponseCla of [0x00, 0x80] as const) {
      expect(await transmitEs10(card.transmit, fromHex('bf2200'), { channel: 1, getResponseCla })).toEqual(profile(700));
    }
  });

  it('a BPP arrives as its series of cycles and runs once, as one command, byte for byte', async () => {
    for (const ppk of [false, true]) {
      const b = bpp(5000, ppk);
      const ran: Uint8Array[] = [];
      const card = es10ApduEndpoint((command) => {
        ran.push(command.slice());
        return fromHex('bf3703800101');
      });
      const channel = await openEs10Session(card.transmit);
      const answers: string[] = [];
      const transmit: ApduTransmit = async (apdu) => {
        const r = await card.transmit(apdu);
        answers.push(toHex(r.subarray(r.length - 2)));
        return r;
      };
      expect(toHex(await loadBoundProfilePackageApdus(transmit, b, { channel, blockSize: 200 }))).toBe('bf3703800101');
      expect(ran.map((x) => toHex(x))).toEqual([toHex(b)]);
      // every cycle but the last answered 9000 alone; the last 61 06, then the result
      expect(answers.slice(0, -2).every((x) => x === '9000')).toBe(true);
      expect(answers.slice(-2)).toEqual(['6106', '9000']);
    }
  });

  it('the virtual eUICC answers a BPP of a session it never opened with a ProfileInstallationResult, as direct execution does', async () => {
    const { device, transmit, channel } = await session();
    const b = bpp(2000, false);
    const direct = executeCommand(device.state, b, device.context).response;
    expect(toHex(direct.subarray(0, 2))).toBe('bf37');
    expect(toHex(await loadBoundProfilePackageApdus(transmit, b, { channel }))).toBe(toHex(direct));
  });
});

describe('the card endpoint refuses malformed APDUs with their status word and keeps going', () => {
  const rows: [string, string[], string][] = [
    ['fewer than four octets', ['80e291'], '6700'],
    ['Lc larger than the data', ['81e2910004bf2e00'], '6700'],
    ['Lc zero', ['81e2910000'], '6700'],
    ['another class', ['a1e2910003bf2e00'], '6e00'],
    ['a channel never opened', ['82e2910003bf2e00'], '6e00'],
    ['another instruction', ['81ca00005a'], '6d00'],
    ['a block out of order', ['81e2110103bf2e00'], '6a86'],
    ['P1 neither 11 nor 91', ['81e2010003bf2e00'], '6a86'],
    ['GET RESPONSE with nothing pending (the FCI of SELECT fetched first)', ['01c0000000', '01c0000000'], '6985'],
    ['another AID', ['01a4040410a0000005591010ffffffff8900000200'], '6a82'],
    ['a BPP whose later cycles overshoot its length', ['81e2910006bf3610bf2300', '81e291000e' + '00'.repeat(14)], '6a80'],
    ['a BPP longer than the endpoint buffers (3 MiB)', ['81e2910006bf3683300000'], '6a84'],
    ['a command that cannot run', ['81e2910002ff00'], '6a80'],
  ];
  for (const [name, apdus, expected] of rows) {
    it(`${name}: ${expected}`, async () => {
      const card = es10ApduEndpoint((c) => {
        if (c[0] === 0xff) throw new Asn1DecodeError('unexpected-tag', 0, 'not an ES10 command');
        return fromHex('bf2e03800101');
      });
      await openEs10Session(card.transmit);
      let last = '';
      for (const a of apdus) {
        const r = await card.transmit(fromHex(a));
        last = toHex(r.subarray(r.length - 2));
      }
      expect(last).toBe(expected);
      // the channel still works afterwards
      expect(await transmitEs10(card.transmit, fromHex('bf2e00'), { channel: 1 })).toEqual(fromHex('bf2e03800101'));
    });
  }

  it('a failure of the host (not of the command) is thrown, not answered', async () => {
    const card = es10ApduEndpoint(() => {
      throw new Error('state file: disk full');
    });
    const channel = await openEs10Session(card.transmit);
    await expect(transmitEs10(card.transmit, fromHex('bf2e00'), { channel })).rejects.toThrow('disk full');
  });

  it('STORE DATA before SELECT: 6985; a fourth channel: 6A81', async () => {
    const card = es10ApduEndpoint(() => new Uint8Array(0));
    expect(toHex(await card.transmit(fromHex('80e2910003bf2e00')))).toBe('6985');
    for (const c of [1, 2, 3]) expect(toHex(await card.transmit(fromHex('0070000001')))).toBe(`0${c}9000`);
    expect(toHex(await card.transmit(fromHex('0070000001')))).toBe('6a81');
    expect(toHex(await card.transmit(fromHex('0070800200')))).toBe('9000');
    expect(toHex(await card.transmit(fromHex('0070000001')))).toBe('029000');
  });

  it('random APDUs never throw and always end in a status word (property)', async () => {
    const card = es10ApduEndpoint((c) => c);
    await openEs10Session(card.transmit);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (apdu) => {
        const r = await card.transmit(apdu);
        expect(r.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the IPA side on a card that refuses', () => {
  it('an error status mid-command, a malformed answer, an endless GET RESPONSE: Es10ApduError', async () => {
    let n = 0;
    const refuseSecond: ApduTransmit = () => (++n === 2 ? fromHex('6a88') : fromHex('9000'));
    const err = await transmitEs10(refuseSecond, profile(600), { blockSize: 255 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Es10ApduError);
    expect(err).toMatchObject({ code: 'status', sw: 0x6a88, block: 1 });
    await expect(transmitEs10(() => Uint8Array.of(0x90), fromHex('bf2e00'))).rejects.toMatchObject({ code: 'bad-response' });
    const endless: ApduTransmit = (a) => (a[1] === 0xc0 ? Uint8Array.of(...new Uint8Array(256), 0x61, 0x00) : fromHex('6100'));
    await expect(transmitEs10(endless, fromHex('bf2e00'), { maxResponseBytes: 4096 })).rejects.toMatchObject({ code: 'response-too-large' });
    await expect(openEs10Session(() => fromHex('6d00'))).rejects.toMatchObject({ code: 'status', sw: 0x6d00 });
    await expect(loadBoundProfilePackageApdus(() => fromHex('9000'), bpp(300, false))).rejects.toMatchObject({ code: 'bad-response' });
  });
});

describe('ES10 messages from a trace (es10FromApdus)', () => {
  /** An endpoint whose answer to a command is derived from it, and a transmit that records every exchange. */
  function recorded(answer: (command: Uint8Array) => Uint8Array) {
    const card = es10ApduEndpoint((c) => answer(c));
    const trace: { command: Uint8Array; response: Uint8Array }[] = [];
    const transmit: ApduTransmit = async (apdu) => {
      const response = await card.transmit(apdu);
      trace.push({ command: apdu, response });
      return response;
    };
    return { transmit, trace };
  }
  const answerOf = (c: Uint8Array): Uint8Array => (c[1] === 0x2b ? new Uint8Array(0) : Uint8Array.from({ length: 40 + c.length * 3 }, (_, i) => (i * 7 + c.length) & 0xff));

  it('gives back every command and answer of two interleaved channels, a BPP as one command (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ second: fc.boolean(), length: fc.integer({ min: 3, max: 900 }), blockSize: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (plan, withBpp) => {
          const { transmit, trace } = recorded(answerOf);
          const channels = [await openEs10Session(transmit), await openEs10Session(transmit, { terminalCapability: false })];
          const expected: { channel: number; command: string; response: string }[] = [];
          for (const { second, length, blockSize } of plan) {
            const command = Uint8Array.from([0xbf, 0x2b, ...profile(length - 2)]);
            command[1] = length % 3 === 0 ? 0x2b : 0x22; // some answered 9000 alone
            const channel = channels[second ? 1 : 0];
            const response = await transmitEs10(transmit, command, { channel, blockSize: Math.max(blockSize, Math.ceil(length / 255)) });
            expected.push({ channel, command: toHex(command), response: toHex(response) });
          }
          if (withBpp) {
            const b = bpp(2500, true);
            const response = await loadBoundProfilePackageApdus(transmit, b, { channel: channels[0], blockSize: 100 });
            expected.push({ channel: channels[0], command: toHex(b), response: toHex(response) });
          }
          const { messages, notes } = es10FromApdus(trace);
          expect(notes).toEqual([]);
          expect(messages.map((m) => ({ channel: m.channel, command: toHex(m.command), response: toHex(m.response) }))).toEqual(expected);
          expect(messages.every((m) => m.sw === 0x9000 && m.first <= m.last)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('says what does not fit: a block out of order, an answer not fetched, a trace ending inside a command', () => {
    const x = (command: string, response: string) => ({ command: fromHex(command), response: fromHex(response) });
    const r = es10FromApdus([
      x('81e2110003bf2200', '9000'),
      x('81e2910203aaaaaa', '6a86'), // block 2 where 1 was due: dropped
      x('81e2910003bf2000', '6103'),
      x('81e2910003bf2e00', '6103'), // the answer of BF20 never fetched
      x('01c0000003', '5a01029000'),
      x('80e2110003bf2b00', '9000'), // channel 0 ends inside a command
      x('00a4040410a0000005591010ffffffff8900000100', '9000'), // not ES10: passed over
    ]);
    expect(r.messages.map((m) => [m.channel, toHex(m.command), toHex(m.response), m.sw.toString(16), m.first, m.last])).toEqual([[1, 'bf2e00', '5a0102', '9000', 3, 4]]);
    expect(r.notes).toEqual([
      'exchange 2: channel 1: STORE DATA block 2 where block 1 was due; the command so far is dropped',
      'exchange 4: channel 1: a response was still being fetched (GET RESPONSE) when the next command began',
      'channel 0: the trace ends inside a command (STORE DATA blocks or a BoundProfilePackage not complete)',
    ]);
  });

  it('a BPP answered early with an error: the package so far and the answer, with a note', () => {
    const b = bpp(1500, false);
    const payloads = bppStoreDataPayloads(b);
    const trace = payloads.flatMap((p, i) => storeDataApdus(p, { channel: 1 }).map((a, j, all) => ({ command: a, response: i === 2 && j === all.length - 1 ? fromHex('6106') : fromHex('9000') })));
    const cut = trace.findIndex((t) => t.response[0] === 0x61);
    const r = es10FromApdus([...trace.slice(0, cut + 1), { command: fromHex('01c0000006'), response: fromHex('bf37038001029000') }]);
    expect(r.messages.length).toBe(1);
    expect(toHex(r.messages[0].command)).toBe(toHex(Uint8Array.from(payloads.slice(0, 3).flatMap((p) => [...p]))));
    expect(toHex(r.messages[0].response)).toBe('bf3703800102');
    expect(r.notes[0]).toMatch(/the BoundProfilePackage ended after \d+ of \d+ octets/);
  });
});
