/**
 * The algorithm object identifiers of GSMA RSP certificates that no generated module defines
 * (the PKIX algorithm module, RFC 5480/5758, is not among our ASN.1 inputs). Every other OID
 * (extensions, attribute types, key purposes, GSMA roles) comes from the generated modules.
 *
 * @module
 */

/** id-ecPublicKey (RFC 5480 §2.1.1). */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** ecdsa-with-SHA256 (RFC 5758 §3.2), the only signature algorithm of GSMA RSP (SGP.22 §2.6.5). */
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
