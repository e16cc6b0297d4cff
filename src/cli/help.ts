/**
 * Help texts of the `sgp32` command and of each sub-command.
 *
 * @module
 */
import { CERT_HELP } from './cert-help.js';
import { BPP_HELP } from './bpp-help.js';
import { EUICC_HELP, IPA_HELP, PKI_HELP } from './sim-help.js';

const TYPE_HELP = `  -t, --type <T>        the ASN.1 type: Module.Type, Namespace.Type (Sgp32, Rsp, Saip,
                        Pkix, PkixImplicit) or a bare Type (SGP32Definitions wins over
                        RSPDefinitions for names both define); UPP for a run of profile
                        elements. Default: found from the outer tag.`;

const ASN1_HELP = `      --asn1 <file>     an ASN.1 module of your own (repeatable), compiled at run time
                        beside the five: its types are detected, decoded and named like the
                        built-in ones (it may IMPORT from SGP32Definitions, RSPDefinitions,
                        PEDefinitions and the PKIX modules). An error in it is a usage error
                        (exit 2) naming file:line:column.`;

export const HELP: Readonly<Record<string, string>> = {
  eim: `Usage: sgp32 eim sign --key <file> --association-token <n|none> [--form der|hex|base64|pem]
                     [-o <file>] <EuiccPackageSigned JSON file | ->
       sgp32 eim verify <EuiccPackageRequest file> (--cert <file> | --pubkey <file>)
                     --association-token <n|none> [--json]
       sgp32 eim verify-result <EuiccPackageResult file> (--cert <file> | --pubkey <file>)
                     --association-token <n|none> [--json]

sign           signs an eUICC Package as the eIM (SGP.32 v1.2 2.11.1.1): the input is
               EuiccPackageSigned in its JSON (JER) form, as \`sgp32 decode\` prints it; the
               output is the EuiccPackageRequest (BF51), hex on stdout by default, DER with -o.
verify         checks the eimSignature of an EuiccPackageRequest with the eIM certificate or
               public key.
verify-result  checks euiccSignEPR / euiccSignEPE of an EuiccPackageResult with the eUICC
               certificate (an unsigned error is reported invalid: not-signed).

The signed data is DER(signed part) followed by the associationToken as 84 len value; give
the token agreed when the eIM was associated with the eUICC, or "none" when there is none
(required by all three). With "none", sign appends 84 01 00 (the token data object with value
zero) and the verifiers accept 84 01 00 or nothing, saying which matched — an UNVERIFIED
reading of SGP.32 v1.2 2.11.1.2 after openiotrsp (see docs/guides/signing.md).
Messages may be DER, hex, base64 or PEM (detected); keys and certificates PEM or DER.

Options:
  -k, --key <file>              eIM private key (PKCS#8 or SEC1, PEM or DER)
  -c, --cert <file>             X.509 certificate of the signer (PEM or DER)
  -p, --pubkey <file>           SubjectPublicKeyInfo of the signer (PEM or DER)
      --association-token <n>   an integer, or none
      --form <form>             der, hex, base64 or pem (default hex on stdout, der with -o)
  -o, --output <file>           write the signed request to a file (checked before any work)
      --json                    print {"valid": bool, "reason": string, "detail"?: string,
                                "signedSuffix"?: "token" | "token-zero" | "none"}; reason
                                is "valid" when valid (the same word as sgp32 cert verify)

Exit codes: 0 valid (signed), 1 invalid (bad-signature, signature-not-raw,
bad-signature-length, association-token-mismatch, wrong-key, not-signed, ...),
2 usage error or unreadable input.
`,
  bpp: BPP_HELP,
  pki: PKI_HELP,
  euicc: EUICC_HELP,
  ipa: IPA_HELP,
  main: `sgp32 — GSMA SGP.32 (IoT eSIM) messages on the command line

Usage: sgp32 <command> [options]

Commands:
  decode [<file>|-]     decode a message (DER, hex, base64 or PEM) to JSON or an annotated tree
  encode [<file>|-]     encode a message from its JSON (X.697 JER) form to DER
  detect [<file>...]    list the types the bytes could be, best first, and why
  validate <path>...    check dumps (files, folders, globs) for CI, with JSON/JUnit reports
  types                 list the ASN.1 types of the five modules
  demo                  an end-to-end run on data the demo makes itself
  cert show|verify      show GSMA certificates, or validate a chain against a CI
  eim <sub-command>     sign and verify eUICC Packages, verify eUICC package results
  bpp <inspect|open|build>  Bound Profile Packages: structure, verify and decrypt, build
  pki init              a test PKI (CI, EUM, eUICC, SM-DP+, eIM certificates and keys)
  euicc <init|exec|apdu|show>  a virtual eUICC on a JSON state file
  ipa <run|fleet>       an IPA (or a fleet of them) polling an eIM over ESipa
  help [<command>]      this text, or a command's

Global options:
  -h, --help            help (also after a command: sgp32 decode --help)
  -V, --version         print the version
      --debug           print the stack trace of errors

Exit codes: 0 success, 1 bad data (decode error, invalid dump), 2 bad command line,
70 internal error (please report it with the version printed).
`,
  decode: `Usage: sgp32 decode [<file>...|-] [options]

Decodes messages. The input may be binary DER, hex (spaces, colons and a 0x prefix
allowed), base64 or PEM; without --type the type is found from the outer tag (every
top-level message of ESipa, ES9+, ES10x, eUICC packages and results, Bound Profile
Packages, certificates, UPPs); the choice, any other fitting types (ambiguous when they
fit equally well) and every unknown component are reported on stderr. Bytes that fit only
types that are not messages (a key, a bare SEQUENCE) need --type. Each block of a PEM file is
decoded in turn; CERTIFICATE and X509 CRL labels name the type, key labels are refused.
A pcap or pcapng capture stands for the SGP.32/SGP.22 payloads it carries (HTTP
bodies, JSON members, CoAP), each decoded in turn. A trailing APDU status word (90 00,
61 xx, 91 xx) is named on stderr and left out. With --in apdu the input is an APDU trace
(text, one APDU per line: hex marked > / <, TX / RX or C: / R:, unmarked hex in turn, or
the JSON lines of sgp32 euicc apdu --json): the ES10 commands are put back together from
their STORE DATA blocks and GET RESPONSE parts, per channel, a Bound Profile Package from
its series, and each command and answer is decoded in turn. Output is written as it is
made: a profile of any size decodes in bounded memory.

Options:
${TYPE_HELP}
${ASN1_HELP}
      --tag <hex>       with --type: the dump is that type under an implicit context tag,
                        e.g. --type PendingNotificationList --tag A0 (as it travels)
  -i, --in <form>       auto (default), der, hex, base64, pem, or apdu (an APDU trace)
  -f, --format <fmt>    jer (default): X.697 JSON; tree: one line per TLV with offset, tag,
                        length, ASN.1 name and value; tree-json: the tree as JSON, each node
                        { offset, header, tag, tagName, length, name, type, value, children }
      --color <when>    tree: auto (default: on a terminal, unless NO_COLOR is set),
                        always or never
      --lenient         accept BER (indefinite lengths, long-form lengths, …) and report
                        each deviation on stderr
      --full            tree: show long OCTET STRING values in full
  -o, --output <file>   write the result to a file instead of stdout (its folder must exist)
  -q, --quiet           no note on stderr about the detected type

Several messages (several files, or a capture): the trees one after another, each under a
"# <source>: <type>" line; JSON as one array of { source, type, value | error } (tree-json:
{ source, type, nodes }). A dump refused whole (a key, not a message) has type null and its
error; in a tree, its "# <source>" line and "!<code>: <detail>".

Exit codes: 0 decoded, 1 decode error (one line on stderr: code, offset, path; with
--format tree the tree is still printed, the failing node marked with !), 2 usage error
(also a FIFO or device given as a file, an -o folder that does not exist).
`,
  encode: `Usage: sgp32 encode --type <T> [<file>|-] [options]

Encodes a value given in its X.697 JSON (JER) form — as \`sgp32 decode\` prints it — in DER.

Options:
${TYPE_HELP.replace('Default: found from the outer tag.', 'Required.')}
${ASN1_HELP}
      --form <form>     the output form: der, hex, base64 or pem. Default: der, or hex
                        when writing to a terminal.
  -o, --output <file>   write to a file instead of stdout

Exit codes: 0 encoded, 1 the JSON does not fit the type, 2 usage error.
`,
  detect: `Usage: sgp32 detect [<file>...|-] [options]

Lists every type whose encoding can start with the outer tag of the bytes, best first: those
that decode completely (fewest unknown extensions, then types with a tag of their own before
CHOICE wrappers, then the one that explains more values, then by module: --asn1 modules,
SGP32Definitions, RSPDefinitions, PEDefinitions, PKIX), then those that do not, each with
the reason.

Options:
  -i, --in <form>       auto (default), der, hex, base64 or pem
${ASN1_HELP}
      --lenient         accept BER
      --all             list every candidate (default: at most 8 that decode, 5 lines in all)
      --json            machine-readable output (an array when several files are given)

Exit codes: 0 some type fits (every file), 1 none does, 2 usage error.
`,
  validate: `Usage: sgp32 validate <path|glob>... [options]

Checks message dumps: each must decode completely as its type in strict DER with every
constraint holding, with no component this version does not know, and re-encode to the same
bytes. Without --type the type must be a message (a type with a tag of its own such as BF51,
a CHOICE of those, a certificate, a CRL or a UPP); equal fits are all named (ambiguous).
PEM labels CERTIFICATE and X509 CRL name the type; a key is never a message; each block of a
PEM file gets its own verdict. Folders are walked
recursively; files ending .der .bin .hex .b64 .pem .txt are taken from folders and globs
(a file named explicitly is always taken). Globs: * and ? within a path segment, ** for any
number of segments; quote them so that the shell does not expand them.

Options:
${TYPE_HELP}
${ASN1_HELP}
      --lenient         accept BER; each deviation becomes a diagnostic instead of a failure
      --allow-unknown   accept unknown components and alternatives (listed either way)
  -r, --report <fmt>    json or junit: a report for CI systems (to stdout, or to -o)
      --json            the same as --report json
  -o, --output <file>   where the report goes
  -j, --jobs <n>        worker threads (default 1)
  -v, --verbose         also list the valid dumps

The summary counts dumps (each PEM block is one); the JSON report's summary has files, valid
and invalid per file (a file is valid when all its blocks are), and dumps, validDumps and
invalidDumps per verdict. A progress line is shown on a terminal for batches of 20 files or more.
Exit codes: 0 all dumps valid, 1 some invalid (or none found), 2 usage error.
`,
  types: `Usage: sgp32 types [--module <M>] [options]

Lists the types: qualified name, outer tag(s) and kind.

Options:
  -m, --module <M>      only this module (name or namespace: Sgp32, Rsp, Saip, Pkix,
                        PkixImplicit, or a module of --asn1)
${ASN1_HELP}
      --json            machine-readable output
`,
  demo: `Usage: sgp32 demo [--dir <folder>]

Runs the end-to-end story on data it makes itself and prints each step: an eIM builds an
eUICC package (enable a profile, list profiles), encodes it, shows its tree, decodes it back,
the eUICC side answers with a package result, and a folder of dumps is validated.

Options:
      --dir <folder>    where to write the demo dumps (default: a new temporary folder)
`,
  help: `Usage: sgp32 help [<command>]
`,
  cert: CERT_HELP,
};
