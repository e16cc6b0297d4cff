/**
 * Validation of one dump file, shared by the main thread and the worker threads of
 * `sgp32 validate`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { validateDump, type Verdict } from '../inspect/validate.js';
import { registryArg } from './type-arg.js';

/** Options handed to every worker. */
export interface FileValidationOptions {
  readonly type?: string;
  readonly lenient: boolean;
  readonly allowUnknown?: boolean;
  /** `--asn1` files: modules compiled at run time beside the five (each worker compiles them once). */
  readonly asn1?: readonly string[];
}

/** A verdict for one file, with its path and the time it took; `ioError` when it could not be read. */
export interface FileResult extends Verdict {
  readonly file: string;
  readonly ms: number;
  readonly ioError?: boolean;
  /** Size of the file as stored (before hex/base64/PEM decoding). */
  readonly fileBytes: number;
}

/** Reads and validates one file; never throws for bad data or an unreadable file. */
export function validateFile(file: string, options: FileValidationOptions): FileResult {
  const t0 = performance.now();
  let data: Uint8Array;
  try {
    const buf = readFileSync(file);
    data = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      file, ms: performance.now() - t0, ioError: true, fileBytes: 0, valid: false, detected: false, bytes: 0, diagnostics: [], unknown: [],
      error: { code: 'io-error', message: `cannot read the file (${code})` },
    };
  }
  return validateData(file, data, options, t0);
}

/** Validates the bytes of one dump named `file` (standard input is `-`). */
export function validateData(file: string, data: Uint8Array, options: FileValidationOptions, t0 = performance.now()): FileResult {
  const registry = registryArg('validate', options.asn1);
  const verdict = validateDump(data, { type: options.type, lenient: options.lenient, allowUnknown: options.allowUnknown ?? false, registry });
  return { ...verdict, file, fileBytes: data.length, ms: performance.now() - t0 };
}
