// The producer panel's UI. The extension is the source of truth for topics, sends and history; the
// form (the draft) lives here while typing, is saved in webview state at every keystroke (so a
// re-created webview restores it instantly) and mirrored to the extension (so it survives closing).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import './styles.css';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import { prettyJson } from '../../src/kafka/prettyJson';
import { emptyDraft, FieldErrors, FieldName, ProduceDraft, validateDraft } from '../../src/kafka/produceValidation';
import { PLACEHOLDER_HELP } from '../../src/kafka/template';
import type { HistoryEntry, PanelError, SendSummary, TopicInfo, ToHost, ToWebview } from '../../src/producer/protocol';
import { byId, clear, h } from './dom';
import { duration, headline, plural, preview, rate, time } from './format';

interface VsCodeApi {
  postMessage(m: ToHost): void;
  getState(): unknown;
  setState(s: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  draft: ProduceDraft;
}

const vscode = acquireVsCodeApi();
const post = (m: ToHost): void => vscode.postMessage(m);

let draft: ProduceDraft = emptyDraft('');
let topics: TopicInfo[] | null = null;
let busy = false;
let serverErrors: FieldErrors = {};
let touched = false;

// --- layout -------------------------------------------------------------------------------------

function field(id: FieldName, label: string, control: HTMLElement, help?: string): HTMLElement {
  return h('div', { class: 'field', id: `field-${id}` },
    h('vscode-label', { for: control.id }, label),
    control,
    help ? h('div', { class: 'help' }, help) : null,
    h('div', { class: 'error', id: `error-${id}`, role: 'alert', 'aria-live': 'polite' }));
}

function select(id: string, options: Array<[string, string]>, aria: string): VscodeSingleSelect {
  const s = h('vscode-single-select', { id, 'aria-label': aria });
  for (const [value, label] of options) s.append(h('vscode-option', { value }, label));
  return s;
}

function build(): void {
  const app = byId('app');
  clear(app);
  app.removeAttribute('aria-busy');
  const topicSelect = h('vscode-single-select', { id: 'topic', 'aria-label': 'Topic', combobox: true });
  app.append(
    h('header', { class: 'top' },
      h('h1', {}, 'Produce to ', h('span', { id: 'cluster-name' })),
      h('div', { class: 'field', id: 'field-topic' },
        h('vscode-label', { for: 'topic' }, 'Topic'),
        h('div', { class: 'topic-line' },
          topicSelect,
          h('vscode-button', { id: 'refresh-topics', secondary: true, title: 'Reload the topic list' }, 'Reload topics')),
        h('div', { class: 'error', id: 'error-topic', role: 'alert', 'aria-live': 'polite' }))),
    h('div', { class: 'banner', id: 'topics-error', role: 'status', hidden: true }),
    h('section', { class: 'form', 'aria-label': 'Message' },
      field('key', 'Key', h('vscode-textfield', { id: 'key', placeholder: 'optional, e.g. user-{{seq}}' }),
        'Empty = no key (partition chosen round-robin).'),
      h('div', { class: 'field', id: 'field-value' },
        h('div', { class: 'value-head' },
          h('vscode-label', { for: 'value' }, 'Value'),
          select('value-format', [['json', 'JSON'], ['text', 'Text']], 'Value format'),
          h('vscode-button', { id: 'pretty', secondary: true, title: 'Re-indent the JSON value' }, 'Pretty-print')),
        h('vscode-textarea', { id: 'value', monospace: true, rows: 8, resize: 'vertical', placeholder: '{"id": {{seq}}, "at": {{timestamp}}}' }),
        h('div', { class: 'error', id: 'error-value', role: 'alert', 'aria-live': 'polite' })),
      h('div', { class: 'field', id: 'field-headers' },
        h('div', { class: 'headers-head' },
          h('vscode-label', {}, 'Headers'),
          h('vscode-button', { id: 'add-header', secondary: true }, 'Add header')),
        h('div', { id: 'headers', class: 'headers' }),
        h('div', { class: 'error', id: 'error-headers', role: 'alert', 'aria-live': 'polite' })),
      h('div', { class: 'options' },
        field('partition', 'Partition', h('vscode-textfield', { id: 'partition', placeholder: 'automatic' }), ''),
        field('compression', 'Compression', select('compression', [['none', 'none'], ['gzip', 'gzip'], ['snappy', 'snappy'], ['lz4', 'lz4'], ['zstd', 'zstd']], 'Compression')),
        field('acks', 'Acks', select('acks', [['all', 'all (idempotent)'], ['leader', 'leader']], 'Acks')),
        field('count', 'Count', h('vscode-textfield', { id: 'count', inputmode: 'numeric' }), 'Send ×N')),
      h('div', { class: 'help' }, `Placeholders in key and value: ${PLACEHOLDER_HELP}.`),
      h('div', { class: 'actions' },
        h('vscode-button', { id: 'send', title: 'Send (Ctrl+Enter)' }, 'Send'),
        h('vscode-button', { id: 'cancel', secondary: true, hidden: true }, 'Cancel'),
        h('span', { id: 'progress-text', class: 'progress-text', role: 'status', 'aria-live': 'polite' })),
      h('vscode-progress-bar', { id: 'progress', hidden: true, 'aria-label': 'Sending' })),
    h('section', { class: 'result', 'aria-label': 'Result' },
      h('div', { id: 'panel-error', class: 'panel-error', role: 'alert', hidden: true }),
      h('div', { id: 'result', role: 'status', 'aria-live': 'polite' })),
    h('vscode-divider', {}),
    h('section', { class: 'history', 'aria-label': 'History' },
      h('h2', {}, 'Recent sends'),
      h('div', { id: 'history' }, h('p', { class: 'muted' }, 'Nothing sent yet.'))),
  );
  wire();
}

// --- form <-> draft -----------------------------------------------------------------------------

const tf = (id: string): VscodeTextfield => byId<VscodeTextfield>(id);
const sel = (id: string): VscodeSingleSelect => byId<VscodeSingleSelect>(id);

/** Selects by value whether or not the select has read its slotted options yet. */
function setSelect(s: VscodeSingleSelect, value: string): void {
  for (const o of Array.from(s.querySelectorAll('vscode-option'))) o.toggleAttribute('selected', o.getAttribute('value') === value);
  s.value = value;
}

function writeForm(): void {
  tf('key').value = draft.key;
  byId<VscodeTextarea>('value').value = draft.value;
  setSelect(sel('value-format'), draft.valueFormat);
  tf('partition').value = draft.partition;
  setSelect(sel('compression'), draft.compression);
  setSelect(sel('acks'), draft.acks);
  tf('count').value = draft.count;
  renderTopics();
  renderHeaders();
  validate();
}

let syncTimer: ReturnType<typeof setTimeout> | undefined;
function changed(): void {
  touched = true;
  serverErrors = {};
  vscode.setState({ draft });
  // The extension keeps a copy (persisted per cluster/topic); debounce so typing stays cheap.
  clearTimeout(syncTimer);
  syncTimer = setTimeout(() => post({ type: 'draftChanged', draft }), 250);
  validate();
}

function flushDraft(): void {
  clearTimeout(syncTimer);
  post({ type: 'draftChanged', draft });
}

function renderHeaders(): void {
  const box = byId('headers');
  clear(box);
  draft.headers.forEach((row, i) => {
    const name = h('vscode-textfield', { placeholder: 'name', 'aria-label': `Header ${i + 1} name`, class: 'header-name' });
    const value = h('vscode-textfield', { placeholder: 'value', 'aria-label': `Header ${i + 1} value`, class: 'header-value' });
    name.value = row.name;
    value.value = row.value;
    name.addEventListener('input', () => { draft.headers[i].name = name.value; changed(); });
    value.addEventListener('input', () => { draft.headers[i].value = value.value; changed(); });
    const remove = h('vscode-button', { secondary: true, 'aria-label': `Remove header ${i + 1}`, title: 'Remove this header' }, 'Remove');
    remove.addEventListener('click', () => { draft.headers.splice(i, 1); renderHeaders(); changed(); });
    box.append(h('div', { class: 'header-row' }, name, value, remove));
  });
}

function renderTopics(): void {
  const s = sel('topic');
  clear(s);
  const names = topics ? topics.map((t) => t.name) : [];
  // The draft's topic is always offered, even when the list failed to load or it does not exist.
  if (draft.topic && !names.includes(draft.topic)) names.unshift(draft.topic);
  for (const n of names) {
    const t = topics?.find((x) => x.name === n);
    // `selected` (not s.value): the select reads its options after they are slotted, asynchronously.
    s.append(h('vscode-option', { value: n, selected: n === draft.topic, description: t ? plural(t.partitions, 'partition') : 'not found on the cluster' }, n));
  }
  const count = partitionCount();
  const help = byId('field-partition').querySelector('.help');
  if (help) help.textContent = count !== undefined ? `Empty = automatic, or 0…${count - 1}` : 'Empty = automatic';
}

const partitionCount = (): number | undefined => topics?.find((t) => t.name === draft.topic)?.partitions;

// --- validation and errors ----------------------------------------------------------------------

const FIELDS: FieldName[] = ['topic', 'key', 'value', 'headers', 'partition', 'count', 'compression', 'acks'];
const CONTROL: Partial<Record<FieldName, string>> = { topic: 'topic', key: 'key', value: 'value', partition: 'partition', count: 'count' };

/** Validates as you type; returns the errors shown (local rules plus the extension's last verdict). */
function validate(): FieldErrors {
  const r = validateDraft(draft, { partitionCount: partitionCount() });
  const errors: FieldErrors = { ...(r.ok ? {} : r.errors), ...serverErrors };
  for (const f of FIELDS) {
    const el = document.getElementById(`error-${f}`);
    // An untouched, empty form shows no errors yet; a failed send shows them all.
    const msg = touched || serverErrors[f] ? errors[f] ?? '' : '';
    if (el) el.textContent = msg;
    const control = CONTROL[f] ? document.getElementById(CONTROL[f] as string) : null;
    if (control) control.toggleAttribute('invalid', msg !== '');
  }
  byId('pretty').toggleAttribute('disabled', draft.valueFormat !== 'json' || errors.value !== undefined);
  return errors;
}

function showPanelError(e: PanelError | null): void {
  const box = byId('panel-error');
  clear(box);
  box.hidden = !e;
  if (!e) return;
  // A message that belongs to a field is shown next to that field; the panel only repeats it when
  // there is something to do about it here (creating a missing topic).
  if (e.field && !e.errors && !e.missingTopic) { box.hidden = true; return; }
  box.append(h('span', { class: 'msg' }, e.missingTopic ? `Topic "${e.missingTopic}" does not exist. Topics are never created automatically: create it now?` : e.message));
  if (e.missingTopic) {
    const parts = h('vscode-textfield', { id: 'create-partitions', value: '1', 'aria-label': 'Partitions for the new topic', class: 'small' });
    const create = h('vscode-button', { id: 'create-topic', secondary: true }, `Create topic "${e.missingTopic}"`);
    const topic = e.missingTopic;
    create.addEventListener('click', () => {
      const n = Number(parts.value.trim());
      if (!Number.isInteger(n) || n < 1 || n > 10_000) {
        byId('error-topic').textContent = `"${parts.value}" is not a partition count: enter a whole number from 1 to 10000.`;
        return;
      }
      post({ type: 'createTopic', topic, partitions: n });
    });
    box.append(h('div', { class: 'create-topic' }, h('span', {}, 'Partitions:'), parts, create));
  }
}

// --- results, progress, history -----------------------------------------------------------------

function setBusy(b: boolean, sent = 0, total = 0): void {
  busy = b;
  byId('send').toggleAttribute('disabled', b);
  byId('cancel').hidden = !b;
  const bar = byId<VscodeProgressBar>('progress');
  bar.hidden = !b || total <= 1;
  bar.max = Math.max(1, total);
  bar.value = sent;
  byId('progress-text').textContent = b ? (total > 1 ? `Sending… ${sent.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}` : 'Sending…') : '';
}

function showResult(s: SendSummary | null): void {
  const box = byId('result');
  clear(box);
  if (!s) return;
  box.append(h('p', { class: s.cancelled ? 'warn' : 'ok', id: 'result-headline' }, headline(s)));
  if (s.sent <= 1 && !s.cancelled) return;
  const offsets = s.partitions.map((p) => `p${p.partition}: ${p.firstOffset}…${p.lastOffset}`).join(', ');
  const rows: Array<[string, string]> = [
    ['Count', s.sent.toLocaleString('en-US') + (s.cancelled ? ` of ${s.requested.toLocaleString('en-US')} (cancelled)` : '')],
    ['Partitions', s.partitions.map((p) => `${p.partition} (${p.count.toLocaleString('en-US')})`).join(', ') || '—'],
    ['First/last offsets', offsets || '—'],
    ['Duration', duration(s.durationMs)],
    ['Throughput', rate(s.msgsPerSec)],
  ];
  box.append(h('dl', { class: 'summary', id: 'summary' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function renderHistory(list: HistoryEntry[]): void {
  const box = byId('history');
  clear(box);
  if (list.length === 0) { box.append(h('p', { class: 'muted' }, 'Nothing sent yet.')); return; }
  const ul = h('ul', { class: 'history-list' });
  for (const e of list) {
    const resend = h('vscode-button', { secondary: true, 'aria-label': `Re-send ${e.draft.topic} ${time(e.summary.at)}` }, 'Re-send');
    resend.addEventListener('click', () => { if (!busy) post({ type: 'resend', historyId: e.id }); });
    const edit = h('vscode-button', { secondary: true, 'aria-label': `Load into the form: ${e.draft.topic} ${time(e.summary.at)}` }, 'Edit');
    edit.addEventListener('click', () => {
      draft = { ...e.draft, headers: e.draft.headers.map((x) => ({ ...x })) };
      writeForm();
      changed();
    });
    const what = `${time(e.summary.at)} · ${e.draft.topic} · ${plural(e.summary.sent, 'message')}`;
    const body = `${e.draft.key ? `key ${preview(e.draft.key, 24)} · ` : ''}${preview(e.draft.value)}`;
    ul.append(h('li', {}, h('div', { class: 'h-text' }, h('div', {}, what), h('div', { class: 'muted mono' }, body)), h('div', { class: 'h-actions' }, resend, edit)));
  }
  box.append(ul);
}

// --- events -------------------------------------------------------------------------------------

function send(): void {
  if (busy) return;
  touched = true;
  serverErrors = {};
  const errors = validate();
  if (Object.keys(errors).length > 0) {
    showPanelError({ message: 'Fix the marked fields; nothing was sent.' });
    const first = FIELDS.find((f) => errors[f]);
    const ctl = first && CONTROL[first] ? document.getElementById(CONTROL[first] as string) : null;
    ctl?.focus();
    return;
  }
  showPanelError(null);
  clearTimeout(syncTimer);
  post({ type: 'send', draft });
}

function wire(): void {
  const onInput = (id: string, apply: (v: string) => void): void => {
    const el = byId<HTMLElement & { value: string }>(id);
    el.addEventListener('input', () => { apply(el.value); changed(); });
    el.addEventListener('change', () => { apply(el.value); changed(); });
  };
  onInput('key', (v) => { draft.key = v; });
  onInput('value', (v) => { draft.value = v; });
  onInput('partition', (v) => { draft.partition = v; });
  onInput('count', (v) => { draft.count = v; });
  sel('value-format').addEventListener('change', () => { draft.valueFormat = sel('value-format').value === 'text' ? 'text' : 'json'; changed(); });
  sel('compression').addEventListener('change', () => { draft.compression = sel('compression').value as ProduceDraft['compression']; changed(); });
  sel('acks').addEventListener('change', () => { draft.acks = sel('acks').value === 'leader' ? 'leader' : 'all'; changed(); });
  sel('topic').addEventListener('change', () => {
    const v = sel('topic').value;
    if (!v || v === draft.topic) return;
    draft.topic = v;
    renderTopics();
    changed();
    flushDraft();
  });
  byId('refresh-topics').addEventListener('click', () => post({ type: 'refreshTopics' }));
  byId('add-header').addEventListener('click', () => {
    draft.headers.push({ name: '', value: '' });
    renderHeaders();
    changed();
    const names = byId('headers').querySelectorAll<HTMLElement>('.header-name');
    names[names.length - 1]?.focus();
  });
  byId('pretty').addEventListener('click', () => {
    if (validate().value !== undefined) return;
    draft.value = prettyJson(draft.value);
    byId<VscodeTextarea>('value').value = draft.value;
    changed();
  });
  byId('send').addEventListener('click', send);
  byId('cancel').addEventListener('click', () => post({ type: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
    if (e.key === 'Escape' && busy) post({ type: 'cancel' });
  });
}

// --- messages from the extension ----------------------------------------------------------------

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init': {
      byId('cluster-name').textContent = m.clusterName;
      const saved = vscode.getState() as SavedState | undefined;
      // Webview state is newer than the extension's debounced copy whenever it exists.
      draft = saved?.draft ?? m.draft;
      topics = m.topics;
      byId('topics-error').hidden = !m.topicsError;
      byId('topics-error').textContent = m.topicsError ?? '';
      writeForm();
      if (saved?.draft) flushDraft();
      renderHistory(m.history);
      showResult(m.last);
      showPanelError(m.lastError);
      setBusy(m.busy !== null, m.busy?.sent, m.busy?.total);
      break;
    }
    case 'topics':
      topics = m.topics;
      byId('topics-error').hidden = !m.error;
      byId('topics-error').textContent = m.error ?? '';
      renderTopics();
      validate();
      break;
    case 'progress':
      setBusy(true, m.sent, m.total);
      break;
    case 'result':
      setBusy(false);
      showPanelError(null);
      showResult(m.summary);
      renderHistory(m.history);
      break;
    case 'error':
      setBusy(false);
      serverErrors = m.error.errors ?? (m.error.field ? { [m.error.field]: m.error.message } : {});
      validate();
      showPanelError(m.error);
      break;
    case 'info':
      showPanelError(null);
      byId('progress-text').textContent = m.message;
      break;
  }
});

build();
post({ type: 'ready' });
