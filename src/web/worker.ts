/**
 * The decoder page's worker: reads the input, finds its type, decodes it and walks its tree,
 * sending the nodes to the page in batches as it goes (with the offset reached, for the
 * progress bar), so that the page draws the first rows at once and never freezes. Captures
 * are listed here too, and the JER and signature checks are made on request.
 *
 * Bundled by scripts/build-web.mjs into a classic script that the page starts from a blob:
 * URL (so that it also works when the page is opened from file://).
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';
import { toHex } from '../der/bytes.js';
import { nobleProvider } from '../crypto/noble.js';
import { CertificateParseError, certificateSummary, parseCertificate } from '../pki/index.js';
import { verifyEuiccPackageRequest } from '../rsp/eim-package.js';
import { verifyEuiccPackageResult } from '../rsp/euicc-package-result.js';
import { captureFormat, scanCapture, CaptureFormatError } from '../inspect/capture.js';
import { ApduTraceError, parseApduTrace } from '../inspect/apdu.js';
import { es10FromApdus, statusWordHex } from '../esipa/es10-apdu.js';
import { nestedTypeOf, outerTag } from '../inspect/detect.js';
import { renderJer } from '../inspect/render.js';
import { walkTree, type TreeNode } from '../inspect/tree.js';
import { analyse, quickType, typeNames } from './engine.js';
import { pageRegistry as registry } from './registry.js';
import type { CertPanel, FromWorker, PayloadRow, ToWorker } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((ev: { data: ToWorker }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const post = (m: FromWorker): void => scope.postMessage(m);

/** Nodes per batch, and the longest time a batch waits (the page draws each batch it gets). */
const BATCH_NODES = 4000;
const BATCH_MS = 40;

/** What the last decode left for follow-up requests (JER, signature check). */
let current: { bytes: Uint8Array; type: string | null; value?: unknown; ok: boolean } | undefined;
let payloads: Uint8Array[] = [];
/** The type the ESipa/ES9+ binding tables name for each payload (src/esipa/recognise.ts), if any. */
let payloadTypes: (string | undefined)[] = [];
/** The type to decode payload `i` with: the one picked on the page, else the binding's. */
const payloadType = (i: number, picked: string) => (picked === 'auto' ? (payloadTypes[i] ?? picked) : picked);

function certPanel(bytes: Uint8Array): CertPanel | undefined {
  try {
    const s = certificateSummary(parseCertificate(bytes));
    return {
      subject: s.subject,
      issuer: s.issuer,
      notBefore: s.notBefore,
      notAfter: s.notAfter,
      role: s.role,
      eid: s.eid,
      curve: s.curve,
      serialNumber: s.serialNumber,
      fingerprint: toHex(nobleProvider.sha256(bytes)),
      problems: s.problems.map((p) => `${p.detail} (${p.code})`),
    };
  } catch (err) {
    // A Certificate that decodes but breaks a GSMA rule the parser insists on: no panel.
    if (err instanceof CertificateParseError) return undefined;
    throw err;
  }
}

/** The signature a decoded message carries that the page can check, and the certificate it needs. */
function signatureOf(type: string | null, via: string | undefined): { what: string; needs: string } | undefined {
  if (type === 'SGP32Definitions.EuiccPackageRequest') return { what: 'eimSignature', needs: 'the eIM certificate' };
  if (type === 'SGP32Definitions.EuiccPackageResult' && via !== 'euiccPackageErrorUnsigned') return { what: via === 'euiccPackageErrorSigned' ? 'euiccSignEPE' : 'euiccSignEPR', needs: 'the eUICC certificate' };
  return undefined;
}

