/**
 * `sgp32 decode` and `sgp32 detect`: one message to JER or the annotated tree; the candidate
 * types of one message.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { INPUT_FORMS, isKeyLabel, pemLabelType, readInput, readInputs, type InputForm } from '../inspect/input.js';
import { chooseMessage, codecFor, describeCandidate, detectTypes, nestedTypeOf, typeOfOuterTag, unknownComponents, untagImplicit, type Candidate } from '../inspect/detect.js';
import { renderJer, renderTreeJson, renderTreeText } from '../inspect/render.js';
import { UPP_TYPE, uppCodecOf } from '../inspect/upp.js';
import { openOutput, useColor } from './output.js';
import { captureFormat, scanCapture } from '../inspect/capture.js';
import { ApduTraceError, parseApduTrace, stripStatusWord } from '../inspect/apdu.js';
import { es10FromApdus, statusWordHex } from '../esipa/es10-apdu.js';
import { likeliestFailure } from '../inspect/validate.js';
import { DataError, EXIT_DATA, EXIT_OK, UsageError, errorLine, isDebug, oneOf, parseCommand, readSource, say } from './common.js';
import { registryArg, typeArg } from './type-arg.js';
import type { Registry } from '../der/registry.js';
import { toHex } from '../der/bytes.js';
import { peekTag } from '../der/header.js';
import { tagHex } from '../der/reader.js';

function diagnosticLines(diags: readonly Diagnostic[]): void {
  for (const d of diags) say(`sgp32 decode: warning: ${d.code} at offset ${d.offset}: ${d.detail}`);
}

/** The decoded value and type, or the error with the likeliest type. */
function decodeAuto(bytes: Uint8Array, type: string | undefined, lenient: boolean, quiet: boolean, prefix: string, registry: Registry): { type: string; value?: unknown; error?: Asn1DecodeError; diagnostics: Diagnostic[] } {
  if (type !== undefined) {
    const diagnostics: Diagnostic[] = [];
    try {
      if (type === UPP_TYPE) {
        // Checked element by element and let go: the renderers read the elements again.
        for (const pe of uppCodecOf(registry).elements(bytes, { strict: !lenient, diagnostics })) void pe;
        return { type, diagnostics };
      }
      return { type, value: codecFor(type, registry).decode(bytes, { strict: !lenient, diagnostics }), diagnostics };
    } catch (err) {
      if (err instanceof Asn1DecodeError) return { type, error: err, diagnostics };
      throw err;
    }
  }
  let candidates: Candidate[];
  try {
    candidates = detectTypes(bytes, { lenient, registry });
  } catch (err) {
    // Not even the outer TLV is whole: the type its tag names, and the error.
    const likely = err instanceof Asn1DecodeError ? typeOfOuterTag(bytes, registry) : null;
    if (likely === null) throw err;
    return { type: likely, error: err as Asn1DecodeError, diagnostics: [] };
  }
  const best = candidates[0];
  if (!best) throw new DataError(`no type of the modules starts with tag ${toHex(bytes.subarray(0, 1), { upper: true })}; give one with --type`, 'no-type');
  if (!best.fits) {
    const likely = likeliestFailure(candidates, bytes, registry)!;
    if (!quiet) say(`sgp32 decode: ${prefix}no type fits; the likeliest is ${likely.type} (decoding got furthest)`);
    return { type: likely.type, error: likely.error, diagnostics: [...likely.diagnostics] };
  }
  // Only message types are named from the bytes alone (a key or a bare SEQUENCE fits types
  // such as AttributeType or IpaEuiccDataResponseError by accident).
  const choice = chooseMessage(candidates, registry);
  const list = (cs: readonly Candidate[]) => `${cs.slice(0, 4).map(describeCandidate).join(', ')}${cs.length > 4 ? `, … (${cs.length} in all)` : ''}`;
  if (choice.kind === 'not-a-message') {
    throw new DataError(`no message type fits; it decodes only as ${list(choice.fits)}: give the type with --type (and --tag for an implicitly tagged component)`, 'not-a-message');
  }
  const chosen = choice.kind === 'message' ? choice.best : choice.kind === 'ambiguous' ? choice.fits[0] : best;
  if (!quiet) {
    if (choice.kind === 'ambiguous') say(`sgp32 decode: ${prefix}ambiguous: fits ${list(choice.fits)} equally well; decoded as ${describeCandidate(chosen)} (give --type)`);
    else {
      const equal = candidates.filter((c) => c !== chosen && c.fits && c.unknown === chosen.unknown);
      const others = equal.length ? `; also fits: ${list(equal)}` : '';
      say(`sgp32 decode: ${prefix}detected ${describeCandidate(chosen)}${others}`);
    }
    const unknown = unknownComponents(chosen.value, chosen.type === UPP_TYPE ? UPP_TYPE : chosen.type.slice(chosen.type.indexOf('.') + 1));
    for (const u of unknown) say(`sgp32 decode: ${prefix}unknown component ${u.path} (tag ${u.tag}, ${u.bytes} bytes)`);
  }
  return { type: chosen.type, value: chosen.value, diagnostics: [...chosen.diagnostics] };
}



