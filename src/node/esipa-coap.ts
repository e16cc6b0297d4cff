/**
 * ESipa over CoAP on UDP (`node:dgram`), on the `coap` package (node-coap, coapjs; the
 * established CoAP stack for Node, releases through 2026) for the protocol — confirmable
 * exchanges, retransmission, Block1/Block2 (RFC 7959) — and `sgp32/esipa` for the messages.
 * The framing choices are in esipa/coap.ts (all UNVERIFIED, all options).
 *
 * What we add in front of node-coap, because it does not bound it: node-coap reassembles Block1
 * uploads in memory without a size limit. Every datagram passes our check before node-coap sees
 * it: a Block1 block that would end beyond `maxBodyBytes` is answered 4.13 (with Size1), and
 * the bytes of all unfinished uploads together stay under `maxPendingBytes` (else 5.03).
 *
 * Not here: DTLS. No maintained DTLS 1.2 server for Node fits (docs/guides/esipa.md says what
 * is missing), so this is plain CoAP for test networks; deployments terminate DTLS in front of it.
 *
 * `coap` is an optional peer dependency, loaded on first use.
 *
 * @module
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decodeEsipaResponse, encodeEsipaRequest } from '../esipa/binding.js';
import { COAP_DEFAULTS, coapCodeOf, httpStatusOf, szxOf, type EsipaCoapOptions } from '../esipa/coap.js';
import { handleEsipaRequest, type EsipaHandlers, type EsipaServeOptions } from '../esipa/dispatch.js';
import { EsipaBindingError } from '../esipa/errors.js';
import { ASN1_MEDIA_TYPE, ASN1_PATH, FUNCTION_TABLE, functionOfRequest, pathOnly, type EsipaFunction, type EsipaHttpResponse, type EsipaRequest, type EsipaResponse } from '../esipa/functions.js';
import type { EsipaClient } from '../esipa/client.js';

type CoapModule = typeof import('coap');
type PacketModule = typeof import('coap-packet');

let coapModule: Promise<{ coap: CoapModule; packet: PacketModule }> | undefined;

async function loadCoap(): Promise<{ coap: CoapModule; packet: PacketModule }> {
  coapModule ??= Promise.all([import('coap'), import('coap-packet')]).then(
    ([coap, packet]) => ({ coap: (coap as { default?: CoapModule }).default ?? coap, packet: (packet as { default?: PacketModule }).default ?? packet }),
    (err: unknown) => {
      coapModule = undefined;
      throw new Error(`ESipa over CoAP needs the optional dependency "coap": npm install coap (${(err as Error).message})`);
    },
  );
  return coapModule;
}

/** Options of {@link listenEsipaCoap}. */
export interface EsipaCoapServerOptions extends EsipaServeOptions, EsipaCoapOptions {
  /** UDP port (default 5683; 0 for an ephemeral one). */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1). */
  readonly address?: string;
  /** Largest request body accepted, in bytes (default 1 MiB): a larger Block1 upload is answered 4.13. */
  readonly maxBodyBytes?: number;
  /** Bytes of all unfinished Block1 uploads together (default 16 MiB); beyond, new blocks are answered 5.03. */
  readonly maxPendingBytes?: number;
}

