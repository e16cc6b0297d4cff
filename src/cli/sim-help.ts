/**
 * Help texts of `sgp32 pki`, `sgp32 euicc` and `sgp32 ipa` (the virtual eUICC, the IPA and the
 * test PKI; docs/guides/virtual-euicc.md).
 *
 * @module
 */

export const PKI_HELP = `Usage: sgp32 pki init [--curve p256|brainpoolP256r1] [--eum-prefix <digits>] [--eid <32 digits>]
                     [--eim-id <id>] [--smdp <fqdn>] -o <dir> [--json]

Creates a test PKI shaped like the GSMA one (SGP.22 4.5.2 profiles as SGP.26 issues them): a
CI; under it an EUM whose nameConstraints permit the EID prefix, an eUICC whose subject
serialNumber is the EID, the SM-DP+ certificates DPauth, DPpb and DPtls, and an eIM
certificate. Each as <name>.der, <name>.pem and <name>-key.pem (PKCS#8), with an index pki.json.
For tests only: the keys are written unencrypted.

Options:
      --curve <c>          p256 (default) or brainpoolP256r1
      --eum-prefix <d>     EID prefix the EUM may issue for (default 89049032)
      --eid <digits>       the eUICC's EID (default: prefix, zeros, check digits)
      --eim-id <id>        eIM identifier (default eim.test.example)
      --smdp <fqdn>        SM-DP+ address for DPtls and downloads (default smdp.test.example)
  -o, --output <dir>       the folder to write (created)
      --json               print the index as JSON

Exit codes: 0 written, 2 usage error.
`;

export const EUICC_HELP = `Usage: sgp32 euicc init --pki <dir> -o <state.json> [--profile <iccid>[:enabled]]... [--no-eim]
       sgp32 euicc exec <state.json> <request file> [-o <response file>] [--json]
       sgp32 euicc apdu <state.json> <APDU file | -> [--json]
       sgp32 euicc show <state.json> [--json]

A software eUICC whose whole state is a JSON file (sgp32/sim).

init   makes a state from the test PKI folder: the eUICC key and certificates, the CI, the
       Profiles given (operational, disabled unless :enabled), and the PKI's eIM associated by
       AddInitialEim (associationToken 1) unless --no-eim.
exec   runs one ES10 command on the eUICC (AddInitialEim BF57, LoadEuiccPackage BF51,
       GetEimConfigurationData BF55, RetrieveNotificationsList BF2B, RemoveNotificationFromList
       BF30, GetEUICCInfo1/2, GetCerts, eUICCMemoryReset BF64, the download commands, ...);
       the request may be DER, hex, base64 or PEM. The state file is replaced atomically
       (temporary file, then rename): a crash leaves the old state or the new one, never half.
       The response goes to -o (DER) or to stdout as hex.
apdu   the same eUICC behind APDUs (SGP.22 5.7.2): the file holds command APDUs in hex, one
       per line (blank lines and # comments skipped), as an IPA sends them: MANAGE CHANNEL,
       SELECT of the ISD-R, STORE DATA blocks, GET RESPONSE. Each response APDU (data and
       status word) is printed in hex on its own line, or with --json one object per line
       ({"apdu","response","sw"}). A malformed APDU gets its ISO 7816-4 status word, not an
       error. The state file is replaced atomically after every command that changed it.
show   prints the EID, Profiles, eIM associations (counter, token), pending notifications and
       results, and the settings.

Exit codes: 0 done (for exec: the eUICC answered, whatever it answered), 1 bad state file or
request, 2 usage error.
`;

export const IPA_HELP = `Usage: sgp32 ipa run --eim <url> --euicc <state.json> [--binding asn1|json] [--once]
                     [--interval <s>] [--direct | --smdp-url <url>] [--json]
       sgp32 ipa fleet --count <n> --eim <url> --pki <dir> [--concurrency <k>]
                     [--duration <s>] [--binding asn1|json] [--json]

run    an IPA polling the eIM over ESipa (SGP.32 v1.2 6.3): GetEimPackage, the package executed
       on the virtual eUICC, ProvideEimPackageResult, the acknowledged results removed; profile
       downloads through the eIM, or with --direct straight from the SM-DP+ the trigger names
       (ES9+ at https://<address>; --smdp-url <url> for a test SM-DP+). Without --once it polls until the eIM has nothing, then every
       --interval seconds (default: stop when idle). The state file is saved atomically after
       every eUICC command.
fleet  n virtual eUICCs made from the test PKI (their own keys, EIDs prefix+index, certificates
       issued by the EUM, the PKI's eIM associated) poll the eIM concurrently, at most k polls
       in flight (default 16), until each is idle or for --duration seconds; then a summary:
       polls by outcome, latency percentiles, errors by reason.

Options:
      --eim <url>          the eIM base URL (http://host:port)
      --euicc <file>       the eUICC state file
      --binding <b>        asn1 (default) or json
      --once               one poll only
      --interval <s>       keep polling every s seconds
      --direct             download profiles directly from the SM-DP+ (ES9+), not through the eIM
      --smdp-url <url>     the SM-DP+ base URL for direct downloads (implies --direct)
      --count <n>          fleet size
      --pki <dir>          the test PKI folder (sgp32 pki init)
      --concurrency <k>    polls in flight (default 16)
      --duration <s>       run for s seconds instead of until idle
      --json               one JSON object per event (run) or the summary (fleet)

Exit codes: 0 done, 1 the eIM or the exchange failed, 2 usage error.
`;
