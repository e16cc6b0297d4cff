/**
 * Help text of `sgp32 cert` (no imports, so `sgp32 --help` loads no certificate code).
 *
 * @module
 */

/** Help text of `sgp32 cert`. */
export const CERT_HELP = `Usage: sgp32 cert show <cert or CRL file>... [--at <time>] [--json] [-o <file>]
       sgp32 cert verify --anchor <CI cert file> [--untrusted <file>]... [--crl <file>]...
                         [--role <role>] [--at <time>] [--eid-range enforce|report] [--json] [-o <file>]
                         <cert file> [<cert file>...]

show     prints the GSMA view of each certificate: subject, issuer, SHA-256 fingerprint,
         validity (and whether it is expired now), curve, role and profile variant in words,
         EID, permitted EID prefixes, key identifiers, key usage, basic constraints,
         extensions and algorithms by name, and every rule the encoding breaks. CRL files
         (DER or PEM "X509 CRL") are shown too: issuer, updates, revoked serial numbers.
verify   validates a chain against a trusted CI: encoding (DER, version, serial number,
         times), issuer/key-identifier chaining, signatures (P-256 and brainpoolP256r1),
         validity, basic constraints, key usage, roles, the eUICC's EID within its EUM's
         range, name constraints, extended key usage, critical extensions and, with --crl,
         revocation. Certificates are given from the one the anchor issued down to the leaf
         (e.g. the EUM then the eUICC); with --untrusted, give only the leaf and the path is
         built from the pool, in any order, as openssl verify -untrusted does. A file may
         hold several certificates (PEM blocks or DER back to back); they count in order.

Files may be DER or PEM.

Options:
  --anchor <file>     a trusted CI certificate (repeat it, or put several in the file, to
                      trust several CIs; the chain's issuer picks one)
  --untrusted <file>  intermediate certificates (EUM, CI sub-CA) to build the path from,
                      in any order; repeatable
  --crl <file>        a CRL (DER or PEM) of an issuer in the path; repeatable
  --role <role>       the role the leaf must have: euicc, eum, dp-auth, dp-pb, dp-tls, eim
                      (also ds-auth, ds-tls, ci-subca); without it, the role the leaf's
                      policy states, checked against its position
  --at <time>         validate at this ISO-8601 time (e.g. 2026-11-21 or
                      2026-11-21T12:00:00Z) instead of now
  --eid-range <mode>  enforce (default): an EID outside the EUM's range is invalid;
                      report: the chain stays valid and the broken rule is printed as a
                      warning (for public test chains whose EUM range misses the eUICC)
  -o, --output <file> write to a file (its folder must exist; checked before any work)
  --json              show: a JSON array of summaries; verify: one JSON object
                      {"valid": bool, "reason": string, "index": number|null, "warnings": [...]}
                      — reason is "valid" for a valid chain, else the failed check's code;
                      index is the failing certificate (0 = first given, -1 = the anchor)

Exit codes: 0 valid (show: all files read), 1 invalid chain or bad data (a file that is
not a certificate, a truncated certificate), 2 usage error or a file that cannot be read.
`;
