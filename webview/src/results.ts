// What happened: the progress of a send, its result line and summary, the panel-level error, and the
// list of recent sends.
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import { valueKind } from '../../src/kafka/rules/produceValidation';
import type { HistoryEntry, PanelError, SendSummary } from '../../src/producer/protocol';
import { byId, clear, h, svgIcon } from './dom';
import { writeForm, changed } from './form';
import { duration, headline, offsets, plural, preview, rate, time } from './format';
import { post, state } from './state';

export function setBusy(b: boolean, sent = 0, total = 0): void {
  state.busy = b;
  byId('send').toggleAttribute('disabled', b || state.repeat?.running === true);
  byId('repeat-start').toggleAttribute('disabled', b);
  byId('cancel').hidden = !b;
  const bar = byId<VscodeProgressBar>('progress');
  bar.hidden = !b || total <= 1;
  bar.max = Math.max(1, total);
  bar.value = sent;
  byId('progress-text').textContent = b ? (total > 1 ? `Sending… ${sent.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}` : 'Sending…') : '';
}

export function showResult(s: SendSummary | null): void {
  const box = byId('result');
  clear(box);
  if (!s) return;
  // The text is in the theme's foreground colour (readable on every theme); only the icon is coloured.
  const ok = !s.cancelled;
  box.append(h('p', { class: `result-line ${ok ? 'ok' : 'warn'}`, id: 'result-headline' },
    svgIcon(ok ? 'pass' : 'warning'), h('span', { class: 'result-text' }, headline(s))));
  if (s.sent <= 1 && !s.cancelled) return;
  const rows: Array<[string, string]> = [
    ['Count', s.sent.toLocaleString('en-US') + (s.cancelled ? ` of ${s.requested.toLocaleString('en-US')} (cancelled)` : '')],
    ['Partitions', s.partitions.map((p) => `${p.partition} (${p.count.toLocaleString('en-US')})`).join(', ') || '—'],
    ['First/last offsets', s.partitions.map((p) => `p${p.partition}: ${p.firstOffset}…${p.lastOffset}`).join(', ') || '—'],
    ['Duration', duration(s.durationMs)],
    ['Throughput', rate(s.msgsPerSec)],
  ];
  box.append(h('dl', { class: 'summary', id: 'summary' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

export function showPanelError(e: PanelError | null): void {
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

/** The entry's key and value in a few words; an absent key or value is said in words, never shown as text. */
function body(e: HistoryEntry): string {
  const d = e.draft;
  const key = d.keyFormat === 'null' || (d.keyFormat === 'text' && d.key === '') ? '' : d.keyFormat === 'empty' ? 'key "" · ' : `key ${preview(d.key, 24)} · `;
  const kind = valueKind(d);
  if (kind === 'null') return `${key}null value (tombstone)`;
  // Primitives and schemas say which (e.g. "int64 42", "schema orders-value {…}"); plain values JSON or text.
  const what = kind === 'json' ? 'JSON' : kind === 'schema' ? `schema ${d.valueSchema?.subject ?? ''}`.trim()
    : kind === 'schema-file' ? 'schema file' : kind === undefined || kind === 'text' ? 'text' : kind;
  return `${key}${what} ${preview(d.value)}`;
}

export function renderHistory(list: HistoryEntry[]): void {
  const box = byId('history');
  clear(box);
  if (list.length === 0) { box.append(h('p', { class: 'muted' }, 'Nothing sent yet.')); return; }
  const ul = h('ul', { class: 'history-list' });
  for (const e of list) {
    const resend = h('vscode-button', { secondary: true, 'aria-label': `Re-send ${e.draft.topic} ${time(e.summary.at)}` }, 'Re-send');
    resend.addEventListener('click', () => {
      if (state.busy) return;
      showResult(null);
      post({ type: 'resend', historyId: e.id });
    });
    const edit = h('vscode-button', { secondary: true, 'aria-label': `Load into the form: ${e.draft.topic} ${time(e.summary.at)}` }, 'Edit');
    edit.addEventListener('click', () => {
      state.draft = { ...e.draft, headers: e.draft.headers.map((x) => ({ ...x })) };
      writeForm();
      changed();
    });
    const what = `${time(e.summary.at)} · ${e.draft.topic} · ${plural(e.summary.sent, 'message')} · ${offsets(e.summary)}`;
    ul.append(h('li', {}, h('div', { class: 'h-text' }, h('div', { class: 'h-what' }, what), h('div', { class: 'muted mono' }, body(e))), h('div', { class: 'h-actions' }, resend, edit)));
  }
  box.append(ul);
}
