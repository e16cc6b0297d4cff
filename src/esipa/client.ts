/**
 * An ESipa client on `fetch` (the IPA's side; an eIM uses it for TransferEimPackage). One method
 * per function, taking and returning the typed values; the binding ('asn1' or 'json') is
 * chosen once. Runs in Node 20 and in browsers (no Node APIs).
 *
 * @module
 */
import { decodeEsipaResponse, encodeEsipaRequest, type EsipaOptions } from './binding.js';
import { concatBytes } from '../der/bytes.js';
import { EsipaBindingError } from './errors.js';
import { FUNCTION_TABLE, functionOfRequest, type EsipaBinding, type EsipaFunction, type EsipaHttpRequest, type EsipaHttpResponse, type EsipaRequest, type EsipaRequestMap, type EsipaResponse, type EsipaResponseMap } from './functions.js';

/** Options of {@link esipaClient}. */
export interface EsipaClientOptions extends EsipaOptions {
  /** The function binding (default 'asn1'). */
  readonly binding?: EsipaBinding;
  /** The fetch to use (default the global one): a test double, or one with a TLS agent pinned to the eIM's trust anchor. */
  readonly fetch?: typeof fetch;
  /** Milliseconds for the whole exchange (default 30 000). */
  readonly timeoutMs?: number;
  /** Largest response body read (default 8 MiB: a Bound Profile Package fits many times). */
  readonly maxResponseBytes?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One method per ESipa function; each rejects only with {@link EsipaBindingError}. */
export type EsipaClient = {
  readonly [F in EsipaFunction]: (request: EsipaRequestMap[F]) => Promise<F extends 'handleNotification' ? void : EsipaResponseMap[F]>;
} & {
  /** Sends any request alternative; resolves to the response alternative (undefined for HandleNotification). */
  readonly send: (message: EsipaRequest) => Promise<EsipaResponse | undefined>;
  /** Warnings of the last response decoded leniently. */
  readonly lastWarnings: () => readonly string[];
};

/** Reads a fetch body up to `limit` bytes; `body-too-large` beyond. */
export async function readBounded(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new EsipaBindingError('body-too-large', `response of ${declared} bytes exceeds the limit of ${limit}`);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new EsipaBindingError('body-too-large', `response exceeds the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : concatBytes(chunks);
}

/**
 * Sends one binding request with fetch and returns the raw response, bounded and timed.
 * Network failures become `transport`, the deadline `timeout`.
 */
export async function fetchEsipa(base: string, request: EsipaHttpRequest, options: EsipaClientOptions): Promise<EsipaHttpResponse> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const url = base.replace(/\/+$/, '') + request.path;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await doFetch(url, {
      method: request.method,
      headers: { ...(request.headers as Record<string, string>), ...options.headers },
      body: request.body as BodyInit,
      signal,
    });
    const body = await readBounded(response, options.maxResponseBytes ?? 8 * 1024 * 1024);
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: response.status, headers, body };
  } catch (err) {
    if (err instanceof EsipaBindingError) throw err;
    if (signal.aborted) throw new EsipaBindingError('timeout', `no complete answer from ${url} within ${timeoutMs} ms`, { cause: err });
    throw new EsipaBindingError('transport', `request to ${url} failed: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * An ESipa client for the eIM at `url` (scheme, host and an optional path prefix; the binding
 * adds `/gsma/rsp2/asn1` or `/gsma/rsp2/esipa/<function>`).
 *
 * @example
 * ```ts
 * const eim = esipaClient('https://eim.example.com', { binding: 'json' });
 * const answer = await eim.getEimPackage({ eidValue });
 * if (answer.$case === 'euiccPackageRequest') { ... }
 * ```
 */
export function esipaClient(url: string | URL, options: EsipaClientOptions = {}): EsipaClient {
  const base = String(url);
  const binding = options.binding ?? 'asn1';
  let warnings: readonly string[] = [];
  const send = async (message: EsipaRequest): Promise<EsipaResponse | undefined> => {
    const fn = functionOfRequest(message);
    if (fn === undefined) throw new TypeError(`message: ${String((message as { $case?: unknown })?.$case)} is not an ESipa request alternative`);
    const request = encodeEsipaRequest(message, { ...options, binding });
    const response = await fetchEsipa(base, request, options);
    const decoded = decodeEsipaResponse(binding, fn, response, options);
    warnings = decoded.warnings;
    return decoded.message;
  };
  const client: Record<string, unknown> = { send, lastWarnings: () => warnings };
  for (const fn of Object.keys(FUNCTION_TABLE) as EsipaFunction[]) {
    client[fn] = async (value: unknown) => (await send({ $case: FUNCTION_TABLE[fn].request, value } as EsipaRequest))?.value;
  }
  return client as EsipaClient;
}
