/**
 * Serving ESipa without a transport: one call takes a request (method, path, headers, body),
 * decodes it with its binding, runs the matching handler and encodes the answer, or the error
 * response when the request never reached a function. The Node HTTP listener and the CoAP
 * server in `sgp32/node` are thin loops around {@link handleEsipaRequest}; it runs as well in a
 * service worker or an edge function.
 *
 * @module
 */
import type { EsipaOptions } from './binding.js';
import { decodeEsipaRequest, encodeEsipaResponse, esipaErrorResponse } from './binding.js';
import { EsipaBindingError } from './errors.js';
import { FUNCTION_TABLE, type EsipaBinding, type EsipaFunction, type EsipaHttpRequest, type EsipaHttpResponse, type EsipaRequestMap, type EsipaResponse, type EsipaResponseMap } from './functions.js';

/** What a handler learns besides the request value. */
export interface EsipaCallContext<X = unknown> {
  readonly binding: EsipaBinding;
  readonly function: EsipaFunction;
  /** What lenient reading let pass. */
  readonly warnings: readonly string[];
  /** The transport's own request object (the Node `IncomingMessage`, a CoAP packet), when there is one. */
  readonly transport?: X;
}

type Awaitable<T> = T | Promise<T>;

/** The `on<Function>` name of each function's handler. */
export type EsipaHandlerName<F extends EsipaFunction> = `on${Capitalize<F>}`;

/**
 * Handlers by function: each takes the request value and returns the response value (the
 * error alternatives included: a function's refusal is a response). HandleNotification
 * returns nothing. A missing handler answers 501.
 *
 * @example
 * ```ts
 * const handlers: EsipaHandlers = {
 *   onGetEimPackage: () => ({ $case: 'eimPackageError', value: 1 }), // noEimPackageAvailable
 * };
 * ```
 */
export type EsipaHandlers<X = unknown> = {
  readonly [F in EsipaFunction as EsipaHandlerName<F>]?: (
    request: EsipaRequestMap[F],
    context: EsipaCallContext<X>,
  ) => Awaitable<F extends 'handleNotification' ? void : EsipaResponseMap[F]>;
};

/** Options of {@link handleEsipaRequest}. */
export interface EsipaServeOptions extends EsipaOptions {
  /** Called with every error that became an error response (binding errors and handler failures), for logging. */
  readonly onError?: (error: unknown, request: EsipaHttpRequest) => void;
}

/** The handler name of a function. */
export function handlerNameOf<F extends EsipaFunction>(fn: F): EsipaHandlerName<F> {
  return `on${fn[0].toUpperCase()}${fn.slice(1)}` as EsipaHandlerName<F>;
}

/**
 * Serves one ESipa request: decode → handler → encode. Binding errors answer with their
 * status (400, 404, 405, 415, …) and a text/plain message; an exception from a handler answers
 * 500 without its message (an EsipaBindingError thrown by a handler keeps its status).
 * Never rejects.
 *
 * @example
 * ```ts
 * const res = await handleEsipaRequest({ method: 'POST', path: '/gsma/rsp2/asn1', headers, body }, handlers);
 * ```
 */
export async function handleEsipaRequest<X>(
  request: EsipaHttpRequest,
  handlers: EsipaHandlers<X>,
  options: EsipaServeOptions = {},
  transport?: X,
): Promise<EsipaHttpResponse> {
  let fn: EsipaFunction | undefined;
  try {
    const decoded = decodeEsipaRequest(request, options);
    fn = decoded.function;
    const handler = handlers[handlerNameOf(fn as EsipaFunction)] as ((req: unknown, ctx: EsipaCallContext<X>) => Awaitable<unknown>) | undefined;
    if (handler === undefined) throw new EsipaBindingError('not-implemented', `this server does not serve ${fn}`);
    const context: EsipaCallContext<X> = { binding: decoded.binding, function: fn, warnings: decoded.warnings, ...(transport !== undefined ? { transport } : {}) };
    const value = await handler(decoded.message.value, context);
    const responseCase = FUNCTION_TABLE[fn].response;
    const message = responseCase === undefined ? undefined : ({ $case: responseCase, value } as EsipaResponse);
    return encodeEsipaResponse(decoded.binding, fn, message, options);
  } catch (err) {
    options.onError?.(err, request);
    if (err instanceof EsipaBindingError) return esipaErrorResponse(err, options);
    return esipaErrorResponse(new EsipaBindingError('handler-failed', `the ${fn ?? 'ESipa'} handler failed`), options);
  }
}