/** A running CoAP ESipa endpoint. */
export interface EsipaCoapServer {
  /** The bound UDP port. */
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** RFC 7252 EXCHANGE_LIFETIME: how long an unfinished upload is remembered. */
const EXCHANGE_LIFETIME_MS = 247_000;

interface Upload {
  bytes: number;
  seen: number;
}

function blockOf(value: Buffer): { num: number; more: boolean; size: number } | undefined {
  if (value.length > 3) return undefined;
  let v = 0;
  for (const b of value) v = v * 256 + b;
  return { num: Math.floor(v / 16), more: (v & 8) !== 0, size: 2 ** ((v & 7) + 4) };
}

/**
 * Serves ESipa over CoAP: POST to `uriPath` with the ASN.1 body, answered through the same
 * handlers as HTTP (`createEsipaHandler`). Binding errors answer 4.00/4.04/4.05/4.13/4.15 with
 * the error message as diagnostic payload; a missing handler 5.01.
 *
 * @example
 * ```ts
 * const server = await listenEsipaCoap({ onGetEimPackage: () => ({ $case: 'eimPackageError', value: 1 }) }, { port: 5683 });
 * ```
 */
export async function listenEsipaCoap(handlers: EsipaHandlers<unknown>, options: EsipaCoapServerOptions = {}): Promise<EsipaCoapServer> {
  const { coap, packet } = await loadCoap();
  const uriPath = options.uriPath ?? COAP_DEFAULTS.uriPath;
  const contentFormat = options.contentFormat ?? COAP_DEFAULTS.contentFormat;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxPending = options.maxPendingBytes ?? 16 * 1024 * 1024;
  const uploads = new Map<string, Upload>();
  let pending = 0;

  const socket: Socket = createSocket({ type: options.address?.includes(':') ? 'udp6' : 'udp4' });
  const reply = (raw: ReturnType<PacketModule['parse']>, rinfo: RemoteInfo, code: string, text: string, size1?: number) => {
    const opts = size1 === undefined ? [] : [{ name: 'Size1' as const, value: Buffer.from([size1 >>> 24, (size1 >>> 16) & 255, (size1 >>> 8) & 255, size1 & 255]) }];
    const out = packet.generate({ code, ack: raw.confirmable, confirmable: false, messageId: raw.messageId, token: raw.token, options: opts, payload: Buffer.from(text) });
    socket.send(out, rinfo.port, rinfo.address);
  };
  // Our gate in front of node-coap's Block1 reassembly (see the module comment).
  const admit = (msg: Buffer, rinfo: RemoteInfo): boolean => {
    let raw: ReturnType<PacketModule['parse']>;
    try {
      raw = packet.parse(msg);
    } catch {
      return true; // node-coap answers malformed datagrams itself
    }
    const block1 = raw.options.find((o) => o.name === 'Block1');
    if (block1 === undefined) return true;
    const b = blockOf(block1.value);
    if (b === undefined) return true;
    const key = `${rinfo.address}/${rinfo.port}/${raw.token.toString('hex')}`;
    const end = b.num * b.size + raw.payload.length;
    const now = Date.now();
    for (const [k, u] of uploads) {
      if (now - u.seen > EXCHANGE_LIFETIME_MS) {
        pending -= u.bytes;
        uploads.delete(k);
      }
    }
    if (end > maxBody) {
      reply(raw, rinfo, '4.13', `request body exceeds the limit of ${maxBody} bytes (body-too-large)`, maxBody);
      const u = uploads.get(key);
      if (u) {
        pending -= u.bytes;
        uploads.delete(key);
      }
      return false;
    }
    const u = uploads.get(key) ?? { bytes: 0, seen: now };
    const grow = Math.max(0, end - u.bytes);
    if (pending + grow > maxPending) {
      reply(raw, rinfo, '5.03', 'too many unfinished uploads');
      return false;
    }
    pending += grow;
    u.bytes += grow;
    u.seen = now;
    if (b.more) uploads.set(key, u);
    else {
      pending -= u.bytes;
      uploads.delete(key);
    }
    return true;
  };
  const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
  (socket as unknown as { emit: (event: string, ...args: unknown[]) => boolean }).emit = (event, ...args) =>
    event === 'message' && !admit(args[0] as Buffer, args[1] as RemoteInfo) ? false : emit(event, ...args);

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 5683, options.address ?? '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });

  const server = coap.createServer({ type: socket.address().family === 'IPv6' ? 'udp6' : 'udp4' }, (req, res) => {
    const answer = (r: EsipaHttpResponse) => {
      res.code = coapCodeOf(r.status);
      if (r.status === 200) res.setOption('Content-Format', contentFormat as never);
      res.end(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
    };
    const fail = (err: EsipaBindingError) => {
      options.onError?.(err, { method: req.method, path: req.url, headers: {}, body: new Uint8Array(0) });
      answer({ status: err.status, headers: {}, body: Buffer.from(err.message) });
    };
    if (req.method !== 'POST') return fail(new EsipaBindingError('method-not-allowed', `method ${req.method}, expected POST`));
    if (pathOnly(req.url) !== uriPath) return fail(new EsipaBindingError('not-found', `no ESipa binding at ${JSON.stringify(req.url)}`));
    const format = req.headers['Content-Format'];
    const formatNumber = typeof format === 'number' ? format : format === 'application/octet-stream' ? 42 : Number(format);
    if (formatNumber !== contentFormat) return fail(new EsipaBindingError('unsupported-media-type', `Content-Format ${String(format)}, expected ${contentFormat}`));
    if (req.payload.length > maxBody) return fail(new EsipaBindingError('body-too-large', `body exceeds the limit of ${maxBody} bytes`));
    const body = new Uint8Array(req.payload.buffer, req.payload.byteOffset, req.payload.length);
    void handleEsipaRequest(
      { method: 'POST', path: ASN1_PATH, headers: { 'Content-Type': ASN1_MEDIA_TYPE }, body },
      handlers,
      { ...options, adminProtocolCheck: 'off' },
      req,
    ).then(answer);
  });
  await new Promise<void>((resolve) => server.listen(socket, () => resolve()));
  const bound = socket.address();
  return {
    port: bound.port,
    address: bound.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          socket.close(() => resolve());
        });
      }),
  };
}

