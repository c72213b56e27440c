// What the person does: typing, choosing, sending, cancelling (mouse and keyboard).
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import { prettyJson } from '../../src/kafka/rules/prettyJson';
import { KEY_FORMATS, ProduceDraft, VALUE_FORMATS } from '../../src/kafka/rules/produceValidation';
import { byId } from './dom';
import { changed, CONTROL, FIELDS, flushDraft, renderHeaders, renderTopics, sel, validate } from './form';
import { showPanelError, showResult } from './results';
import { formatChanged, schemaBlocks, wireSchema } from './schemaControls';
import { post, state } from './state';

function send(): void {
  if (state.busy || state.repeat?.running) return;
  state.touched = true;
  state.serverErrors = {};
  const errors = validate();
  if (Object.keys(errors).length > 0 || schemaBlocks()) {
    showResult(null);
    showPanelError({ message: Object.keys(errors).length > 0 ? 'Fix the marked fields; nothing was sent.' : 'The JSON does not fit its schema (see under the editor); nothing was sent.' });
    const first = FIELDS.find((f) => errors[f]);
    const ctl = first && CONTROL[first] ? document.getElementById(CONTROL[first] as string) : null;
    ctl?.focus();
    return;
  }
  // The previous outcome goes as soon as a new send starts, so old and new are never shown together.
  showPanelError(null);
  showResult(null);
  flushDraft(false);
  post({ type: 'send', draft: state.draft });
}

const oneOf = <T extends string>(allowed: readonly T[], v: string, fallback: T): T => ((allowed as readonly string[]).includes(v) ? (v as T) : fallback);

export function wire(): void {
  const onInput = (id: string, apply: (v: string) => void): void => {
    const el = byId<HTMLElement & { value: string }>(id);
    el.addEventListener('input', () => { apply(el.value); changed(); });
    el.addEventListener('change', () => { apply(el.value); changed(); });
  };
  const d = (): ProduceDraft => state.draft;
  onInput('key', (v) => { d().key = v; });
  onInput('value', (v) => { d().value = v; });
  onInput('partition', (v) => { d().partition = v; });
  onInput('count', (v) => { d().count = v; });
  sel('key-format').addEventListener('change', () => { d().keyFormat = oneOf(KEY_FORMATS, sel('key-format').value, 'text'); formatChanged(); changed(); });
  sel('value-format').addEventListener('change', () => { d().valueFormat = oneOf(VALUE_FORMATS, sel('value-format').value, 'auto'); formatChanged(); changed(); });
  wireSchema(changed);
  sel('compression').addEventListener('change', () => { d().compression = sel('compression').value as ProduceDraft['compression']; changed(); });
  sel('acks').addEventListener('change', () => { d().acks = sel('acks').value === 'leader' ? 'leader' : 'all'; changed(); });
  sel('topic').addEventListener('change', () => {
    const v = sel('topic').value;
    if (!v || v === d().topic) return;
    d().topic = v;
    renderTopics();
    changed();
    flushDraft();
  });
  byId('refresh-topics').addEventListener('click', () => post({ type: 'refreshTopics' }));
  byId('add-header').addEventListener('click', () => {
    d().headers.push({ name: '', value: '' });
    renderHeaders();
    changed();
    const names = byId('headers').querySelectorAll<HTMLElement>('.header-name');
    names[names.length - 1]?.focus();
  });
  byId('pretty').addEventListener('click', () => {
    if (byId('pretty').hasAttribute('disabled')) return;
    d().value = prettyJson(d().value);
    byId<VscodeTextarea>('value').value = d().value;
    changed();
  });
  byId('send').addEventListener('click', send);
  byId('cancel').addEventListener('click', () => post({ type: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
    if (e.key === 'Escape' && state.busy) post({ type: 'cancel' });
  });
}
