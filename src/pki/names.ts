/**
 * Distinguished names (RFC 5280 §4.1.2.4) as the certificate view shows them: the generated
 * `Name` value turned into attributes with text values and an RFC 4514 string.
 *
 * Attribute values are open types in PKIX1Explicit88 (`AttributeValue ::= ANY`); the string
 * types certificates use are decoded with the generated codecs `DirectoryString` (the X.520
 * string CHOICE) and `EmailAddress` (IA5String), in the caller's strictness, so a value with
 * invalid characters is an Asn1DecodeError like any other bad content.
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';
import type { DecodeOptions } from '../der/reader.js';
import { DirectoryString, EmailAddress, type Name, id_at_commonName, id_at_countryName, id_at_organizationName, id_at_organizationalUnitName, id_at_serialNumber, id_at_localityName, id_at_stateOrProvinceName, id_domainComponent, id_emailAddress } from '../generated/PKIX1Explicit88.js';
import { toHex as hex } from '../der/bytes.js';

/** One attribute of a distinguished name. */
export interface NameAttribute {
  /** Dotted OID of the attribute type. */
  readonly type: string;
  /** Short name (`CN`, `O`, `serialNumber`, …) when the type is a common one. */
  readonly shortName: string | undefined;
  /** The value as text (undefined when it is not a character string). */
  readonly value: string | undefined;
  /** The value's complete TLV as encoded. */
  readonly valueDer: Uint8Array;
}

/** A distinguished name: its text form, exact DER, and attributes in encoding order. */
export interface DistinguishedName {
  /**
   * RFC 4514 text: RDNs from last to first, separated by `,`; multi-valued RDNs joined by `+`;
   * special characters escaped with `\`, non-string values as `#hex`.
   */
  readonly text: string;
  /** The Name TLV exactly as encoded in the certificate. */
  readonly der: Uint8Array;
  /** Relative distinguished names in encoding order, each a list of attributes. */
  readonly rdns: readonly (readonly NameAttribute[])[];
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  [id_at_commonName]: 'CN',
  [id_at_countryName]: 'C',
  [id_at_organizationName]: 'O',
  [id_at_organizationalUnitName]: 'OU',
  [id_at_serialNumber]: 'serialNumber',
  [id_at_localityName]: 'L',
  [id_at_stateOrProvinceName]: 'ST',
  [id_domainComponent]: 'DC',
  [id_emailAddress]: 'emailAddress',
};

/** Universal tags of the DirectoryString alternatives (X.680 §41): Teletex, Printable, Universal, UTF8, BMP. */
const DIRECTORY_STRING_TAGS = new Set([0x14, 0x13, 0x1c, 0x0c, 0x1e]);
const IA5_STRING = 0x16;

function attributeText(valueDer: Uint8Array, options: DecodeOptions): string | undefined {
  const tag = valueDer[0];
  if (DIRECTORY_STRING_TAGS.has(tag)) return DirectoryString.decode(valueDer, options).value;
  if (tag === IA5_STRING) return EmailAddress.decode(valueDer, options);
  return undefined;
}

function escapeValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (m) => `\\${m}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 0) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/**
 * The view of a decoded Name.
 *
 * @param name - the generated value.
 * @param der - its exact encoding.
 * @param options - strictness (and diagnostics) for the attribute values.
 * @throws Asn1DecodeError when a string attribute value does not decode.
 */
export function nameView(name: Name, der: Uint8Array, options: DecodeOptions): DistinguishedName {
  // RelativeDistinguishedName ::= SET SIZE (1..MAX) OF …: the generated decoder does not check
  // this size constraint, so it is checked here.
  if (name.value.some((rdn) => rdn.length === 0)) throw new Asn1DecodeError('constraint', 0, 'Name: an empty RelativeDistinguishedName (SIZE (1..MAX))');
  const rdns = name.value.map((rdn) =>
    rdn.map((atv) => ({ type: atv.type, shortName: SHORT_NAMES[atv.type], value: attributeText(atv.value, options), valueDer: atv.value })),
  );
  const text = [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.shortName ?? a.type}=${a.value !== undefined ? escapeValue(a.value) : `#${hex(a.valueDer)}`}`).join('+'))
    .join(',');
  return { text, der, rdns };
}

/** Every value of attribute `type` in a name, in encoding order. */
export function attributeValues(name: DistinguishedName, type: string): (string | undefined)[] {
  return name.rdns.flatMap((rdn) => rdn.filter((a) => a.type === type).map((a) => a.value));
}