/** One message to decode: a file, standard input, or a payload of a capture. */
interface DecodeInput {
  readonly label: string;
  readonly bytes: Uint8Array;
  /** The PEM label of a PEM block. */
  readonly pemLabel?: string;
}

/**
 * The messages of one source: a pcap/pcapng capture gives each SGP.32/SGP.22 payload it carries
 * (the capture reader of the decoder page); anything else is one message in any input form,
 * without the APDU status word a dump copied from an APDU log may end with.
 */
function messagesOf(label: string, data: Uint8Array, form: InputForm | 'auto' | 'apdu', quiet: boolean): DecodeInput[] {
  if (form === 'apdu') return es10MessagesOf(label, data, quiet);
  if (form === 'auto' && captureFormat(data) !== null) {
    const scan = scanCapture(data);
    if (!quiet) {
      say(`sgp32 decode: ${label}: ${scan.format}, ${scan.frames} packets, ${scan.payloads.length} payload${scan.payloads.length === 1 ? '' : 's'}`);
      for (const n of scan.notes) say(`sgp32 decode: ${label}: ${n}`);
    }
    return scan.payloads.map((p) => ({
      label: `${label} frame ${p.frame} ${p.transport.toUpperCase()} ${p.direction} ${p.source} → ${p.destination} ${p.summary}${p.field ? ` · ${p.field}` : ''}`,
      bytes: p.bytes,
    }));
  }
  // Every PEM block is a message of its own (a chain, EC PARAMETERS + EC PRIVATE KEY, …).
  const inputs = readInputs(data, form);
  if (inputs.length > 1) return inputs.map((x, i) => ({ label: `${label} PEM block ${i + 1} (${x.label})`, bytes: x.bytes, pemLabel: x.label }));
  let { bytes } = inputs[0];
  const pemLabel = inputs[0].label;
  const sw = stripStatusWord(bytes);
  if (sw) {
    if (!quiet) say(`sgp32 decode: ${label}: trailing status word ${sw.sw} (${sw.meaning}), not part of the message`);
    bytes = sw.bytes;
  }
  return [{ label, bytes, ...(pemLabel !== undefined ? { pemLabel } : {}) }];
}

/**
 * The ES10 messages of an APDU trace (`--in apdu`, text as parseApduTrace reads it): each
 * command put back together from its STORE DATA blocks, and its answer from GET RESPONSE.
 */
