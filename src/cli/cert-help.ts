/**
 * Help text of `sgp32 cert` (no imports, so `sgp32 --help` loads no certificate code).
 *
 * @module
 */

/** Help text of `sgp32 cert`. */
export const CERT_HELP = `Usage: sgp32 cert show <cert file>... [--json]
       sgp32 cert verify --anchor <CI cert file> [--role <role>] [--at <time>] [--json]
                         <cert file> [<cert file>...]

show     prints the GSMA view of each certificate: subject, issuer, validity, curve, role
         (from the certificate policies), EID, permitted EID prefixes, key identifiers,
         key usage, basic constraints, extensions and any deviation from strict DER.
verify   validates a chain against a trusted CI: encoding, issuer/key-identifier chaining,
         signatures (P-256 and brainpoolP256r1), validity, basic constraints, key usage,
         roles, the eUICC's EID within its EUM's range, unknown critical extensions.
         Certificates are given from the one the anchor issued down to the leaf (e.g. the
         EUM then the eUICC). A file may hold several certificates (PEM blocks or DER back
         to back); they count in order.

Files may be DER or PEM.

Options:
  --anchor <file>   a trusted CI certificate (repeat it, or put several in the file, to
                    trust several CIs; the chain's issuer picks one)
  --role <role>     the role the leaf must have: euicc, eum, dp-auth, dp-pb, dp-tls, eim
                    (also ds-auth, ds-tls, ci-subca); without it, the role the leaf's
                    policy states, checked against its position
  --at <time>       validate at this ISO-8601 time (e.g. 2026-11-21 or
                    2026-11-21T12:00:00Z) instead of now
  --json            show: a JSON array of certificate summaries; verify: one JSON object
                    {"valid": bool, "reason": string, "index": number|null} — reason is
                    "valid" for a valid chain, else the failed check's code; index is the
                    failing certificate (0 = first given, -1 = the anchor), null if valid

Exit codes: 0 valid (show: all files read), 1 invalid chain, 2 usage error or unreadable
input.
`;
