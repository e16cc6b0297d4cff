/** Types of scripts/bundle-lib.mjs for the TypeScript tests that import it. */
export const root: string;
export interface BrowserBundle {
  bytes: number;
  gzip: number;
  text: string;
  inputs: string[];
  nodeImports: { module: string; importer: string }[];
}
export function packageSubpaths(): string[];
export function bundleForBrowser(code: string): Promise<BrowserBundle>;
export function reportedBundles(): { name: string; what: string; code: string }[];
export function bundleFileForBrowser(file: string): Promise<BrowserBundle>;
