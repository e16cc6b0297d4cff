/** Types of scripts/build-web.mjs for the TypeScript tests that import it. */
export interface BuiltPage {
  outDir: string;
  html: string;
  script: string;
  scriptBytes: number;
}
/** Writes `index.html` and `decoder.js` into `outDir` (default docs/decoder). */
export function buildDecoderPage(options?: { outDir?: string; minify?: boolean; apiHref?: string }): Promise<BuiltPage>;
