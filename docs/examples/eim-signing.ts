/**
 * Runnable example of docs/guides/signing.md: an eIM signs an eUICC Package, a simulated eUICC
 * checks it and answers with a signed result, the eIM verifies the result; then a replay.
 *
 * Run it with: npm run build && npx tsx docs/examples/eim-signing.ts
 * (test/rsp/examples.test.ts runs it and checks its output, so this file cannot rot.)
 */
import { EuiccPackageSigned, nobleProvider, exportPrivateKeyPem, exportPublicKeyDer, SubjectPublicKeyInfo } from 'sgp32';
import { checkEuiccPackageRequest, signEuiccPackage, signEuiccPackageResult, verifyEuiccPackageRequest, verifyEuiccPackageResult } from 'sgp32/rsp';

// Keys. A real eIM loads its PEM key and the eUICC's certificate; here we make fresh ones.
const eimKeys = nobleProvider.generateKeyPair('P-256');
const euiccKeys = nobleProvider.generateKeyPair('brainpoolP256r1');
const eimPrivateKeyPem = exportPrivateKeyPem(eimKeys.privateKey); // what would be on disk

// What the eUICC stores for this eIM (EimConfigurationData): its key as SubjectPublicKeyInfo,
// the associationToken the eUICC returned at association time, and the replay counter.
const eimPublicKeyData = { $case: 'eimPublicKey' as const, value: SubjectPublicKeyInfo.decode(exportPublicKeyDer(eimKeys.publicKey)) };
const associationToken = 1;
let storedCounter = 41;
const eid = '89049032123451234512345678901235';

// 1. The eIM signs a package: enable one profile.
const euiccPackageSigned: EuiccPackageSigned = {
  eimId: 'eim.example.com',
  eidValue: Uint8Array.from(Buffer.from(eid, 'hex')),
  counterValue: 42,
  eimTransactionId: Uint8Array.from([0x01, 0x02, 0x03, 0x04]),
  euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: Uint8Array.from(Buffer.from('989444999999990920f3', 'hex')) } }] },
};
const { bytes } = signEuiccPackage({ euiccPackageSigned, privateKey: eimPrivateKeyPem, associationToken });
console.log(`signed EuiccPackageRequest: ${bytes.length} bytes, starts ${Buffer.from(bytes.subarray(0, 2)).toString('hex')}`);

// 2. Anyone holding the eIM key material can verify it (here: the EimConfigurationData form).
const verdict = verifyEuiccPackageRequest(bytes, { eimPublicKeyData, associationToken });
console.log(`eimSignature valid: ${verdict.valid}`);

// 3. The eUICC (simulator) applies its checks: eimId known, signature, EID, counter.
const eims = () => [{ eimId: 'eim.example.com', eimPublicKeyData, associationToken, counterValue: storedCounter }];
const check = checkEuiccPackageRequest(bytes, { eid, eims: eims() });
if (!check.accepted) throw new Error(`refused: ${check.rule}`);
storedCounter = check.counterValue;
console.log(`eUICC accepted the package; counter now ${storedCounter}`);

// 4. The eUICC answers with a signed result, bound to the same associationToken.
const { bytes: resultBytes } = signEuiccPackageResult({
  euiccPackageResultDataSigned: { eimId: 'eim.example.com', counterValue: 42, eimTransactionId: euiccPackageSigned.eimTransactionId, seqNumber: 7, euiccResult: [{ $case: 'enableResult', value: 0 }] },
  privateKey: euiccKeys.privateKey,
  associationToken,
});
const resultVerdict = verifyEuiccPackageResult(resultBytes, { publicKey: euiccKeys.publicKey, associationToken });
console.log(`euiccSignEPR valid: ${resultVerdict.valid} (${resultVerdict.kind})`);

// 5. The same package again is a replay.
const replay = checkEuiccPackageRequest(bytes, { eid, eims: eims() });
console.log(`replayed package: ${replay.accepted ? 'accepted' : `refused by rule ${replay.rule}, ${'errorCode' in replay ? replay.errorCode : ''}`}`);

// 6. A wrong associationToken does not verify.
console.log(`with token 2: ${JSON.stringify(verifyEuiccPackageRequest(bytes, { eimPublicKeyData, associationToken: 2 }).valid)}`);
