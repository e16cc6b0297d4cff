/**
 * `sgp32/node` — what needs Node: the native crypto provider (node:crypto), the ESipa HTTP
 * request listener for node:http/node:https, the ESipa CoAP server and client (node:dgram),
 * and, for convenience, the fetch-based ESipa and ES9+ clients of `sgp32/esipa`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createEsipaHandler, esipaClient, nodeProvider } from 'sgp32/node';
 * ```
 * @module sgp32/node
 */
export * from '../crypto/node/index.js';
export { createEsipaHandler, createEs9Handler } from './esipa-http.js';
export type { EsipaHandlerOptions } from './esipa-http.js';
export { listenEsipaCoap, esipaCoapClient } from './esipa-coap.js';
export type { EsipaCoapServer, EsipaCoapServerOptions, EsipaCoapClient, EsipaCoapClientOptions } from './esipa-coap.js';
export { esipaClient, es9Client, EsipaBindingError } from '../esipa/index.js';
export type { EsipaClient, EsipaClientOptions, EsipaHandlers, EsipaCallContext, Es9Client, Es9Handlers } from '../esipa/index.js';