/** Decodes one input; `announce` sends its bytes first (a capture has sent its own 'start'). */
function decode(id: number, bytesOrData: Uint8Array, form: string, type: string, lenient: boolean, announce: boolean): void {
  const t0 = performance.now();
  const v = analyse(bytesOrData, form, type, lenient, registry);
  const decodeMs = performance.now() - t0;
  const ok = v.type !== null && !v.error;
  current = { bytes: v.bytes, type: v.type, value: v.value, ok };
  if (announce) post({ kind: 'start', id, bytes: v.bytes, form: v.form });
  const cert = ok && /\.Certificate$/.test(v.type!) ? certPanel(v.bytes) : undefined;
  const signature = ok ? signatureOf(v.type, v.via) : undefined;
  post({
    kind: 'verdict', id, type: v.type, ...(v.via ? { via: v.via } : {}), detected: v.detected, alternatives: v.alternatives, diagnostics: v.diagnostics,
    ...(v.error ? { error: v.error } : {}), decodeMs, ...(cert ? { cert } : {}), ...(signature ? { signature } : {}),
  });
  const t1 = performance.now();
  let batch: TreeNode[] = [];
  let sent = performance.now();
  let count = 0;
  const flush = (done: number) => {
    post({ kind: 'nodes', id, nodes: batch, done, total: v.bytes.length });
    batch = [];
    sent = performance.now();
  };
  walkTree(
    v.bytes,
    v.type,
    (n) => {
      batch.push(n);
      count++;
      // The first rows go at once (a screenful), the rest in batches.
      if (batch.length >= BATCH_NODES || (batch.length >= 64 && (count <= 64 || performance.now() - sent > BATCH_MS))) flush(n.offset);
    },
    { detectNested: (b) => nestedTypeOf(b, registry), registry },
  );
  flush(v.bytes.length);
  post({ kind: 'end', id, nodeCount: count, treeMs: performance.now() - t1 });
}

function listCapture(id: number, data: Uint8Array, type: string, lenient: boolean): void {
  let scan;
  try {
    scan = scanCapture(data);
  } catch (err) {
    if (err instanceof CaptureFormatError) {
      post({ kind: 'failed', id, message: `capture: ${err.message}` });
      return;
    }
    throw err;
  }
  payloads = scan.payloads.map((p) => p.bytes);
  payloadTypes = scan.payloads.map((p) => p.type);
  const rows: PayloadRow[] = scan.payloads.map((p) => ({
    frame: p.frame,
    carrier: `${p.transport.toUpperCase()} ${p.binding === 'json' ? 'JSON' : 'ASN.1'}`,
    direction: p.direction,
    endpoints: `${p.source} → ${p.destination}`,
    message: (p.function ? `${p.function} · ` : '') + p.summary + (p.field ? ` · ${p.field}` : ''),
    tag: outerTag(p.bytes) ?? '?',
    type: p.type ?? (quickType(p.bytes, registry) || '?'),
    bytes: p.bytes.length,
  }));
  const summary = `${scan.format}: ${scan.frames} packets, ${scan.payloads.length} payloads found${scan.notes.length ? ' — ' + scan.notes.join('; ') : ''}`;
  showList(id, summary, rows, 'no SGP.32/SGP.22 payload in this capture', type, lenient);
}

/** Sends a list of payloads (a capture's, a trace's) to the page and decodes the first one. */
function showList(id: number, summary: string, rows: PayloadRow[], none: string, type: string, lenient: boolean): void {
  post({ kind: 'start', id, bytes: payloads[0] ?? new Uint8Array(0), form: 'der', capture: { summary, rows } });
  if (payloads.length === 0) {
    post({ kind: 'failed', id, message: none });
    return;
  }
  decode(id, payloads[0], 'der', payloadType(0, type), lenient, false);
}

