// The form <-> the draft: writing the draft into the controls, and checking it as you type (the same
// rules as the extension, from src/kafka/rules/produceValidation.ts).
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { isProducePrimitive } from '../../src/kafka/rules/produceEncoding';
import { FieldErrors, FieldName, KeyFormat, validateDraft, ValueFormat, valueKind, ValueKind } from '../../src/kafka/rules/produceValidation';
import { byId, clear, h } from './dom';
import { plural } from './format';
import { renderSchema, writeSchema } from './schemaControls';
import { partitionCount, post, saveState, state } from './state';

export const tf = (id: string): VscodeTextfield => byId<VscodeTextfield>(id);
export const sel = (id: string): VscodeSingleSelect => byId<VscodeSingleSelect>(id);

export const FIELDS: FieldName[] = ['topic', 'key', 'value', 'headers', 'partition', 'count', 'compression', 'acks'];
export const CONTROL: Partial<Record<FieldName, string>> = { topic: 'topic', key: 'key', value: 'value', partition: 'partition', count: 'count' };

/** Selects by value whether or not the select has read its slotted options yet. */
function setSelect(s: VscodeSingleSelect, value: string): void {
  for (const o of Array.from(s.querySelectorAll('vscode-option'))) o.toggleAttribute('selected', o.getAttribute('value') === value);
  s.value = value;
}

export function writeForm(): void {
  const d = state.draft;
  tf('key').value = d.key;
  setSelect(sel('key-format'), d.keyFormat);
  byId<VscodeTextarea>('value').value = d.value;
  setSelect(sel('value-format'), d.valueFormat);
  tf('partition').value = d.partition;
  setSelect(sel('compression'), d.compression);
  setSelect(sel('acks'), d.acks);
  tf('count').value = d.count;
  writeSchema();
  renderTopics();
  renderHeaders();
  validate();
}

let syncTimer: ReturnType<typeof setTimeout> | undefined;
export function changed(): void {
  state.touched = true;
  state.serverErrors = {};
  saveState();
  // The extension keeps a copy (persisted per cluster/topic); debounce so typing stays cheap.
  clearTimeout(syncTimer);
  syncTimer = setTimeout(() => post({ type: 'draftChanged', draft: state.draft }), 250);
  validate();
}

/** Sends the draft to the extension now (a send carries it anyway: then only the timer is dropped). */
export function flushDraft(postIt = true): void {
  clearTimeout(syncTimer);
  if (postIt) post({ type: 'draftChanged', draft: state.draft });
}

export function renderHeaders(): void {
  const box = byId('headers');
  clear(box);
  state.draft.headers.forEach((row, i) => {
    const name = h('vscode-textfield', { placeholder: 'name', 'aria-label': `Header ${i + 1} name`, class: 'header-name' });
    const value = h('vscode-textfield', { placeholder: 'value', 'aria-label': `Header ${i + 1} value`, class: 'header-value' });
    name.value = row.name;
    value.value = row.value;
    name.addEventListener('input', () => { state.draft.headers[i].name = name.value; changed(); });
    value.addEventListener('input', () => { state.draft.headers[i].value = value.value; changed(); });
    const remove = h('vscode-button', { secondary: true, 'aria-label': `Remove header ${i + 1}`, title: 'Remove this header' }, 'Remove');
    remove.addEventListener('click', () => { state.draft.headers.splice(i, 1); renderHeaders(); changed(); });
    box.append(h('div', { class: 'header-row' }, name, value, remove));
  });
}

export function renderTopics(): void {
  const s = sel('topic');
  clear(s);
  const { draft, topics } = state;
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

const kindLabel = (k: ValueKind): string => ({ json: 'JSON', text: 'text', null: 'null', hex: 'bytes', base64: 'bytes', schema: 'schema', 'schema-file': 'schema file' } as Partial<Record<ValueKind, string>>)[k] ?? k;

const PRIMITIVE_HELP = 'big-endian, as Kafka\'s own serializers write it; placeholders such as {{seq}} work';

function keyHelp(f: KeyFormat): string {
  if (isProducePrimitive(f)) return f === 'hex' || f === 'base64' ? `Raw bytes typed as ${f}${f === 'hex' ? ' (spaces allowed)' : ''}.` : `An ${f} (${PRIMITIVE_HELP}).`;
  return {
    text: 'Empty = no key (null): partition chosen round-robin.',
    empty: 'Sends a zero-length key (""), which Kafka keeps apart from no key.',
    null: 'Sends no key (null). A compacted topic refuses records without a key.',
    schema: 'JSON encoded with the subject\'s schema (Confluent wire format).',
    'schema-file': 'JSON encoded with the schema file (no registry framing).',
  }[f as 'text'];
}

function valueHelp(f: ValueFormat, kind: ValueKind | undefined): string {
  if (isProducePrimitive(f)) return f === 'hex' || f === 'base64' ? `Raw bytes typed as ${f}${f === 'hex' ? ' (spaces allowed)' : ''}.` : `An ${f} (${PRIMITIVE_HELP}).`;
  return {
    auto: kind === 'json' ? 'Auto: valid JSON, sent as JSON.' : 'Auto: not JSON, sent as text as typed.',
    json: 'JSON: checked as you type.',
    text: 'Text: sent exactly as typed.',
    null: 'null (tombstone): no value. On a compacted topic it deletes the key.',
    schema: 'JSON, checked against the subject\'s schema as you type and sent in Confluent\'s wire format (Avro: its JSON encoding; Protobuf: its JSON mapping).',
    'schema-file': 'JSON, checked against the schema file as you type and sent without registry framing.',
  }[f as 'auto'];
}

/** The key and value controls follow their format: disabled when there is nothing to type, and say why. */
function renderFormats(): void {
  const d = state.draft;
  tf('key').toggleAttribute('disabled', d.keyFormat === 'empty' || d.keyFormat === 'null');
  byId('key-help').textContent = keyHelp(d.keyFormat);
  byId('value').toggleAttribute('disabled', d.valueFormat === 'null');
  const kind = valueKind(d);
  const badge = byId('value-kind');
  badge.hidden = kind === undefined;
  badge.textContent = kind ? kindLabel(kind) : '';
  byId('value-help').textContent = valueHelp(d.valueFormat, kind);
  byId('pretty').toggleAttribute('disabled', kind !== 'json' && kind !== 'schema' && kind !== 'schema-file');
}

/** Validates as you type; returns the errors shown (local rules plus the extension's last verdict). */
export function validate(): FieldErrors {
  const r = validateDraft(state.draft, { partitionCount: partitionCount() });
  const errors: FieldErrors = { ...(r.ok ? {} : r.errors), ...state.serverErrors };
  for (const f of FIELDS) {
    const el = document.getElementById(`error-${f}`);
    // An untouched, empty form shows no errors yet; a failed send shows them all.
    const msg = state.touched || state.serverErrors[f] ? errors[f] ?? '' : '';
    if (el) el.textContent = msg;
    const control = CONTROL[f] ? document.getElementById(CONTROL[f] as string) : null;
    if (control) control.toggleAttribute('invalid', msg !== '');
  }
  renderFormats();
  renderSchema();
  return errors;
}