function es10MessagesOf(label: string, data: Uint8Array, quiet: boolean): DecodeInput[] {
  let exchanges: ReturnType<typeof parseApduTrace>;
  try {
    exchanges = parseApduTrace(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    if (err instanceof ApduTraceError) throw new DataError(`${label}: ${err.message}`, 'bad-trace');
    if (err instanceof TypeError) throw new DataError(`${label}: an APDU trace is text (UTF-8)`, 'bad-trace');
    throw err;
  }
  const { messages, notes } = es10FromApdus(exchanges);
  if (!quiet) {
    say(`sgp32 decode: ${label}: ${exchanges.length} APDU exchange${exchanges.length === 1 ? '' : 's'}, ${messages.length} ES10 command${messages.length === 1 ? '' : 's'}`);
    for (const n of notes) say(`sgp32 decode: ${label}: ${n}`);
  }
  return messages.flatMap((m, k) => {
    const where = `${label} ES10 #${k + 1} channel ${m.channel} (exchanges ${m.first + 1}–${m.last + 1})`;
    const command = { label: `${where} command`, bytes: m.command };
    return m.response.length > 0 ? [command, { label: `${where} response, SW ${statusWordHex(m.sw)}`, bytes: m.response }] : [command];
  });
}

/** `sgp32 decode`: one or more files (or standard input); a capture stands for its payloads. */
export async function decodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('decode', args, {
    type: { type: 'string', short: 't' },
    in: { type: 'string', short: 'i' },
    format: { type: 'string', short: 'f' },
    lenient: { type: 'boolean' },
    full: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    color: { type: 'string' },
    tag: { type: 'string' },
    asn1: { type: 'string', multiple: true },
  });
  const form = oneOf<InputForm | 'auto' | 'apdu'>('decode', 'in', values.in, ['auto', ...INPUT_FORMS, 'apdu'], 'auto');
  const format = oneOf('decode', 'format', values.format, ['jer', 'tree', 'tree-json'] as const, 'jer');
  const color = useColor(oneOf('decode', 'color', values.color, ['auto', 'always', 'never'] as const, 'auto'), values.output);
  const registry = registryArg('decode', values.asn1);
  const type = values.type !== undefined ? typeArg('decode', values.type, registry) : undefined;
  let tag: number | undefined;
  if (values.tag !== undefined) {
    if (type === undefined) throw new UsageError('decode: --tag needs --type (the type sent under that implicit tag)');
    if (!/^[0-9a-fA-F]{2}$/.test(values.tag)) throw new UsageError(`decode: --tag: expected one identifier octet in hex (A0), got ${JSON.stringify(values.tag)}`);
    tag = parseInt(values.tag, 16);
  }
  const quiet = values.quiet ?? false;
  const lenient = values.lenient ?? false;
  const sources = positionals.length ? positionals : ['-'];
  // Opened before any work: a bad -o path is a usage error, not a half-done command.
  const out = openOutput('decode', values.output);
  const treeOptions = { maxValueBytes: values.full ? Infinity : 32, detectNested: (b: Uint8Array) => nestedTypeOf(b, registry), registry };
  let failed = 0;
  let count = 0;
  let many = sources.length > 1;
  /** A dump refused as a whole (a key, not a message): its error on stderr, and an entry of its own among several. */
  const refuse = (err: DataError, label: string, prefix: string): void => {
    failed++;
    say(`sgp32 decode: ${prefix}${errorLine(err)}`);
    if (format === 'tree') {
      if (many) out.write(`${count ? '\n' : ''}# ${label}\n!${err.code}: ${err.message}\n`);
    } else if (many) {
      out.write(`${count ? ',' : '['}\n  {\n    "source": ${JSON.stringify(label)},\n    "type": null,\n`);
      out.write(`    "error": ${JSON.stringify({ code: err.code, detail: err.message })}\n  }`);
    }
    count++;
  };
  try {
    for (const src of sources) {
      const inputs = messagesOf(src === '-' ? 'stdin' : src, await readSource('decode', src), form, quiet);
      if (inputs.length !== 1) many = true;
      for (const input of inputs) {
        const { label, pemLabel } = input;
        let { bytes } = input;
        const prefix = many ? `${label}: ` : '';
        if (type === undefined && pemLabel !== undefined && isKeyLabel(pemLabel)) {
          refuse(new DataError(`a key (PEM label ${pemLabel}), not a message`, 'not-a-message'), label, prefix);
          continue;
        }
        if (tag !== undefined) {
          try {
            bytes = untagImplicit(bytes, type!, tag, registry);
          } catch (err) {
            if (err instanceof RangeError) throw new UsageError(`decode: ${err.message}`);
            throw err;
          }
        }
        let result: ReturnType<typeof decodeAuto>;
        try {
          result = decodeAuto(bytes, type ?? pemLabelType(pemLabel), lenient, quiet, prefix, registry);
        } catch (err) {
          if (!(err instanceof DataError)) throw err;
          refuse(err, label, prefix);
          continue;
        }
        diagnosticLines(result.diagnostics);
        if (result.error) {
          failed++;
          say(`sgp32 decode: ${prefix}${errorLine(result.error)}`);
          if (isDebug()) say(result.error.stack ?? '');
        }
        // Several messages: the text trees one after another under a heading, JSON as one array
        // of { source, type, value | error } (tree-json: { source, type, nodes }).
        if (format === 'tree') {
          if (many) out.write(`${count ? '\n' : ''}# ${label}: ${result.type}\n`);
          renderTreeText(bytes, result.type, out, { ...treeOptions, color });
        } else if (many) {
          out.write(`${count ? ',' : '['}\n  {\n    "source": ${JSON.stringify(label)},\n    "type": ${JSON.stringify(result.type)},\n`);
          if (format === 'tree-json') {
            out.write('    "nodes": ');
            renderTreeJson(bytes, result.type, out, { ...treeOptions, level: 2 });
          } else if (result.error) {
            const e = result.error;
            out.write(`    "error": ${JSON.stringify({ code: e.code, offset: e.offset, path: e.path, detail: e.detail })}`);
          } else {
            out.write('    "value": ');
            renderJer(bytes, result.type, result.value, out, { lenient, level: 2, registry });
          }
          out.write('\n  }');
        } else if (format === 'tree-json') renderTreeJson(bytes, result.type, out, treeOptions);
        else if (!result.error) renderJer(bytes, result.type, result.value, out, { lenient, registry });
        count++;
      }
    }
    if (many && format !== 'tree') out.write(count ? '\n]\n' : '[]\n');
  } finally {
    out.close();
  }
  if (count === 0) {
    // Every other source gives at least one entry (a refused dump included): only captures and APDU traces get here.
    say(`sgp32 decode: no message found (${form === 'apdu' ? 'an APDU trace without ES10 commands' : 'a capture without SGP.32/SGP.22 payloads'})`);
    return EXIT_DATA;
  }
  return failed ? EXIT_DATA : EXIT_OK;
}

