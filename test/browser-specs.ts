/**
 * The spec files the `chromium` project of vitest.config.ts runs again inside Chromium (all of
 * test/**\/*.test.ts run under Node). A spec can be listed when nothing it imports needs node:*
 * once helpers with an `X.browser.ts` sibling are swapped for it (see the README's contributor
 * notes); test/architecture/browser-specs.test.ts checks that, and that each file exists.
 */
export const BROWSER_SPECS: readonly string[] = [
  'test/compiler/fixtures.test.ts',
  'test/compiler/lexer.test.ts',
  'test/compiler/parser.test.ts',
  'test/crypto/arguments.test.ts',
  'test/crypto/independent-verify.test.ts',
  'test/crypto/range-bytes.test.ts',
  'test/crypto/signature-form.test.ts',
  'test/crypto/vectors.test.ts',
  'test/crypto/wycheproof.test.ts',
  'test/der/bits-named.test.ts',
  'test/der/encode-top.test.ts',
  'test/der/errors.test.ts',
  'test/der/extensibility.test.ts',
  'test/der/registry.test.ts',
  'test/der/strings.test.ts',
  'test/der/value-shape.test.ts',
  'test/esipa/vectors.test.ts',
  'test/inspect/capture.test.ts',
  'test/pki/generated-pki.test.ts',
  'test/pki/rejections.test.ts',
  'test/pki/robustness.test.ts',
  'test/pki/sgp26.test.ts',
  'test/pki/signature-flip.test.ts',
  'test/pki/units.test.ts',
  'test/rsp/association-token.test.ts',
  'test/rsp/authenticate-server-response.test.ts',
  'test/rsp/authentication.test.ts',
  'test/rsp/bpp/arguments.test.ts',
  'test/rsp/bpp/roundtrip.test.ts',
  'test/rsp/bpp/tamper.test.ts',
  'test/rsp/bpp/vectors.test.ts',
  'test/rsp/esipa-messages.test.ts',
  'test/rsp/euicc-results.test.ts',
  'test/rsp/notifications.test.ts',
  'test/rsp/real-vectors.test.ts',
  'test/vectors/real-data.test.ts',
];