/** Options of {@link esipaCoapClient}. */
export interface EsipaCoapClientOptions extends EsipaCoapOptions {
  /** Milliseconds for a whole exchange, all blocks included (default 60 000). */
  readonly timeoutMs?: number;
  /** Decode answers strictly as DER (default false). */
  readonly strict?: boolean;
}

/** An ESipa client over CoAP; after `close()` it refuses new exchanges (each exchange's UDP socket closes when it ends). */
export type EsipaCoapClient = EsipaClient & { close(): void };

/**
 * An ESipa client for `coap://host:port` (the ASN.1 payload; there is no JSON over CoAP).
 * Requests larger than one block go out with Block1; larger answers come back with Block2.
 *
 * @example
 * ```ts
 * const eim = esipaCoapClient('coap://127.0.0.1:5683');
 * const answer = await eim.getEimPackage({ eidValue });
 * eim.close();
 * ```
 */
export function esipaCoapClient(url: string | URL, options: EsipaCoapClientOptions = {}): EsipaCoapClient {
  const target = new URL(String(url));
  if (target.protocol !== 'coap:') throw new TypeError(`url: expected coap://host:port, got ${target.protocol}`);
  const blockSize = options.blockSize ?? COAP_DEFAULTS.blockSize;
  const szx = szxOf(blockSize);
  const uriPath = options.uriPath ?? COAP_DEFAULTS.uriPath;
  const contentFormat = options.contentFormat ?? COAP_DEFAULTS.contentFormat;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let closed = false;
  let warnings: readonly string[] = [];

  const exchange = async (body: Uint8Array): Promise<EsipaHttpResponse> => {
    const { coap } = await loadCoap();
    if (closed) throw new EsipaBindingError('transport', 'client closed');
    // One agent (one UDP socket) per exchange: node-coap closes it by itself once the last
    // block is in, and a fresh source port per exchange keeps retransmission state apart.
    const agent = new coap.Agent({ type: target.hostname.includes(':') ? 'udp6' : 'udp4' });
    return new Promise<EsipaHttpResponse>((resolve, reject) => {
      const req = coap.request({
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: Number(target.port || 5683),
        pathname: uriPath,
        method: 'POST',
        confirmable: true,
        agent,
        options: { 'Content-Format': contentFormat as never },
      });
      if (body.length > blockSize) req.setOption('Block1', Buffer.of(szx));
      // Smaller blocks for the answer too: ask for them in the first request (RFC 7959 §2.4).
      if (blockSize < 1024) req.setOption('Block2', Buffer.of(szx));
      const timer = setTimeout(() => {
        agent.abort(req);
        reject(new EsipaBindingError('timeout', `no complete CoAP answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('response', (res) => {
        clearTimeout(timer);
        const payload = res.payload;
        resolve({ status: httpStatusOf(res.code), headers: { 'Content-Type': ASN1_MEDIA_TYPE }, body: new Uint8Array(payload.buffer, payload.byteOffset, payload.length) });
      });
      req.on('error', (err: Error) => {
        clearTimeout(timer);
        reject(new EsipaBindingError('transport', `CoAP exchange failed: ${err.message}`, { cause: err }));
      });
      req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    });
  };

  const send = async (message: EsipaRequest): Promise<EsipaResponse | undefined> => {
    const fn = functionOfRequest(message);
    if (fn === undefined) throw new TypeError(`message: ${String((message as { $case?: unknown })?.$case)} is not an ESipa request alternative`);
    const request = encodeEsipaRequest(message, { binding: 'asn1' });
    const response = await exchange(request.body);
    if (response.status >= 400) {
      throw new EsipaBindingError('bad-status', `CoAP ${coapCodeOf(response.status)} answering ${fn}: ${new TextDecoder().decode(response.body)}`, { status: response.status });
    }
    const decoded = decodeEsipaResponse('asn1', fn, response, { strict: options.strict ?? false, adminProtocolCheck: 'off' });
    warnings = decoded.warnings;
    return decoded.message;
  };
  const client: Record<string, unknown> = {
    send,
    lastWarnings: () => warnings,
    close: () => {
      closed = true;
    },
  };
  for (const fn of Object.keys(FUNCTION_TABLE) as EsipaFunction[]) {
    client[fn] = async (value: unknown) => (await send({ $case: FUNCTION_TABLE[fn].request, value } as EsipaRequest))?.value;
  }
  return client as EsipaCoapClient;
}
