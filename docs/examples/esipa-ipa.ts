// An IPA polling its eIM (docs/guides/esipa.md). Run: npx tsx docs/examples/esipa-ipa.ts http://127.0.0.1:8080 json
import { esipaClient } from 'sgp32/node';

const [url = 'http://127.0.0.1:8080', binding = 'asn1'] = process.argv.slice(2);
const eim = esipaClient(url, { binding: binding === 'json' ? 'json' : 'asn1', timeoutMs: 10_000 });
const eidValue = Uint8Array.from(Buffer.from('89049032123451234512345678901235', 'hex'));

for (;;) {
  const pkg = await eim.getEimPackage({ eidValue });
  if (pkg.$case === 'eimPackageError') {
    console.log(`IPA: nothing to do (eimPackageError ${pkg.value})`);
    break;
  }
  if (pkg.$case !== 'ipaEuiccDataRequest') {
    console.log(`IPA: ${pkg.$case} goes to the eUICC (ES10b), not shown here`);
    break;
  }
  // A real IPA reads the items of tagList from the eUICC; this one knows the answer.
  const { eimTransactionId } = pkg.value;
  const ipaEuiccData = { defaultSmdpAddress: 'smdp.example.com', ...(eimTransactionId ? { eimTransactionId } : {}) };
  const ack = await eim.provideEimPackageResult({
    eidValue,
    eimPackageResult: { $case: 'ipaEuiccDataResponse', value: { $case: 'ipaEuiccData', value: ipaEuiccData } },
  });
  console.log(`IPA: answered tags ${Buffer.from(pkg.value.tagList).toString('hex')} over ${binding}, eIM says ${ack.$case}`);
}
