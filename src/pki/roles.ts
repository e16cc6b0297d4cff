/**
 * GSMA RSP certificate roles and the certificate-policy OIDs that state them.
 *
 * Variant "O" (SGP.22 v2.x): `id-rspRole` = 2.23.146.1.2.1, one arc per role
 * (RSPDefinitions `id-rspRole-ci` … `id-rspRole-ds-auth`; our notes certificates.md §2).
 * SGP.22 v3 variants (Ov3/A/B/C) moved the roles below 2.23.146.1.2.1.0.0; certificates.md §2
 * records the EUM one (2.23.146.1.2.1.0.0.0), the eUICC/SM-DP+/SM-DS ones are those registered
 * for GSMA RSP in the C509 certificate-policy table of draft-ietf-cose-cbor-encoded-cert. The CI
 * sub-CA OID (2.23.146.1.2.1.0.0) has a single secondary source and is UNVERIFIED against the
 * SGP.22 v3 text.
 *
 * The variant-O OIDs come from the generated RSPDefinitions module; the v3 ones are not in any
 * ASN.1 module we compile.
 *
 * @module
 */
import * as R from '../generated/RSPDefinitions.js';

/**
 * A certificate's role in the GSMA RSP PKI.
 * - `ci`: Certificate Issuer (root); `ci-subca`: a CI sub-CA (SGP.22 v3 variants only)
 * - `eum`: eUICC Manufacturer; `euicc`: an eUICC
 * - `dp-auth`, `dp-pb`, `dp-tls`: SM-DP+ authentication, profile binding and TLS certificates
 * - `ds-auth`, `ds-tls`: SM-DS authentication and TLS certificates
 * - `eim`: an eIM signing certificate (SGP.32; no GSMA policy OID, so never derived from a
 *   certificate, only requested by a caller)
 */
export type GsmaRole =
  | 'ci'
  | 'ci-subca'
  | 'eum'
  | 'euicc'
  | 'dp-auth'
  | 'dp-pb'
  | 'dp-tls'
  | 'ds-auth'
  | 'ds-tls'
  | 'eim';

/** Which generation of the GSMA certificate profile a role policy belongs to. */
export type RoleVariant = 'O' | 'v3';

/** The policy OIDs of each role, with the profile generation they belong to. */
export const ROLE_POLICY_OIDS: Readonly<Record<string, { readonly role: GsmaRole; readonly variant: RoleVariant }>> = {
  [R.id_rspRole_ci]: { role: 'ci', variant: 'O' },
  [R.id_rspRole_euicc]: { role: 'euicc', variant: 'O' },
  [R.id_rspRole_eum]: { role: 'eum', variant: 'O' },
  [R.id_rspRole_dp_tls]: { role: 'dp-tls', variant: 'O' },
  [R.id_rspRole_dp_auth]: { role: 'dp-auth', variant: 'O' },
  [R.id_rspRole_dp_pb]: { role: 'dp-pb', variant: 'O' },
  [R.id_rspRole_ds_tls]: { role: 'ds-tls', variant: 'O' },
  [R.id_rspRole_ds_auth]: { role: 'ds-auth', variant: 'O' },
  '2.23.146.1.2.1.0.0': { role: 'ci-subca', variant: 'v3' },
  '2.23.146.1.2.1.0.0.0': { role: 'eum', variant: 'v3' },
  '2.23.146.1.2.1.0.0.0.0.0': { role: 'euicc', variant: 'v3' },
  '2.23.146.1.2.1.0.0.1.0': { role: 'dp-tls', variant: 'v3' },
  '2.23.146.1.2.1.0.0.1.1': { role: 'dp-auth', variant: 'v3' },
  '2.23.146.1.2.1.0.0.1.2': { role: 'dp-pb', variant: 'v3' },
  '2.23.146.1.2.1.0.0.2.0': { role: 'ds-tls', variant: 'v3' },
  '2.23.146.1.2.1.0.0.2.1': { role: 'ds-auth', variant: 'v3' },
};

/** The variant-"O" policy OID of each role that has one (the form SGP.22 v2.x certificates carry). */
export const ROLE_OID: Readonly<Partial<Record<GsmaRole, string>>> = {
  ci: R.id_rspRole_ci,
  euicc: R.id_rspRole_euicc,
  eum: R.id_rspRole_eum,
  'dp-tls': R.id_rspRole_dp_tls,
  'dp-auth': R.id_rspRole_dp_auth,
  'dp-pb': R.id_rspRole_dp_pb,
  'ds-tls': R.id_rspRole_ds_tls,
  'ds-auth': R.id_rspRole_ds_auth,
  'ci-subca': '2.23.146.1.2.1.0.0',
};

/** Every role name, for argument checks. */
export const GSMA_ROLES: readonly GsmaRole[] = [
  'ci', 'ci-subca', 'eum', 'euicc', 'dp-auth', 'dp-pb', 'dp-tls', 'ds-auth', 'ds-tls', 'eim',
];

/**
 * The roles allowed directly above a certificate of `role` (its issuer), per the hierarchy of
 * SGP.22 §4.5.2 as summarised in certificates.md §1: CI → EUM → eUICC, CI → SM-DP+/SM-DS
 * certificates, with an optional CI sub-CA in the v3 variants. An eIM certificate is outside
 * the GSMA tree (certificates.md §8), so any issuer the caller trusts is acceptable.
 */
export function allowedIssuerRoles(role: GsmaRole): readonly GsmaRole[] | 'any' {
  switch (role) {
    case 'ci':
      return [];
    case 'ci-subca':
      return ['ci'];
    case 'euicc':
      return ['eum'];
    case 'eum':
    case 'dp-auth':
    case 'dp-pb':
    case 'dp-tls':
    case 'ds-auth':
    case 'ds-tls':
      return ['ci', 'ci-subca'];
    case 'eim':
      return 'any';
  }
}

/** OID of the v3 EUM extension listing permitted EID prefixes (`SEQUENCE OF PrintableString`). */
export const OID_PERMITTED_EINS = '2.23.146.1.2.2.0';
