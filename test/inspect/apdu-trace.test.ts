/**
 * APDU traces as text (parseApduTrace): the three forms give the same exchanges, every
 * malformed line is refused with its number, and a trace read back after `es10FromApdus`
 * yields the commands that made it.
 */
import { describe, expect, it } from 'vitest';
import { ApduTraceError, parseApduTrace } from '../../src/inspect/apdu.js';
import { es10FromApdus, storeDataApdus } from '../../src/esipa/es10-apdu.js';
import { hex, toHex } from '../support/bytes.js';

const pairs = [
  ['81e2110003bf2200', '9000'],
  ['81e2910003aabbcc', '6105'],
  ['01c0000005', '01020304059000'],
];

describe('parseApduTrace', () => {
  const expected = pairs.map(([c, r]) => [c, r]);
  const read = (text: string) => parseApduTrace(text).map((x) => [toHex(x.command), toHex(x.response)]);

  it('reads marked lines, unmarked lines in turn and JSON lines alike', () => {
    const marked = ['# a trace', ...pairs.flatMap(([c, r], i) => [`${['>', 'TX:', '[TX]'][i]} ${c}`, `${['<', 'RX', 'R:'][i]} ${r}`])].join('\n');
    const unmarked = pairs.flat().join('\r\n') + '\n\n';
    const spaced = pairs.flatMap(([c, r]) => [`C: ${c.match(/../g)!.join(' ')}`, `R: ${r.match(/../g)!.join(':')}`]).join('\n');
    const json = pairs.map(([c, r]) => JSON.stringify({ apdu: c, response: r.slice(0, -4), sw: r.slice(-4) })).join('\n');
    for (const text of [marked, unmarked, spaced, json]) expect(read(text)).toEqual(expected);
  });

  it('refuses, with the line, what is not a trace', () => {
    const rows: [string, number, RegExp][] = [
      ['> 80e2\n> 80e2\n< 9000', 1, /command without its response/],
      ['< 9000', 1, /response without a command/],
      ['> 80e2910003bf2000\n< 90', 2, /without its status word/],
      ['80e2910003bf2000\nzz', 2, /not an APDU in hex/],
      ['> 80e2910003bf200', 1, /not an APDU in hex/],
      ['{"apdu": 1}', 1, /"apdu" and "response"/],
      ['{"apdu":', 1, /not a JSON object/],
      ['{"apdu": "80e2910003bf2000", "response": "90"}', 1, /without its status word/],
      ['> 80e2910003bf2000', 1, /command without its response/],
    ];
    for (const [text, line, why] of rows) {
      try {
        parseApduTrace(text);
        expect.unreachable(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ApduTraceError);
        expect([(e as ApduTraceError).line, (e as ApduTraceError).message]).toEqual([line, expect.stringMatching(why)]);
      }
    }
  });

  it('a command written out as a trace comes back from es10FromApdus', () => {
    const command = hex('bf2e00');
    const lines = storeDataApdus(Uint8Array.from([...hex('bf2b'), 0x81, 0x90, ...new Uint8Array(0x90)]), { channel: 2, blockSize: 50 }).flatMap((a, i, all) => [`> ${toHex(a)}`, `< ${i === all.length - 1 ? '6102' : '9000'}`]);
    lines.push('> 02c0000002', '< 5a009000', `> ${toHex(storeDataApdus(command, { channel: 2 })[0])}`, '< 9000');
    const { messages, notes } = es10FromApdus(parseApduTrace(lines.join('\n')));
    expect(notes).toEqual([]);
    expect(messages.map((m) => [m.channel, toHex(m.command).slice(0, 8), toHex(m.response), m.sw])).toEqual([
      [2, 'bf2b8190', '5a00', 0x9000],
      [2, 'bf2e00', '', 0x9000],
    ]);
  });
});
