/**
 * Naming what travels: given an HTTP or CoAP message seen on the wire (a capture), which ESipa or
 * ES9+ function it belongs to and which ASN.1 type each binary part carries — read from the same
 * function and member tables the bindings use, so the capture reader and the bindings cannot
 * disagree. Nothing is decoded here; the caller decodes each part with its type.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { ES9_FUNCTIONS, ES9_JSON_PREFIX, es9JsonSpec } from './es9plus.js';
import { ESIPA_JSON } from './esipa-json.js';
import { ESIPA_FUNCTIONS, ESIPA_JSON_PREFIX, pathOnly, type EsipaFunction } from './functions.js';
import type { Member, MemberKind, RequestShape, ResponseSpec } from './json-members.js';
import { esipaFunctionOfBody } from './binding.js';
import { EsipaBindingError } from './errors.js';
import { fromBase64 } from './text.js';
import { needsMore, peekTag, tryReadHeader } from '../der/header.js';

const PARTIAL = { mode: 'partial' } as const;

/** One binary part of a message and its ASN.1 type (`Module.Name`). */
export interface RecognisedPart {
  /** JSON member path (`authenticateServerResponse`, `ePRAndNotifications.notificationList`), or `(body)`. */
  readonly field: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** What a message is. */
export interface RecognisedMessage {
  readonly interface: 'ESipa' | 'ES9+';
  readonly function: string;
  readonly binding: 'asn1' | 'json';
  readonly parts: readonly RecognisedPart[];
}

const qualified = (codec: Codec<unknown>) => `${codec.moduleName}.${codec.typeName}`;

function* derMembers(members: readonly Member[], obj: Record<string, unknown>, prefix: string): Generator<RecognisedPart> {
  for (const m of members) yield* derMember(m.kind, obj[m.json], prefix + m.json);
}

function* derMember(kind: MemberKind, v: unknown, field: string): Generator<RecognisedPart> {
  if (kind.k === 'object' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
    yield* derMembers(kind.members, v as Record<string, unknown>, field + '.');
    return;
  }
  if (kind.k !== 'der' || typeof v !== 'string') return;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(v, field);
  } catch (err) {
    if (err instanceof EsipaBindingError) return; // not base64: nothing to list
    throw err;
  }
  // The PendingNotificationList member accepts two tags; name the list type either way.
  yield { field, type: kind.codec.typeName === 'PendingNotificationList' ? 'SGP32Definitions.PendingNotificationList' : qualified(kind.codec), bytes };
}

function* jsonParts(shape: RequestShape | ResponseSpec | undefined, obj: Record<string, unknown>): Generator<RecognisedPart> {
  if (shape === undefined) return;
  if ('t' in shape) {
    if (shape.t === 'seq') yield* derMembers(shape.members, obj, '');
    else for (const a of shape.alts) yield* derMember(a.kind, obj[a.json], a.json);
    return;
  }
  for (const a of shape.alts) {
    if ('json' in a) yield* derMember(a.kind, obj[a.json], a.json);
    else yield* derMembers(a.members, obj, '');
  }
}

/**
 * Recognises a JSON body of the ESipa or ES9+ JSON binding by its request path (for a response,
 * the path of the request it answers). Undefined when the path is no binding's.
 */
export function recogniseJsonBody(path: string, direction: 'request' | 'response', json: unknown): RecognisedMessage | undefined {
  const p = pathOnly(path);
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (p.startsWith(ESIPA_JSON_PREFIX)) {
    const fn = ESIPA_FUNCTIONS.find((f) => f === p.slice(ESIPA_JSON_PREFIX.length));
    if (fn === undefined) return undefined;
    const spec = ESIPA_JSON[fn];
    return { interface: 'ESipa', function: fn, binding: 'json', parts: [...jsonParts(direction === 'request' ? spec.request : spec.response, obj)] };
  }
  if (p.startsWith(ES9_JSON_PREFIX)) {
    const fn = ES9_FUNCTIONS.find((f) => f === p.slice(ES9_JSON_PREFIX.length));
    if (fn === undefined) return undefined;
    const spec = es9JsonSpec(fn);
    return { interface: 'ES9+', function: fn, binding: 'json', parts: [...jsonParts(direction === 'request' ? spec.request : spec.response, obj)] };
  }
  return undefined;
}

/**
 * Recognises an ASN.1 binding body (HTTP on `/gsma/rsp2/asn1`, or a CoAP payload) by its
 * outer tag: an ESipa envelope alternative, or an ES9+ `A2` RemoteProfileProvisioning message.
 * Undefined for anything else.
 */
export function recogniseAsn1Body(body: Uint8Array, direction: 'request' | 'response'): RecognisedMessage | undefined {
  if (body[0] === 0xa2) {
    const type = direction === 'request' ? 'RSPDefinitions.RemoteProfileProvisioningRequest' : 'RSPDefinitions.RemoteProfileProvisioningResponse';
    return { interface: 'ES9+', function: es9FunctionOfTag(body), binding: 'asn1', parts: [{ field: '(body)', type, bytes: body }] };
  }
  const fn: EsipaFunction | undefined = esipaFunctionOfBody(body);
  if (fn === undefined) return undefined;
  // TransferEimPackage runs eIM → IPA: its request is in the eIM's envelope.
  const fromEim = (direction === 'request') === (fn === 'transferEimPackage');
  const type = fromEim ? 'SGP32Definitions.EsipaMessageFromEimToIpa' : 'SGP32Definitions.EsipaMessageFromIpaToEim';
  return { interface: 'ESipa', function: fn, binding: 'asn1', parts: [{ field: '(body)', type, bytes: body }] };
}

const ES9_TAGS: Record<number, string> = { 0x39: 'initiateAuthentication', 0x3b: 'authenticateClient', 0x3a: 'getBoundProfilePackage', 0x41: 'cancelSession', 0x3d: 'handleNotification', 0x40: 'authenticateClient (ES11)' };

function es9FunctionOfTag(body: Uint8Array): string {
  // A2 <length> BF xx: the inner alternative's tag, after the A2 header.
  const outer = tryReadHeader(body, 0, PARTIAL);
  const inner = outer === undefined || needsMore(outer) ? undefined : peekTag(body, outer.contentStart);
  return inner !== undefined && inner >> 8 === 0xbf ? (ES9_TAGS[inner & 0xff] ?? 'unknown') : 'unknown';
}
