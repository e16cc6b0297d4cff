// An eIM serving ESipa on both HTTP bindings (docs/guides/esipa.md). Run: npx tsx docs/examples/esipa-eim.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEsipaHandler, type EsipaHandlers } from 'sgp32/node';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
// Work waiting per EID: here one question, "what is your default SM-DP+ address?" (tag 81).
const queue = new Map([['89049032123451234512345678901235', [{ tagList: Uint8Array.of(0x81), eimTransactionId: Uint8Array.of(1, 2, 3, 4) }]]]);

const handlers: EsipaHandlers = {
  onGetEimPackage({ eidValue }) {
    const next = queue.get(hex(eidValue))?.shift();
    if (next === undefined) return { $case: 'eimPackageError', value: 1 }; // noEimPackageAvailable
    return { $case: 'ipaEuiccDataRequest', value: next };
  },
  onProvideEimPackageResult({ eidValue, eimPackageResult: r }, { binding }) {
    if (r.$case === 'ipaEuiccDataResponse' && r.value.$case === 'ipaEuiccData') {
      console.log(`eIM: ${hex(eidValue ?? new Uint8Array())} (${binding}) uses SM-DP+ ${r.value.value.defaultSmdpAddress}`);
    }
    return { $case: 'emptyResponse', value: {} };
  },
  onHandleNotification(notification) {
    console.log(`eIM: notification ${notification.$case}`); // forward to its notificationAddress (ES9+)
  },
};

const server = createServer(createEsipaHandler(handlers, { maxBodyBytes: 256 * 1024, onError: (e) => console.error(`eIM: ${String(e)}`) }));
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`eIM: listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
