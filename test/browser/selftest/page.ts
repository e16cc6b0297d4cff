/**
 * Entry of the self-test page: exposes `window.sgp32SelfTest.run(input)`, which runs the
 * checks of ./checks.ts in the browser, lists the outcome on the page and returns the report.
 */
import { runSelfTest, type SelfTestInput, type SelfTestReport } from './checks.js';

declare global {
  interface Window {
    sgp32SelfTest?: { run(input: SelfTestInput): SelfTestReport };
  }
}

function render(report: SelfTestReport): void {
  const out = document.getElementById('out');
  if (!out) return;
  out.textContent = '';
  const head = document.createElement('h2');
  head.textContent = `${report.passed} passed, ${report.failed} failed`;
  head.className = report.failed ? 'bad' : 'good';
  out.appendChild(head);
  const list = document.createElement('ul');
  for (const r of report.results) {
    const li = document.createElement('li');
    li.className = r.pass ? 'good' : 'bad';
    li.textContent = `${r.pass ? 'PASS' : 'FAIL'} [${r.group}] ${r.name}${r.detail ? ` — ${r.detail}` : ''}`;
    list.appendChild(li);
  }
  out.appendChild(list);
}

window.sgp32SelfTest = {
  run(input) {
    const report = runSelfTest(input);
    render(report);
    return report;
  },
};
document.body.dataset.ready = 'true';
