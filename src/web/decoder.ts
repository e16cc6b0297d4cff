/**
 * The browser decoder page (docs/decoder/index.html): paste hex / base64 / PEM or drop a file,
 * see the annotated tree beside a hex view, pick a payload out of a pcap/pcapng capture, share
 * the input in the URL fragment. Everything runs in the page; nothing is sent anywhere.
 *
 * Bundled by scripts/build-web.mjs into one classic script (IIFE), so that the page also works
 * when opened from file:// (where browsers refuse module scripts).
 *
 * @module
 */
import { CaptureFormatError, captureFormat, scanCapture, type CapturedPayload } from '../inspect/capture.js';
import { outerTag } from '../inspect/index.js';
import { decodeForPage, quickType, typeNames, type PageResult, type TreeNode } from './engine.js';
import { MAX_SHARE_BYTES, readShareFragment, shareFragment } from './share.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`decoder page: element #${id} is missing`);
  return el as T;
};

/** Longest input shown in the hex view; larger inputs are shown up to this size. */
const MAX_HEX_BYTES = 1 << 20;

interface PageState {
  /** Raw input: the pasted text's UTF-8 or a file's bytes (what `form` applies to). */
  data: Uint8Array;
  result: PageResult | null;
  payloads: CapturedPayload[];
}

const state: PageState = { data: new Uint8Array(0), result: null, payloads: [] };

/** The hex and ASCII cells of each byte shown, by offset, and the offsets currently marked per class. */
let cells: [HTMLElement, HTMLElement][] = [];
const marked = new Map<string, number[]>();

function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function tagText(tag: number): string {
  let s = tag.toString(16).toUpperCase();
  if (s.length % 2) s = '0' + s;
  return s;
}

