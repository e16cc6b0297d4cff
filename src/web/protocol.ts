/**
 * The messages between the decoder page (src/web/decoder.ts) and its worker
 * (src/web/worker.ts). The worker holds the library and does all the decoding; the page only
 * draws what it is sent, so a big input never blocks the page.
 *
 * @module
 */
import type { TreeNode } from '../inspect/tree.js';
import type { PageVerdict } from './engine.js';

/** A summary of a certificate for the page's certificate panel. */
export interface CertPanel {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly role: string | null;
  readonly eid: string | null;
  readonly curve: string | null;
  readonly serialNumber: string;
  /** SHA-256 of the DER, hex. */
  readonly fingerprint: string;
  readonly problems: readonly string[];
}

/** One row of a capture's payload list. */
export interface PayloadRow {
  readonly frame: number;
  readonly carrier: string;
  readonly direction: string;
  readonly endpoints: string;
  readonly message: string;
  readonly tag: string;
  readonly type: string;
  readonly bytes: number;
}

/** Page → worker. */
export type ToWorker =
  | { readonly kind: 'decode'; readonly id: number; readonly data: Uint8Array; readonly form: string; readonly type: string; readonly lenient: boolean }
  | { readonly kind: 'payload'; readonly id: number; readonly index: number; readonly type: string; readonly lenient: boolean }
  | { readonly kind: 'jer'; readonly id: number; readonly maxChars: number }
  | { readonly kind: 'verify'; readonly id: number; readonly key: Uint8Array; readonly associationToken?: number };

/** Worker → page. */
export type FromWorker =
  | { readonly kind: 'ready'; readonly types: readonly string[] }
  /** A decode started: the bytes (for the hex view) and the capture list when the input is a capture. */
  | { readonly kind: 'start'; readonly id: number; readonly bytes: Uint8Array; readonly form: string; readonly capture?: { readonly summary: string; readonly rows: readonly PayloadRow[] } }
  /** The verdict, known before the tree is walked. */
  | (Omit<PageVerdict, 'bytes' | 'form'> & {
      readonly kind: 'verdict';
      readonly id: number;
      /** The worker's own decode time of the bytes (read, detect, decode), in ms. */
      readonly decodeMs: number;
      readonly cert?: CertPanel;
      /** The signature this message carries and the key it needs, when the page can check it. */
      readonly signature?: { readonly what: string; readonly needs: string };
    })
  /** A batch of tree nodes in document order; `done` is the offset reached. */
  | { readonly kind: 'nodes'; readonly id: number; readonly nodes: readonly TreeNode[]; readonly done: number; readonly total: number }
  | { readonly kind: 'end'; readonly id: number; readonly nodeCount: number; readonly treeMs: number }
  | { readonly kind: 'jer'; readonly id: number; readonly text: string; readonly truncated: boolean }
  | { readonly kind: 'verified'; readonly id: number; readonly valid: boolean; readonly detail: string }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
