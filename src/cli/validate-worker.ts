/**
 * Worker thread of `sgp32 validate --jobs N`: receives batches of file paths, answers with
 * their verdicts.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validateFile, type FileValidationOptions } from './validate-file.js';

const options = workerData as FileValidationOptions & { debug?: boolean };
// Decoding errors are expected results here; capturing their stacks only costs time.
if (!options.debug) Error.stackTraceLimit = 0;
parentPort!.on('message', (msg: { batch: number; files: string[] }) => {
  parentPort!.postMessage({ batch: msg.batch, results: msg.files.map((f) => validateFile(f, options)) });
});
