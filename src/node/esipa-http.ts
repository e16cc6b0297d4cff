/**
 * ESipa over `node:http` / `node:https`: a request listener serving both function bindings
 * (SGP.32 v1.2 §6.1.1 on `/gsma/rsp2/asn1`, §6.1.2 on `/gsma/rsp2/esipa/<function>`) around
 * the transport-free {@link handleEsipaRequest}. What it adds is what a server needs in front
 * of hostile peers: a bound on the body it buffers (checked against Content-Length before
 * reading, and while reading), a deadline for the body to arrive, and an answer to every
 * request, so one bad peer never stops the server.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EsipaBindingError } from '../esipa/errors.js';
import { esipaErrorResponse } from '../esipa/binding.js';
import { handleEsipaRequest, type EsipaHandlers, type EsipaServeOptions } from '../esipa/dispatch.js';
import type { EsipaHttpRequest, EsipaHttpResponse } from '../esipa/functions.js';
import { handleEs9Request, type Es9Handlers, type Es9Options } from '../esipa/es9plus.js';

/** Options of {@link createEsipaHandler}. */
export interface EsipaHandlerOptions extends EsipaServeOptions {
  /** Largest request body buffered, in bytes (default 1 MiB; larger bodies answer 413 and close the connection). */
  readonly maxBodyBytes?: number;
  /** Milliseconds for the whole body to arrive (default 30 000; then 408 and close). */
  readonly bodyTimeoutMs?: number;
}

function send(res: ServerResponse, response: EsipaHttpResponse, close: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') headers[k] = v;
  if (close) headers.Connection = 'close';
  if (response.status !== 204) headers['Content-Length'] = String(response.body.length);
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : response.body);
}

/** Reads the body up to `limit` bytes within `timeoutMs`; rejects with a binding error otherwise. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(new EsipaBindingError('body-too-large', `body of ${declared} bytes exceeds the limit of ${limit}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (err: EsipaBindingError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        // Stop buffering; whatever else the peer sends is discarded until the socket closes.
        req.resume();
        reject(err);
      } else resolve(chunks.length === 1 ? new Uint8Array(chunks[0].buffer, chunks[0].byteOffset, chunks[0].length) : new Uint8Array(Buffer.concat(chunks, total)));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish(new EsipaBindingError('body-too-large', `body exceeds the limit of ${limit} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (err: Error) => finish(new EsipaBindingError('transport', `request stream failed: ${err.message}`, { cause: err }));
    const timer = setTimeout(() => finish(new EsipaBindingError('timeout', `body not complete within ${timeoutMs} ms`)), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * A `node:http` / `node:https` request listener serving ESipa in both bindings.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createEsipaHandler } from 'sgp32/node';
 * createServer(createEsipaHandler({
 *   onGetEimPackage: (req) => ({ $case: 'eimPackageError', value: 1 }),
 * })).listen(8080);
 * ```
 */
export function createEsipaHandler(handlers: EsipaHandlers<IncomingMessage>, options: EsipaHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return listener((request, req) => handleEsipaRequest(request, handlers, options, req), options);
}

/**
 * A `node:http` / `node:https` request listener serving ES9+ (an SM-DP+ test double, or the
 * SM-DP+ side of an integration test) in both bindings, with the same bounds as
 * {@link createEsipaHandler}.
 *
 * @example
 * ```ts
 * createServer(createEs9Handler({ onHandleNotification: () => {} })).listen(8443);
 * ```
 */
export function createEs9Handler(handlers: Es9Handlers, options: EsipaHandlerOptions & Es9Options = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return listener((request) => handleEs9Request(request, handlers, { ...options, onError: (e) => options.onError?.(e, request) }), options);
}

function listener(
  serve: (request: EsipaHttpRequest, req: IncomingMessage) => Promise<EsipaHttpResponse>,
  options: EsipaHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const timeoutMs = options.bodyTimeoutMs ?? 30_000;
  return (req, res) => {
    const head = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string | string[] | undefined> };
    readBody(req, limit, timeoutMs).then(
      async (body) => send(res, await serve({ ...head, body }, req), false),
      (err: EsipaBindingError) => {
        options.onError?.(err, { ...head, body: new Uint8Array(0) });
        send(res, esipaErrorResponse(err, options), true);
      },
    );
  };
}
