/**
 * The browser decoder page (docs/decoder/index.html): paste hex / base64 / PEM or drop a file,
 * see the annotated tree beside a hex view, pick a payload out of a pcap/pcapng capture, share
 * the input in the URL fragment. Everything runs in the page; nothing is sent anywhere.
 *
 * The library runs in a Web Worker (src/web/worker.ts): it decodes and sends the tree in
 * batches, and this script only draws. The tree and the hex view are virtualized: only the
 * rows in view are in the DOM, so a profile of a million TLVs scrolls like a short message.
 *
 * Bundled by scripts/build-web.mjs into one classic script (IIFE) with the worker's bundle
 * inside as text, started from a blob: URL, so that the page also works from file:// (where
 * browsers refuse module scripts and workers loaded by path).
 *
 * @module
 */
import type { TreeNode } from '../inspect/tree.js';
import type { FromWorker, PayloadRow, ToWorker } from './protocol.js';
import { MAX_SHARE_BYTES, readShareFragment, shareFragment } from './share.js';
import { tagHex, toHex } from '../der/bytes.js';

/** The worker's bundle, put here as text by scripts/build-web.mjs. */
declare const __SGP32_WORKER__: string;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`decoder page: element #${id} is missing`);
  return el as T;
};

/** Row heights of the virtualized views, in CSS pixels (the stylesheet sets the same). */
const TREE_ROW = 20;
const HEX_ROW = 18;
/** Rows drawn beyond each edge of the view, so that a fast scroll shows no blank. */
const OVERSCAN = 20;
/** Typing pauses this long before the input is decoded again. */
const DEBOUNCE_MS = 300;
/** Longest JER text shown on the page (the CLI writes any size). */
const MAX_JER_CHARS = 4_000_000;

interface Tree {
  nodes: TreeNode[];
  /** Per node: the index after its last descendant. */
  ends: number[];
  /** Per node: its parent's index, -1 at the top. */
  parents: number[];
  /** Open ancestors while nodes arrive (indices). */
  open: number[];
  collapsed: Set<number>;
  /** Indices of the rows shown, in order; rebuilt when `dirty`. */
  visible: Int32Array;
  dirty: boolean;
  selected: number;
  /** Search: matching indices, the current one, and whether only they (and their ancestors) are shown. */
  matches: number[];
  match: number;
  filter: boolean;
  query: string;
}

function emptyTree(): Tree {
  return { nodes: [], ends: [], parents: [], open: [], collapsed: new Set(), visible: new Int32Array(0), dirty: true, selected: -1, matches: [], match: -1, filter: false, query: '' };
}

interface PageState {
  /** Raw input: the pasted text's UTF-8 or a file's bytes (what `form` applies to). */
  data: Uint8Array;
  /** The bytes decoded (after the input form), for the hex view and the share link. */
  bytes: Uint8Array;
  tree: Tree;
  /** Id of the request whose answers are drawn; answers to older ones are dropped. */
  id: number;
  busy: boolean;
  decoded: boolean;
  /** Highlighted byte ranges of the hex view: [start, headerEnd, end] per class. */
  marks: Map<string, [number, number, number]>;
  worker: Worker | null;
  types: string[];
  t0: number;
  firstRowsMs: number;
  capture: boolean;
}

const state: PageState = {
  data: new Uint8Array(0), bytes: new Uint8Array(0), tree: emptyTree(), id: 0, busy: false, decoded: false, marks: new Map(), worker: null, types: [], t0: 0, firstRowsMs: -1, capture: false,
};

/** Timings of the last decode, read by the page benchmark (bench/page.ts). */
const timings: { firstRowsMs: number; fullTreeMs: number; workerDecodeMs: number; nodes: number } = { firstRowsMs: -1, fullTreeMs: -1, workerDecodeMs: -1, nodes: 0 };
(window as unknown as { sgp32Timings: typeof timings }).sgp32Timings = timings;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const offHex = (n: number): string => '0x' + n.toString(16).toUpperCase();