function lenient(): boolean {
  return ($('lenient') as HTMLInputElement).checked;
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

// ---------------------------------------------------------------------------------------------
// Hex view

function renderHex(bytes: Uint8Array): void {
  const view = $('hex');
  view.textContent = '';
  cells = [];
  marked.clear();
  const shown = Math.min(bytes.length, MAX_HEX_BYTES);
  const frag = document.createDocumentFragment();
  for (let row = 0; row < shown; row += 16) {
    const line = el('div', 'row');
    line.appendChild(el('span', 'off', row.toString(16).padStart(6, '0')));
    const hexPart = el('span', 'bytes');
    const ascii = el('span', 'ascii');
    for (let i = row; i < Math.min(row + 16, shown); i++) {
      const b = el('span', 'b', hex2(bytes[i]));
      b.dataset.i = String(i);
      hexPart.appendChild(b);
      const a = el('span', 'a', bytes[i] >= 32 && bytes[i] < 127 ? String.fromCharCode(bytes[i]) : '.');
      a.dataset.i = String(i);
      ascii.appendChild(a);
      cells.push([b, a]);
    }
    line.append(hexPart, ascii);
    frag.appendChild(line);
  }
  view.appendChild(frag);
  if (shown < bytes.length) view.appendChild(el('div', 'note', `… ${bytes.length - shown} more bytes not shown`));
}

/** Marks bytes [start, end) of the hex view, the first `header` of them as the TLV header. */
function highlight(start: number, header: number, end: number, cls = 'sel'): void {
  for (const i of marked.get(cls) ?? []) for (const c of cells[i]) c.classList.remove(cls, `${cls}-h`);
  const now: number[] = [];
  for (let i = Math.max(0, start); i < Math.min(end, cells.length); i++) {
    for (const c of cells[i]) c.classList.add(i < start + header ? `${cls}-h` : cls);
    now.push(i);
  }
  marked.set(cls, now);
  if (now.length) cells[now[0]][0].scrollIntoView({ block: 'nearest' });
}

// ---------------------------------------------------------------------------------------------
// Tree

function nodeEnd(n: TreeNode): number {
  return n.offset + n.headerLength + n.length + (n.indefinite ? 2 : 0);
}

function renderTree(nodes: readonly TreeNode[]): void {
  const root = $('tree');
  root.textContent = '';
  const stack: HTMLElement[] = [root];
  nodes.forEach((n, idx) => {
    stack.length = Math.min(stack.length, n.depth + 1);
    const parent = stack[stack.length - 1];
    const hasChildren = idx + 1 < nodes.length && nodes[idx + 1].depth > n.depth;
    const item = el('div', 'node');
    item.dataset.offset = String(n.offset);
    item.dataset.end = String(nodeEnd(n));
    item.dataset.header = String(n.headerLength);
    item.dataset.name = n.name;
    const row = el('div', 'line');
    const twisty = el('span', 'twisty', hasChildren ? '▾' : '');
    row.appendChild(twisty);
    row.appendChild(el('span', 'name', n.name));
    if (n.type) row.appendChild(el('span', 'type', n.type));
    row.appendChild(el('span', 'tag', n.headerLength === 0 ? '--' : tagText(n.tag)));
    row.appendChild(el('span', 'meta', `@${n.offset} len ${n.length}${n.indefinite ? ' (indefinite)' : ''}`));
    if (n.value !== undefined) row.appendChild(el('span', 'value', n.value));
    if (n.note) row.appendChild(el('span', 'note', n.note));
    if (n.error) {
      item.classList.add('has-error');
      row.appendChild(el('span', 'err', `${n.error.code}: ${n.error.detail}`));
    }
    row.title = `offset ${n.offset}, header ${n.headerLength} bytes, content ${n.length} bytes`;
    row.tabIndex = 0;
    item.appendChild(row);
    const kids = el('div', 'kids');
    item.appendChild(kids);
    parent.appendChild(item);
    if (hasChildren) {
      twisty.addEventListener('click', (ev) => {
        ev.stopPropagation();
        item.classList.toggle('collapsed');
        twisty.textContent = item.classList.contains('collapsed') ? '▸' : '▾';
      });
    }
    row.addEventListener('click', () => selectNode(item));
    row.addEventListener('focus', () => selectNode(item));
    stack.push(kids);
  });
}

/** Arrow keys move through the visible lines, Left/Right fold and unfold, as in a file tree. */
function treeKey(ev: KeyboardEvent): void {
  const line = (ev.target as HTMLElement).closest('.line');
  if (!line) return;
  const item = line.parentElement as HTMLElement;
  const visible = Array.from($('tree').querySelectorAll<HTMLElement>('.line')).filter((l) => l.offsetParent !== null);
  const i = visible.indexOf(line as HTMLElement);
  const hasKids = item.querySelector(':scope > .kids > .node') !== null;
  const twisty = line.querySelector<HTMLElement>('.twisty');
  if (ev.key === 'ArrowDown' && i + 1 < visible.length) visible[i + 1].focus();
  else if (ev.key === 'ArrowUp' && i > 0) visible[i - 1].focus();
  else if (ev.key === 'ArrowLeft' && hasKids && !item.classList.contains('collapsed')) twisty?.click();
  else if (ev.key === 'ArrowLeft') item.parentElement?.closest('.node')?.querySelector<HTMLElement>(':scope > .line')?.focus();
  else if (ev.key === 'ArrowRight' && hasKids && item.classList.contains('collapsed')) twisty?.click();
  else return;
  ev.preventDefault();
}

function selectNode(item: HTMLElement): void {
  for (const e of Array.from($('tree').querySelectorAll('.node.selected'))) e.classList.remove('selected');
  item.classList.add('selected');
  const start = Number(item.dataset.offset);
  const end = Number(item.dataset.end);
  highlight(start, Number(item.dataset.header), end);
  $('selection').textContent = `${item.dataset.name}: bytes ${start}–${end - 1} (${end - start} bytes)`;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function show(result: PageResult): void {
  state.result = result;
  renderHex(result.bytes);
  renderTree(result.nodes);
  $('selection').textContent = '';
  const errBox = $('error');
  const parts = [`${result.bytes.length} bytes (${result.form})`];
  if (result.type) parts.push(`${result.detected ? 'detected' : 'decoded as'} ${result.type}${result.via ? ` (${result.via})` : ''}`);
  if (result.alternatives.length) parts.push(`also fits: ${result.alternatives.slice(0, 4).join(', ')}${result.alternatives.length > 4 ? ', …' : ''}`);
  setStatus(parts.join(' · '));
  if (result.error) {
    errBox.hidden = false;
    const at = result.error.offset !== undefined ? `at byte ${result.error.offset}` : '';
    errBox.textContent = '';
    errBox.appendChild(el('strong', '', `Decode error ${at}`));
    if (result.error.path) errBox.appendChild(el('span', 'path', ` in ${result.error.path}`));
    errBox.appendChild(el('div', 'msg', `${result.error.detail} (${result.error.code})`));
    errBox.dataset.offset = result.error.offset !== undefined ? String(result.error.offset) : '';
    if (result.error.offset !== undefined) {
      const off = result.error.offset;
      highlight(off, 0, Math.min(off + 1, result.bytes.length), 'err');
      errBox.onclick = () => highlight(off, 0, Math.min(off + 1, result.bytes.length), 'err');
    }
  } else {
    errBox.hidden = true;
    errBox.textContent = '';
  }
  const jer = $('jer');
  jer.textContent = result.jer === undefined ? '' : JSON.stringify(result.jer, null, 2);
  ($('jer-box') as HTMLDetailsElement).hidden = result.jer === undefined;
  const diags = $('diagnostics');
  diags.textContent = '';
  diags.hidden = result.diagnostics.length === 0;
  for (const d of result.diagnostics) {
    const li = el('li', '', `byte ${d.offset}: ${d.detail} (${d.code})`);
    li.addEventListener('click', () => highlight(d.offset, 0, d.offset + 1, 'err'));
    diags.appendChild(li);
  }
  updateShare();
}

function decodeData(data: Uint8Array): void {
  state.data = data;
  try {
    const fmt = captureFormat(data);
    if (fmt !== null) {
      loadCapture(data);
      return;
    }
    $('capture').hidden = true;
    show(decodeForPage(data, ($('form') as HTMLSelectElement).value, ($('type') as HTMLSelectElement).value, lenient()));
  } catch (err) {
    if (err instanceof RangeError || err instanceof TypeError || (err instanceof Error && err.name === 'InputFormatError')) {
      setStatus(err.message, 'error');
      return;
    }
    throw err;
  }
}

function loadCapture(data: Uint8Array): void {
  const panel = $('capture');
  panel.hidden = false;
  const list = $('payloads');
  list.textContent = '';
  let scan;
  try {
    scan = scanCapture(data);
  } catch (err) {
    if (err instanceof CaptureFormatError) {
      setStatus(`capture: ${err.message}`, 'error');
      return;
    }
    throw err;
  }
  state.payloads = scan.payloads;
  $('capture-summary').textContent = `${scan.format}: ${scan.frames} packets, ${scan.payloads.length} payloads found${scan.notes.length ? ' — ' + scan.notes.join('; ') : ''}`;
  scan.payloads.forEach((p, i) => {
    const tr = el('tr', 'payload');
    tr.dataset.index = String(i);
    const cells = [
      String(p.frame),
      `${p.transport.toUpperCase()} ${p.binding === 'json' ? 'JSON' : 'ASN.1'}`,
      p.direction,
      `${p.source} → ${p.destination}`,
      p.summary + (p.field ? ` · ${p.field}` : ''),
      outerTag(p.bytes) ?? '?',
      quickType(p.bytes) || '?',
      String(p.bytes.length),
    ];
    for (const c of cells) tr.appendChild(el('td', '', c));
    tr.addEventListener('click', () => choosePayload(i));
    list.appendChild(tr);
  });
  if (scan.payloads.length > 0) choosePayload(0);
  else {
    $('tree').textContent = '';
    $('hex').textContent = '';
    setStatus('no SGP.32/SGP.22 payload in this capture', 'error');
  }
}

function choosePayload(i: number): void {
  for (const r of Array.from($('payloads').querySelectorAll('tr.chosen'))) r.classList.remove('chosen');
  $('payloads').querySelector(`tr[data-index="${i}"]`)?.classList.add('chosen');
  const p = state.payloads[i];
  show(decodeForPage(p.bytes, 'der', ($('type') as HTMLSelectElement).value, lenient()));
}

function updateShare(): void {
  const a = $('share') as HTMLAnchorElement;
  const r = state.result;
  if (!r || r.bytes.length === 0 || r.bytes.length > MAX_SHARE_BYTES) {
    a.removeAttribute('href');
    a.title = r && r.bytes.length > MAX_SHARE_BYTES ? 'too large for a link' : '';
    return;
  }
  const type = ($('type') as HTMLSelectElement).value;
  a.href = shareFragment({ bytes: r.bytes, ...(type !== 'auto' ? { type } : {}) });
}

function textInput(): void {
  const text = ($('input') as HTMLTextAreaElement).value;
  if (text.trim() === '') return;
  decodeData(new TextEncoder().encode(text));
}

async function fileInput(file: File): Promise<void> {
  const data = new Uint8Array(await file.arrayBuffer());
  $('filename').textContent = `${file.name} (${data.length} bytes)`;
  ($('input') as HTMLTextAreaElement).value = '';
  decodeData(data);
}

function hexText(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += hex2(bytes[i]);
  return s;
}

function openFragment(): void {
  const shared = readShareFragment(location.hash);
  if (!shared) return;
  const sel = $('type') as HTMLSelectElement;
  sel.value = shared.type && typeNames().includes(shared.type) ? shared.type : 'auto';
  ($('input') as HTMLTextAreaElement).value = hexText(shared.bytes);
  decodeData(shared.bytes);
}

function init(): void {
  const sel = $('type') as HTMLSelectElement;
  for (const q of typeNames()) {
    const o = el('option', '', q);
    o.value = q;
    sel.appendChild(o);
  }
  $('decode').addEventListener('click', () => (state.data.length && !($('input') as HTMLTextAreaElement).value.trim() ? decodeData(state.data) : textInput()));
  $('input').addEventListener('paste', () => setTimeout(textInput, 0));
  $('tree').addEventListener('keydown', treeKey);
  sel.addEventListener('change', () => {
    if (state.payloads.length && !$('capture').hidden) {
      const chosen = $('payloads').querySelector<HTMLElement>('tr.chosen');
      choosePayload(Number(chosen?.dataset.index ?? 0));
    } else if (state.data.length) decodeData(state.data);
  });
  $('form').addEventListener('change', () => state.data.length && decodeData(state.data));
  $('lenient').addEventListener('change', () => sel.dispatchEvent(new Event('change')));
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
  $('input').addEventListener('input', () => {
    state.data = new Uint8Array(0);
    $('filename').textContent = '';
  });
  window.addEventListener('hashchange', openFragment);
  openFragment();
  document.body.dataset.ready = 'true';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