/** An APDU trace (text): the ES10 commands and answers es10FromApdus puts together, listed like a capture's payloads. */
function listTrace(id: number, data: Uint8Array, type: string, lenient: boolean): void {
  let exchanges: ReturnType<typeof parseApduTrace>;
  try {
    exchanges = parseApduTrace(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    if (err instanceof ApduTraceError || err instanceof TypeError) {
      post({ kind: 'failed', id, message: `APDU trace: ${err instanceof ApduTraceError ? err.message : 'not UTF-8 text'}` });
      return;
    }
    throw err;
  }
  const { messages, notes } = es10FromApdus(exchanges);
  const parts = messages.flatMap((m, k) => [
    { m, k, bytes: m.command, response: false },
    ...(m.response.length > 0 ? [{ m, k, bytes: m.response, response: true }] : []),
  ]);
  payloads = parts.map((x) => x.bytes);
  payloadTypes = parts.map(() => undefined);
  const rows: PayloadRow[] = parts.map(({ m, k, bytes, response }) => ({
    frame: (response ? m.last : m.first) + 1,
    carrier: `APDU channel ${m.channel}`,
    direction: response ? 'eUICC → IPA' : 'IPA → eUICC',
    endpoints: `exchanges ${m.first + 1}–${m.last + 1}`,
    message: `ES10 #${k + 1} ${response ? `response · SW ${statusWordHex(m.sw)}` : 'command'}`,
    tag: outerTag(bytes) ?? '?',
    type: quickType(bytes, registry) || '?',
    bytes: bytes.length,
  }));
  const summary = `APDU trace: ${exchanges.length} exchanges, ${messages.length} ES10 commands${notes.length ? ' — ' + notes.join('; ') : ''}`;
  showList(id, summary, rows, 'no ES10 command (STORE DATA) in this trace', type, lenient);
}

function jer(id: number, maxChars: number): void {
  if (!current?.ok || current.type === null) {
    post({ kind: 'jer', id, text: '', truncated: false });
    return;
  }
  // The text is cut at maxChars: a page cannot show hundreds of megabytes, `sgp32 decode` can.
  const parts: string[] = [];
  let size = 0;
  const sink = {
    write(t: string) {
      if (size >= maxChars) throw new RangeError('enough');
      parts.push(t);
      size += t.length;
    },
  };
  let truncated = false;
  try {
    renderJer(current.bytes, current.type, current.value, sink, { lenient: true, registry });
  } catch (err) {
    if (!(err instanceof RangeError && err.message === 'enough')) throw err;
    truncated = true;
  }
  post({ kind: 'jer', id, text: parts.join('').slice(0, maxChars), truncated });
}

function verify(id: number, key: Uint8Array, associationToken: number | undefined): void {
  if (!current?.ok) {
    post({ kind: 'verified', id, valid: false, detail: 'nothing decoded to verify' });
    return;
  }
  const text = new TextDecoder().decode(key);
  const certificate = /-----BEGIN/.test(text) ? text : key;
  const options = { certificate, associationToken: associationToken ?? null, provider: nobleProvider };
  const verdict =
    current.type === 'SGP32Definitions.EuiccPackageRequest'
      ? verifyEuiccPackageRequest(current.bytes, options)
      : verifyEuiccPackageResult(current.bytes, options);
  post({ kind: 'verified', id, valid: verdict.valid, detail: verdict.valid ? 'signature valid over the bytes received' : `${verdict.reason}${'detail' in verdict && verdict.detail ? `: ${verdict.detail}` : ''}` });
}

scope.onmessage = (ev) => {
  const m = ev.data;
  try {
    if (m.kind === 'decode') {
      if (m.form === 'apdu') listTrace(m.id, m.data, m.type, m.lenient);
      else if (captureFormat(m.data) !== null) listCapture(m.id, m.data, m.type, m.lenient);
      else decode(m.id, m.data, m.form, m.type, m.lenient, true);
    } else if (m.kind === 'payload') {
      const p = payloads[m.index];
      if (p) decode(m.id, p, 'der', payloadType(m.index, m.type), m.lenient, true);
    } else if (m.kind === 'jer') jer(m.id, m.maxChars);
    else if (m.kind === 'verify') verify(m.id, m.key, m.associationToken);
  } catch (err) {
    // Bad input forms and arguments are messages for the user; anything else is a bug, said as much.
    const known = err instanceof Asn1DecodeError || err instanceof RangeError || err instanceof TypeError || (err instanceof Error && /Error$/.test(err.name));
    post({ kind: 'failed', id: m.id, message: known && err instanceof Error ? err.message : `internal error: ${String(err)}` });
  }
};

post({ kind: 'ready', types: typeNames(registry) });