function nodeEnd(n: TreeNode): number {
  return n.offset + n.headerLength + n.length + (n.indefinite ? 2 : 0);
}

function setStatus(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

// ---------------------------------------------------------------------------------------------
// Worker

function startWorker(): Worker {
  const url = URL.createObjectURL(new Blob([__SGP32_WORKER__], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.onmessage = (ev: MessageEvent<FromWorker>) => onWorker(ev.data);
  w.onerror = (ev) => {
    setStatus(`the decoder stopped: ${ev.message}`, 'error');
    state.busy = false;
  };
  return w;
}

function send(m: ToWorker): void {
  state.worker ??= startWorker();
  state.worker.postMessage(m);
}

/** Starts a decode, stopping one in progress (a worker busy with a big input is replaced). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function request(m: WithoutId<Extract<ToWorker, { kind: 'decode' | 'payload' }>>): void {
  if (state.busy && state.worker) {
    state.worker.terminate();
    state.worker = null;
  }
  state.id++;
  document.body.dataset.request = String(state.id);
  state.busy = true;
  state.t0 = performance.now();
  state.firstRowsMs = -1;
  timings.firstRowsMs = timings.fullTreeMs = timings.workerDecodeMs = -1;
  timings.nodes = 0;
  send({ ...m, id: state.id } as ToWorker);
  setStatus('decoding…');
  showProgress(0);
}

function onWorker(m: FromWorker): void {
  if (m.kind === 'ready') {
    if (state.types.length === 0) fillTypes(m.types);
    return;
  }
  if (m.id !== state.id) return;
  switch (m.kind) {
    case 'start':
      state.bytes = m.bytes;
      state.tree = emptyTree();
      state.marks.clear();
      state.decoded = false;
      $('selection-text').textContent = '';
      ($('copy-value') as HTMLButtonElement).disabled = true;
      ($('copy-hex') as HTMLButtonElement).disabled = true;
      hideResultPanels();
      if (m.capture) showCapture(m.capture.summary, m.capture.rows);
      $('bytes-info').textContent = `${m.bytes.length} bytes (${m.form})`;
      renderHexSize();
      scheduleRender();
      updateShare();
      break;
    case 'verdict':
      showVerdict(m);
      break;
    case 'nodes':
      addNodes(m.nodes);
      showProgress(m.total ? m.done / m.total : 1);
      if (state.firstRowsMs < 0 && state.tree.nodes.length > 0) {
        state.firstRowsMs = performance.now() - state.t0;
        timings.firstRowsMs = state.firstRowsMs;
      }
      scheduleRender();
      break;
    case 'end':
      state.busy = false;
      timings.fullTreeMs = performance.now() - state.t0;
      timings.nodes = m.nodeCount;
      showProgress(-1);
      $('tree-info').textContent = `${m.nodeCount} nodes`;
      if (state.tree.query) runSearch(state.tree.query, false);
      renderNow();
      document.body.dataset.decoded = String(state.id);
      break;
    case 'jer':
      $('jer').textContent = m.text + (m.truncated ? `\n… (cut at ${MAX_JER_CHARS} characters; sgp32 decode writes all of it)` : '');
      break;
    case 'verified': {
      const r = $('verify-result');
      r.textContent = m.valid ? `valid: ${m.detail}` : `invalid: ${m.detail}`;
      r.className = m.valid ? 'ok' : 'error';
      break;
    }
    case 'failed':
      state.busy = false;
      showProgress(-1);
      setStatus(m.message, 'error');
      renderNow();
      document.body.dataset.decoded = String(state.id);
      break;
  }
}

function showProgress(fraction: number): void {
  const p = $('progress') as HTMLProgressElement;
  p.hidden = fraction < 0;
  if (fraction >= 0) p.value = fraction;
}

function hideResultPanels(): void {
  $('error').hidden = true;
  $('diagnostics').hidden = true;
  $('cert').hidden = true;
  $('verify').hidden = true;
  ($('jer-box') as HTMLDetailsElement).hidden = true;
  ($('jer-box') as HTMLDetailsElement).open = false;
  $('jer').textContent = '';
  $('verify-result').textContent = '';
}

function showVerdict(v: Extract<FromWorker, { kind: 'verdict' }>): void {
  timings.workerDecodeMs = v.decodeMs;
  const ok = v.type !== null && !v.error;
  state.decoded = ok;
  const parts: string[] = [];
  if (v.type === null) parts.push('no type found');
  else if (ok) parts.push(`${v.detected ? 'detected and decoded' : 'decoded as'} ${v.type}${v.via ? ` (${v.via})` : ''}`);
  else parts.push(`does not decode as ${v.type}${v.detected ? ' (the likeliest type)' : ''}`);
  if (v.alternatives.length) parts.push(`also fits: ${v.alternatives.slice(0, 4).join(', ')}${v.alternatives.length > 4 ? ', …' : ''}`);
  setStatus(parts.join(' · '), ok ? 'ok' : 'error');
  const errBox = $('error');
  errBox.textContent = '';
  if (v.error) {
    errBox.hidden = false;
    const off = v.error.offset;
    errBox.appendChild(el('strong', '', `Decode error${off !== undefined ? ` at byte ${offHex(off)}` : ''}`));
    if (v.error.path) errBox.appendChild(el('span', 'path', ` in ${v.error.path}`));
    errBox.appendChild(el('div', 'msg', `${v.error.detail} (${v.error.code})`));
    errBox.dataset.offset = off !== undefined ? String(off) : '';
    if (off !== undefined) {
      mark('err', off, 0, Math.min(off + 1, state.bytes.length));
      errBox.onclick = () => mark('err', off, 0, Math.min(off + 1, state.bytes.length), true);
    }
  }
  const diags = $('diagnostics');
  diags.textContent = '';
  diags.hidden = v.diagnostics.length === 0;
  for (const d of v.diagnostics) {
    const li = el('li', '', `byte ${offHex(d.offset)}: ${d.detail} (${d.code})`);
    li.addEventListener('click', () => mark('err', d.offset, 0, d.offset + 1, true));
    diags.appendChild(li);
  }
  ($('jer-box') as HTMLDetailsElement).hidden = !ok;
  if (v.cert) {
    const c = v.cert;
    const rows: [string, string][] = [
      ['subject', c.subject], ['issuer', c.issuer], ['valid', `${c.notBefore} – ${c.notAfter}`], ['role', c.role ?? '—'], ['EID', c.eid ?? '—'],
      ['curve', c.curve ?? '—'], ['serial', c.serialNumber], ['SHA-256', c.fingerprint], ...c.problems.map((p): [string, string] => ['problem', p]),
    ];
    const dl = $('cert-fields');
    dl.textContent = '';
    for (const [k, val] of rows) dl.append(el('dt', '', k), el('dd', '', val));
    $('cert').hidden = false;
  }
  if (v.signature) {
    $('verify-what').textContent = `This message carries ${v.signature.what}. Paste ${v.signature.needs} (PEM) to check it over the bytes received.`;
    $('verify').hidden = false;
  }
  scheduleRender();
}

// ---------------------------------------------------------------------------------------------
// Tree (virtualized)

function addNodes(batch: readonly TreeNode[]): void {
  const t = state.tree;
  for (const n of batch) {
    const i = t.nodes.length;
    while (t.open.length > n.depth) t.ends[t.open.pop()!] = i;
    t.nodes.push(n);
    t.parents.push(t.open.length ? t.open[t.open.length - 1] : -1);
    t.ends.push(i + 1);
    t.open.push(i);
  }
  // Ends of the nodes still open grow with each batch.
  for (const o of t.open) t.ends[o] = t.nodes.length;
  t.dirty = true;
}

function hasChildren(i: number): boolean {
  return state.tree.ends[i] > i + 1;
}

function rebuildVisible(): void {
  const t = state.tree;
  const out = new Int32Array(t.nodes.length);
  let k = 0;
  if (t.filter && t.query) {
    // Matches and their ancestors, in document order.
    const keep = new Uint8Array(t.nodes.length);
    for (const m of t.matches) for (let a = m; a >= 0 && !keep[a]; a = t.parents[a]) keep[a] = 1;
    for (let i = 0; i < keep.length; i++) if (keep[i]) out[k++] = i;
  } else {
    for (let i = 0; i < t.nodes.length; ) {
      out[k++] = i;
      i = t.collapsed.has(i) ? t.ends[i] : i + 1;
    }
  }
  t.visible = out.subarray(0, k);
  t.dirty = false;
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    if (renderQueued) renderNow();
  });
}

/** Draws the rows in view now (after a click, so that what the user sees follows at once). */
function renderNow(): void {
  renderQueued = false;
  renderTree();
  renderHex();
}

function renderTree(): void {
  const t = state.tree;
  if (t.dirty) rebuildVisible();
  const view = $('tree');
  const rows = $('tree-rows');
  $('tree-spacer').style.height = `${t.visible.length * TREE_ROW}px`;
  const first = Math.max(0, Math.floor(view.scrollTop / TREE_ROW) - OVERSCAN);
  const last = Math.min(t.visible.length, Math.ceil((view.scrollTop + view.clientHeight) / TREE_ROW) + OVERSCAN);
  rows.style.transform = `translateY(${first * TREE_ROW}px)`;
  const frag = document.createDocumentFragment();
  const matchSet = t.query ? new Set(t.matches) : undefined;
  for (let k = first; k < last; k++) frag.appendChild(treeRow(t.visible[k], matchSet));
  rows.replaceChildren(frag);
}

function treeRow(i: number, matches: Set<number> | undefined): HTMLElement {
  const t = state.tree;
  const n = t.nodes[i];
  const item = el('div', 'node');
  item.dataset.index = String(i);
  item.dataset.offset = String(n.offset);
  item.dataset.end = String(nodeEnd(n));
  item.dataset.header = String(n.headerLength);
  item.dataset.name = n.name;
  item.dataset.depth = String(n.depth);
  if (i === t.selected) item.classList.add('selected');
  if (matches?.has(i)) item.classList.add('match');
  if (n.error) item.classList.add('has-error');
  const row = el('div', 'line');
  row.style.paddingLeft = `${n.depth * 16}px`;
  const kids = hasChildren(i);
  if (kids && t.collapsed.has(i)) item.classList.add('collapsed');
  row.appendChild(el('span', 'twisty', kids ? (t.collapsed.has(i) ? '▸' : '▾') : ''));
  row.appendChild(el('span', 'name', n.name));
  if (n.type) row.appendChild(el('span', 'type', n.type));
  row.appendChild(el('span', 'tag', n.headerLength === 0 ? '--' : tagHex(n.tag)));
  row.appendChild(el('span', 'meta', `@${offHex(n.offset)} len ${n.length}${n.indefinite ? ' (indefinite)' : ''}`));
  if (n.value !== undefined) row.appendChild(el('span', 'value', n.value));
  if (n.note) row.appendChild(el('span', 'note', n.note));
  if (n.error) row.appendChild(el('span', 'err', `${n.error.code}: ${n.error.detail}`));
  row.title = `offset ${offHex(n.offset)}, header ${n.headerLength} bytes, content ${n.length} bytes`;
  row.tabIndex = -1;
  item.appendChild(row);
  return item;
}

function toggle(i: number, collapse?: boolean): void {
  const t = state.tree;
  if (!hasChildren(i)) return;
  const now = collapse ?? !t.collapsed.has(i);
  if (now) t.collapsed.add(i);
  else t.collapsed.delete(i);
  t.dirty = true;
  renderNow();
}

/** Collapses every node at `depth` or deeper that has children (Infinity: expand all). */
function expandToDepth(depth: number): void {
  const t = state.tree;
  t.collapsed.clear();
  for (let i = 0; i < t.nodes.length; i++) if (t.nodes[i].depth >= depth && hasChildren(i)) t.collapsed.add(i);
  t.dirty = true;
  renderNow();
}

/** Selects node i: opens its ancestors, scrolls it into view, marks its bytes. */
function select(i: number, scroll = true): void {
  const t = state.tree;
  if (i < 0 || i >= t.nodes.length) return;
  for (let a = t.parents[i]; a >= 0; a = t.parents[a]) {
    if (t.collapsed.delete(a)) t.dirty = true;
  }
  t.selected = i;
  if (t.dirty) rebuildVisible();
  const n = t.nodes[i];
  const end = nodeEnd(n);
  mark('sel', n.offset, n.headerLength, end, true);
  $('selection-text').textContent = `${n.name || n.type}: bytes ${offHex(n.offset)}–${offHex(end - 1)} (${end - n.offset} bytes)`;
  ($('copy-value') as HTMLButtonElement).disabled = n.value === undefined;
  ($('copy-hex') as HTMLButtonElement).disabled = false;
  if (scroll) {
    const k = visibleIndex(i);
    const view = $('tree');
    const top = k * TREE_ROW;
    if (top < view.scrollTop || top + TREE_ROW > view.scrollTop + view.clientHeight) view.scrollTop = Math.max(0, top - view.clientHeight / 3);
  }
  renderNow();
}

function visibleIndex(i: number): number {
  const v = state.tree.visible;
  let lo = 0;
  let hi = v.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v[mid] === i) return mid;
    if (v[mid] < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}

function treeClick(ev: MouseEvent): void {
  const item = (ev.target as HTMLElement).closest<HTMLElement>('.node');
  if (!item) return;
  const i = Number(item.dataset.index);
  if ((ev.target as HTMLElement).classList.contains('twisty')) toggle(i);
  else select(i, false);
  $('tree').focus({ preventScroll: true });
}

/** Arrow keys move through the visible rows, Left/Right fold and unfold, as in a file tree. */
function treeKey(ev: KeyboardEvent): void {
  const t = state.tree;
  if (t.nodes.length === 0) return;
  const k = t.selected < 0 ? -1 : visibleIndex(t.selected);
  const i = t.selected;
  if (ev.key === 'ArrowDown') select(t.visible[Math.min(t.visible.length - 1, k + 1)]);
  else if (ev.key === 'ArrowUp') select(t.visible[Math.max(0, k - 1)]);
  else if (ev.key === 'ArrowLeft' && i >= 0 && hasChildren(i) && !t.collapsed.has(i)) toggle(i, true);
  else if (ev.key === 'ArrowLeft' && i >= 0 && t.parents[i] >= 0) select(t.parents[i]);
  else if (ev.key === 'ArrowRight' && i >= 0 && t.collapsed.has(i)) toggle(i, false);
  else if (ev.key === 'Home') select(t.visible[0]);
  else if (ev.key === 'End') select(t.visible[t.visible.length - 1]);
  else return;
  ev.preventDefault();
}

// ---------------------------------------------------------------------------------------------
// Search

function nodeMatches(n: TreeNode, q: string): boolean {
  return (
    n.name.toLowerCase().includes(q) ||
    n.type.toLowerCase().includes(q) ||
    (n.value !== undefined && n.value.toLowerCase().includes(q)) ||
    (n.headerLength > 0 && tagHex(n.tag).toLowerCase() === q)
  );
}

/** Finds the nodes whose name, type, value or tag hold the query; `jump` selects the first. */
function runSearch(query: string, jump = true): void {
  const t = state.tree;
  t.query = query.trim().toLowerCase();
  t.matches = [];
  if (t.query) for (let i = 0; i < t.nodes.length; i++) if (nodeMatches(t.nodes[i], t.query)) t.matches.push(i);
  t.match = -1;
  t.dirty = true;
  $('search-info').textContent = t.query ? `${t.matches.length} match${t.matches.length === 1 ? '' : 'es'}` : '';
  if (jump && t.matches.length) nextMatch(1);
  else scheduleRender();
}

function nextMatch(step: 1 | -1): void {
  const t = state.tree;
  if (!t.matches.length) return;
  t.match = (t.match + step + t.matches.length) % t.matches.length;
  $('search-info').textContent = `${t.match + 1} of ${t.matches.length}`;
  select(t.matches[t.match]);
}

// ---------------------------------------------------------------------------------------------
// Hex view (virtualized)

function renderHexSize(): void {
  $('hex-spacer').style.height = `${Math.ceil(state.bytes.length / 16) * HEX_ROW}px`;
  $('hexpane').scrollTop = 0;
}

function markClass(i: number): string {
  let cls = '';
  for (const [name, [s, h, e]] of state.marks) {
    if (i >= s && i < e) cls = i < h ? `${name}-h` : name;
  }
  return cls;
}

function renderHex(): void {
  const bytes = state.bytes;
  const pane = $('hexpane');
  const rowsTotal = Math.ceil(bytes.length / 16);
  const first = Math.max(0, Math.floor(pane.scrollTop / HEX_ROW) - OVERSCAN);
  const last = Math.min(rowsTotal, Math.ceil((pane.scrollTop + pane.clientHeight) / HEX_ROW) + OVERSCAN);
  const view = $('hex');
  view.style.transform = `translateY(${first * HEX_ROW}px)`;
  const frag = document.createDocumentFragment();
  const width = Math.max(6, (bytes.length - 1).toString(16).length);
  for (let row = first; row < last; row++) {
    const line = el('div', 'row');
    line.appendChild(el('span', 'off', (row * 16).toString(16).padStart(width, '0')));
    const hexPart = el('span', 'bytes');
    const ascii = el('span', 'ascii');
    for (let i = row * 16; i < Math.min(row * 16 + 16, bytes.length); i++) {
      const cls = markClass(i);
      const b = el('span', cls ? `b ${cls}` : 'b', toHex(bytes.subarray(i, i + 1)));
      b.dataset.i = String(i);
      hexPart.appendChild(b);
      const a = el('span', cls ? `a ${cls}` : 'a', bytes[i] >= 32 && bytes[i] < 127 ? String.fromCharCode(bytes[i]) : '.');
      ascii.appendChild(a);
    }
    line.append(hexPart, ascii);
    frag.appendChild(line);
  }
  view.replaceChildren(frag);
}

/** Marks bytes [start, end) as `cls`, the first `header` of them as the TLV header; `scroll` brings them into view. */
function mark(cls: string, start: number, header: number, end: number, scroll = false): void {
  state.marks.set(cls, [start, start + header, end]);
  if (scroll) {
    const pane = $('hexpane');
    const top = Math.floor(start / 16) * HEX_ROW;
    if (top < pane.scrollTop || top + HEX_ROW > pane.scrollTop + pane.clientHeight) pane.scrollTop = Math.max(0, top - HEX_ROW * 2);
  }
  scheduleRender();
}

// ---------------------------------------------------------------------------------------------
// Copy

async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (file://, an old browser): copy from a selected field instead.
    const ta = el('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  $('copy-info').textContent = `${what} copied (${text.length} characters)`;
}

function selectedNode(): TreeNode | undefined {
  return state.tree.nodes[state.tree.selected];
}

function copyHex(): void {
  const n = selectedNode();
  if (!n) return;
  void copyText(toHex(state.bytes.subarray(n.offset, nodeEnd(n))), 'hex');
}

function copyValue(): void {
  const n = selectedNode();
  if (n?.value !== undefined) void copyText(n.value, 'value');
}

// ---------------------------------------------------------------------------------------------
// Input

function currentType(): string {
  return ($('type') as HTMLSelectElement).value;
}

function lenient(): boolean {
  return ($('lenient') as HTMLInputElement).checked;
}

function decodeData(data: Uint8Array): void {
  state.data = data;
  $('capture').hidden = true;
  state.capture = false;
  request({ kind: 'decode', data, form: ($('form') as HTMLSelectElement).value, type: currentType(), lenient: lenient() });
}

function clearResult(): void {
  if (state.busy && state.worker) {
    state.worker.terminate();
    state.worker = null;
  }
  state.id++;
  state.busy = false;
  state.bytes = new Uint8Array(0);
  state.tree = emptyTree();
  state.marks.clear();
  state.decoded = false;
  hideResultPanels();
  $('capture').hidden = true;
  $('bytes-info').textContent = '';
  $('tree-info').textContent = '';
  $('selection-text').textContent = '';
  showProgress(-1);
  setStatus('Paste or drop something to decode.');
  renderHexSize();
  scheduleRender();
  updateShare();
}

function showCapture(summary: string, rows: readonly PayloadRow[]): void {
  state.capture = true;
  $('capture').hidden = false;
  $('capture-summary').textContent = summary;
  const list = $('payloads');
  list.textContent = '';
  rows.forEach((p, i) => {
    const tr = el('tr', 'payload');
    tr.dataset.index = String(i);
    if (i === 0) tr.classList.add('chosen');
    for (const c of [String(p.frame), p.carrier, p.direction, p.endpoints, p.message, p.tag, p.type, String(p.bytes)]) tr.appendChild(el('td', '', c));
    tr.addEventListener('click', () => choosePayload(i));
    list.appendChild(tr);
  });
}

function choosePayload(i: number): void {
  for (const r of Array.from($('payloads').querySelectorAll('tr.chosen'))) r.classList.remove('chosen');
  $('payloads').querySelector(`tr[data-index="${i}"]`)?.classList.add('chosen');
  request({ kind: 'payload', index: i, type: currentType(), lenient: lenient() });
}

function redecode(): void {
  if (state.capture) {
    const chosen = $('payloads').querySelector<HTMLElement>('tr.chosen');
    choosePayload(Number(chosen?.dataset.index ?? 0));
  } else if (state.data.length) decodeData(state.data);
}

function updateShare(): void {
  const a = $('share') as HTMLAnchorElement;
  const b = state.bytes;
  if (b.length === 0 || b.length > MAX_SHARE_BYTES) {
    a.removeAttribute('href');
    a.title = b.length > MAX_SHARE_BYTES ? 'too large for a link' : '';
    return;
  }
  const type = currentType();
  a.href = shareFragment({ bytes: b, ...(type !== 'auto' ? { type } : {}) });
}

let typing: ReturnType<typeof setTimeout> | undefined;
function textInput(now = false): void {
  clearTimeout(typing);
  const run = () => {
    const text = ($('input') as HTMLTextAreaElement).value;
    if (text.trim() === '') {
      state.data = new Uint8Array(0);
      clearResult();
      return;
    }
    decodeData(new TextEncoder().encode(text));
  };
  if (now) run();
  else typing = setTimeout(run, DEBOUNCE_MS);
}

async function fileInput(file: File): Promise<void> {
  const data = new Uint8Array(await file.arrayBuffer());
  $('filename').textContent = `${file.name} (${data.length} bytes)`;
  ($('input') as HTMLTextAreaElement).value = '';
  decodeData(data);
}

function openFragment(): void {
  const shared = readShareFragment(location.hash);
  if (!shared) return;
  const sel = $('type') as HTMLSelectElement;
  sel.value = shared.type && state.types.includes(shared.type) ? shared.type : 'auto';
  ($('input') as HTMLTextAreaElement).value = toHex(shared.bytes);
  decodeData(shared.bytes);
}

/** Fills the type picker; the filter box above it keeps the options whose name holds its text. */
function fillTypes(types: readonly string[]): void {
  state.types = [...types];
  const sel = $('type') as HTMLSelectElement;
  for (const q of types) {
    const o = el('option', '', q);
    o.value = q;
    sel.appendChild(o);
  }
  document.body.dataset.ready = 'true';
  openFragment();
}

function filterTypes(): void {
  const q = ($('type-filter') as HTMLInputElement).value.trim().toLowerCase();
  const sel = $('type') as HTMLSelectElement;
  for (const o of Array.from(sel.options)) o.hidden = !(o.value === 'auto' || !q || o.value.toLowerCase().includes(q));
  $('type-count').textContent = q ? `${Array.from(sel.options).filter((o) => !o.hidden && o.value !== 'auto').length} types (Enter picks the first)` : '';
}

function pickFilteredType(ev: KeyboardEvent): void {
  if (ev.key !== 'Enter') return;
  const sel = $('type') as HTMLSelectElement;
  const first = Array.from(sel.options).find((o) => !o.hidden && o.value !== 'auto');
  if (first) {
    sel.value = first.value;
    sel.dispatchEvent(new Event('change'));
  }
}

function verifyNow(): void {
  const key = ($('verify-key') as HTMLTextAreaElement).value;
  const tokenText = ($('verify-token') as HTMLInputElement).value.trim();
  const r = $('verify-result');
  if (!key.trim()) {
    r.textContent = 'paste the certificate first';
    r.className = 'error';
    return;
  }
  if (tokenText !== '' && !/^\d+$/.test(tokenText)) {
    r.textContent = 'the association token is a number';
    r.className = 'error';
    return;
  }
  send({ kind: 'verify', id: state.id, key: new TextEncoder().encode(key), ...(tokenText !== '' ? { associationToken: Number(tokenText) } : {}) });
}

function init(): void {
  state.worker = startWorker();
  $('decode').addEventListener('click', () => (state.data.length && !($('input') as HTMLTextAreaElement).value.trim() ? decodeData(state.data) : textInput(true)));
  $('input').addEventListener('input', () => {
    $('filename').textContent = '';
    textInput();
  });
  const tree = $('tree');
  tree.addEventListener('click', treeClick);
  tree.addEventListener('keydown', treeKey);
  tree.addEventListener('scroll', scheduleRender, { passive: true });
  $('hexpane').addEventListener('scroll', scheduleRender, { passive: true });
  window.addEventListener('resize', scheduleRender);
  $('expand-all').addEventListener('click', () => expandToDepth(Infinity));
  $('collapse-all').addEventListener('click', () => expandToDepth(0));
  $('depth').addEventListener('change', () => {
    const d = ($('depth') as HTMLSelectElement).value;
    if (d) expandToDepth(Number(d));
  });
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => runSearch(($('search') as HTMLInputElement).value), 150);
  });
  $('search').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    clearTimeout(searchTimer);
    const q = ($('search') as HTMLInputElement).value.trim().toLowerCase();
    if (q !== state.tree.query) runSearch(q);
    else nextMatch(ev.shiftKey ? -1 : 1);
  });
  $('search-next').addEventListener('click', () => nextMatch(1));
  $('search-prev').addEventListener('click', () => nextMatch(-1));
  $('filter').addEventListener('change', () => {
    state.tree.filter = ($('filter') as HTMLInputElement).checked;
    state.tree.dirty = true;
    renderNow();
  });
  $('copy-value').addEventListener('click', copyValue);
  $('copy-hex').addEventListener('click', copyHex);
  $('type-filter').addEventListener('input', filterTypes);
  $('type-filter').addEventListener('keydown', pickFilteredType);
  $('type').addEventListener('change', () => {
    updateShare();
    redecode();
  });
  $('form').addEventListener('change', () => state.data.length && decodeData(state.data));
  $('lenient').addEventListener('change', redecode);
  $('jer-box').addEventListener('toggle', () => {
    if (($('jer-box') as HTMLDetailsElement).open && $('jer').textContent === '') send({ kind: 'jer', id: state.id, maxChars: MAX_JER_CHARS });
  });
  $('verify-go').addEventListener('click', verifyNow);
  ($('file') as HTMLInputElement).addEventListener('change', (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f) void fileInput(f);
  });
  const drop = document.body;
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    document.body.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    document.body.classList.remove('dragging');
    const f = ev.dataTransfer?.files?.[0];
    if (f) void fileInput(f);
  });
  window.addEventListener('hashchange', openFragment);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