function candidateJson(c: Candidate) {
  return {
    type: c.type,
    fits: c.fits,
    ...(c.via ? { via: c.via } : {}),
    unknownExtensions: c.unknown,
    values: c.known,
    reason: c.reason,
    ...(c.error ? { error: { code: c.error.code, offset: c.error.offset, path: c.error.path, detail: c.error.detail } } : {}),
  };
}

function detectText(label: string | undefined, input: ReturnType<typeof readInput>, candidates: Candidate[], all: boolean): string[] {
  const fitting = candidates.filter((c) => c.fits);
  const failing = candidates.filter((c) => !c.fits);
  const peeked = peekTag(input.bytes);
  const tag = peeked === undefined ? toHex(input.bytes.subarray(0, 1), { upper: true }) : tagHex(peeked);
  const lines: string[] = [`${label ? `${label}: ` : ''}${input.bytes.length} bytes (${input.form}${input.label ? ` ${input.label}` : ''}), outer tag ${tag}`];
  if (candidates.length === 0) lines.push('no type of the modules starts with this tag');
  const shownFitting = all ? fitting : fitting.slice(0, 8);
  shownFitting.forEach((c, i) => lines.push(`${i === 0 ? '* ' : '  '}${describeCandidate(c)}: ${c.reason}`));
  if (shownFitting.length < fitting.length) lines.push(`  … ${fitting.length - shownFitting.length} more that decode (--all lists them)`);
  if (fitting.length === 0 && candidates.length > 0) lines.push('no type decodes these bytes completely');
  const shownFailing = all ? failing : failing.slice(0, Math.max(0, 5 - shownFitting.length));
  for (const c of shownFailing) lines.push(`  ${c.type}: ${c.reason}`);
  if (shownFailing.length < failing.length) lines.push(`  … ${failing.length - shownFailing.length} more that do not decode (--all lists them)`);
  return lines;
}

/** `sgp32 detect`: one or more files (or standard input). */
export async function detectCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('detect', args, {
    in: { type: 'string', short: 'i' },
    lenient: { type: 'boolean' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    asn1: { type: 'string', multiple: true },
  });
  const registry = registryArg('detect', values.asn1);
  const form = oneOf<InputForm | 'auto'>('detect', 'in', values.in, ['auto', ...INPUT_FORMS], 'auto');
  const sources = positionals.length ? positionals : ['-'];
  const many = sources.length > 1;
  const reports: unknown[] = [];
  const text: string[] = [];
  let allFit = true;
  for (const src of sources) {
    const data = await readSource('detect', src);
    const input = readInput(data, form);
    const candidates = detectTypes(input.bytes, { lenient: values.lenient ?? false, registry });
    if (!candidates.some((c) => c.fits)) allFit = false;
    if (values.json) reports.push({ ...(many ? { file: src } : {}), form: input.form, bytes: input.bytes.length, candidates: candidates.map(candidateJson) });
    else text.push(...detectText(many ? src : undefined, input, candidates, values.all ?? false));
  }
  process.stdout.write(values.json ? JSON.stringify(many ? reports : reports[0], null, 2) + '\n' : text.join('\n') + '\n');
  return allFit ? EXIT_OK : EXIT_DATA;
}
