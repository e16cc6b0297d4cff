/**
 * Runnable example of docs/guides/bpp.md: an SM-DP+ binds a profile to one eUICC, an IPA cuts
 * the package into ES10b blocks, the eUICC opens it block by block; then a corrupted package.
 *
 * Run it with: npm run build && npx tsx docs/examples/bpp.ts
 * (test/rsp/bpp/example.test.ts runs it and checks its output, so this file cannot rot.)
 */
import { defaultProvider } from 'sgp32/crypto';
import { nodeProvider } from 'sgp32/node';
import { buildBpp, createBppOpener, es10bSegments, inspectBpp, openBpp } from 'sgp32/rsp';

// --- What each side holds -------------------------------------------------------------------
// eUICC: a one-time key pair made for this download (PrepareDownload), and its EID.
const euiccOneTime = defaultProvider.generateKeyPair('P-256');
const eid = '89049032123451234512345678901235';
// SM-DP+: the CERT.DPpb private key (here a fresh one; its public key is what the eUICC gets
// in the certificate), the profile (UPP) and its metadata. It learnt euiccOtpk and the EID from
// the eUICC during the session.
const dppb = defaultProvider.generateKeyPair('P-256');
// A profile is a run of ProfileElements ending with its End element (tag AA): here four
// 1,000-byte stand-ins, one of 998, then End. The opener refuses a profile without it.
const upp = new Uint8Array(5000);
for (let i = 0; i < 4; i++) upp.set([0xa0, 0x82, 0x03, 0xe4, ...new Uint8Array(996).fill(i)], i * 1000);
upp.set([0xa0, 0x82, 0x03, 0xe2, ...new Uint8Array(994).fill(4)], 4000);
upp.set([0xaa, 0x00], 4998);
const transactionId = defaultProvider.randomBytes(16);

// --- SM-DP+: bind the profile ---------------------------------------------------------------
const built = buildBpp({
  upp,
  metadata: { iccid: Uint8Array.from([0x98, 0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x14]), serviceProviderName: 'Example Operator', profileName: 'IoT profile' },
  transactionId,
  eid,
  euiccOtpk: euiccOneTime.publicKey,
  curve: 'P-256',
  smdpSigner: dppb.privateKey,
  provider: nodeProvider, // OpenSSL on a server; defaultProvider also works (and in browsers)
});
console.log(`built: ${built.bpp.length} bytes, ${built.counts.sequenceOf86} profile segments`);

// --- Anyone: look inside without keys ------------------------------------------------------
const info = inspectBpp(built.bpp);
console.log(`inspect: ${info.groups.map((g) => `${g.group}=${g.count}`).join(' ')}, wrapping ${info.wrapping}`);

// --- IPA → eUICC: ES10b blocks, opened as they arrive ----------------------------------------
const opener = createBppOpener({ euiccOtsk: euiccOneTime.privateKey, eid, smdpPublicKey: dppb.publicKey });
let profileBytes = 0;
for (const block of es10bSegments(built.bpp)) {
  for (const ev of opener.push(block)) {
    if (ev.type === 'initialise-secure-channel') console.log(`smdpSign ${ev.signature}`);
    if (ev.type === 'store-metadata') console.log(`metadata: ${ev.value.profileName} by ${ev.value.serviceProviderName}`);
    if (ev.type === 'segment' && ev.report.group === 'sequenceOf86') profileBytes += ev.plaintext.length; // install it
  }
}
const verdict = opener.end();
console.log(`stream: ${verdict.ok ? 'ok' : verdict.failure.reason}, ${profileBytes} profile bytes`);

// --- A corrupted package: the failure names the segment ----------------------------------------
const damaged = built.bpp.slice();
damaged[damaged.length - 20] ^= 0xff;
const res = openBpp(damaged, { euiccOtsk: euiccOneTime.privateKey, eid });
console.log(res.ok ? 'opened?!' : `damaged: ${res.failure.reason} at segment ${res.failure.segment} (${res.failure.group}[${res.failure.indexInGroup}])`);
