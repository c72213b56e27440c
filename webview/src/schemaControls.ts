// The key's and value's schema: subject + version from the cluster's registry or a local schema file,
// the Example button, and the extension's verdict on the typed JSON (each problem at its field, listed
// under the editor). The extension holds the schemas; this file only shows and edits the choice.
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { emptySchemaRef, isSchemaFormat, SchemaRef } from '../../src/kafka/rules/produceEncoding';
import type { SchemaCheck, SchemaPart, ToWebview } from '../../src/producer/protocol';
import { byId, clear, h } from './dom';
import { post, state } from './state';

const cap = (p: SchemaPart): string => (p === 'key' ? 'Key' : 'Value');

/** Subject + version (registry) or file + message (local), and Example: shown when the format is a schema. */
export function schemaRow(part: SchemaPart): HTMLElement {
  return h('div', { class: 'schema-row', id: `${part}-schema-row`, hidden: true },
    h('div', { class: 'schema-registry', id: `${part}-registry` },
      h('vscode-single-select', { id: `${part}-subject`, combobox: true, 'aria-label': `${cap(part)} schema subject` }),
      h('vscode-textfield', { id: `${part}-version`, class: 'version', placeholder: 'latest', 'aria-label': `${cap(part)} schema version`, title: 'latest, or a version number' })),
    h('div', { class: 'schema-file', id: `${part}-file` },
      h('vscode-textfield', { id: `${part}-schema-path`, class: 'path', placeholder: '/path/to/order.avsc or .proto', 'aria-label': `${cap(part)} schema file` }),
      h('vscode-textfield', { id: `${part}-message`, class: 'message', placeholder: 'message (Protobuf)', 'aria-label': `${cap(part)} Protobuf message name` })),
    h('vscode-button', { id: `${part}-example`, secondary: true, title: `Fill the ${part} with an example generated from its schema` }, 'Example'));
}

/** Under the editor: which schema checked the text, and every field that does not fit it. */
export function schemaVerdict(part: SchemaPart): HTMLElement {
  return h('div', { class: 'schema-verdict', id: `${part}-schema-verdict`, hidden: true },
    h('div', { class: 'help', id: `${part}-schema-label` }),
    h('ul', { class: 'error schema-errors', id: `${part}-schema-errors`, role: 'alert', 'aria-live': 'polite' }));
}

const formatOf = (part: SchemaPart): string => (part === 'key' ? state.draft.keyFormat : state.draft.valueFormat);
const refOf = (part: SchemaPart): SchemaRef => {
  const d = state.draft;
  const r = part === 'key' ? d.keySchema : d.valueSchema;
  if (r) return r;
  const fresh = emptySchemaRef();
  if (part === 'key') d.keySchema = fresh; else d.valueSchema = fresh;
  return fresh;
};

const field = (id: string): HTMLElement & { value: string } => byId<HTMLElement & { value: string }>(id);

export function renderSubjects(): void {
  for (const part of ['key', 'value'] as const) {
    const s = byId<VscodeSingleSelect>(`${part}-subject`);
    clear(s);
    const current = state.draft[part === 'key' ? 'keySchema' : 'valueSchema']?.subject ?? '';
    const names = state.subjects ? state.subjects.map((x) => x.subject) : [];
    if (current && !names.includes(current)) names.unshift(current);
    for (const n of names) {
      const info = state.subjects?.find((x) => x.subject === n);
      s.append(h('vscode-option', { value: n, selected: n === current, description: info ? `${info.schemaType} · v${info.latestVersion}` : 'not in the registry' }, n));
    }
  }
}

/** Writes the draft's schema choices into the controls (after init or a draft from the extension). */
export function writeSchema(): void {
  for (const part of ['key', 'value'] as const) {
    const r = refOf(part);
    field(`${part}-version`).value = r.version;
    field(`${part}-schema-path`).value = r.path;
    field(`${part}-message`).value = r.messageName;
  }
  renderSubjects();
  if (state.subjects === undefined && (isSchemaFormat(state.draft.keyFormat) || isSchemaFormat(state.draft.valueFormat))) requestSubjects();
}

function requestSubjects(): void {
  state.subjects = null;
  post({ type: 'listSubjects' });
}

/** The extension's verdict for the part, if it is about the text the form holds now. */
export function currentCheck(part: SchemaPart): SchemaCheck | undefined {
  const c = state.checks[part];
  const text = part === 'key' ? state.draft.key : state.draft.value;
  return c && c.text === text && isSchemaFormat(formatOf(part)) ? c : undefined;
}

/** True when a schema verdict forbids sending (a field error or no schema to encode with). */
export const schemaBlocks = (): boolean => (['key', 'value'] as const).some((p) => {
  const c = currentCheck(p);
  return c !== undefined && (c.fieldErrors.length > 0 || c.problem !== undefined);
});

/** Shows or hides the schema rows for the chosen formats and lists the verdicts under the editors. */
export function renderSchema(): void {
  for (const part of ['key', 'value'] as const) {
    const format = formatOf(part);
    byId(`${part}-schema-row`).hidden = !isSchemaFormat(format);
    byId(`${part}-registry`).hidden = format !== 'schema';
    byId(`${part}-file`).hidden = format !== 'schema-file';
    const c = currentCheck(part);
    byId(`${part}-schema-verdict`).hidden = !isSchemaFormat(format);
    const label = byId(`${part}-schema-label`);
    const subjectsNote = format === 'schema' && state.subjectsError ? ` ${state.subjectsError}` : '';
    label.textContent = c?.label ? `Checked with ${c.label}.${subjectsNote}` : subjectsNote.trim();
    const list = byId(`${part}-schema-errors`);
    clear(list);
    if (c?.problem) list.append(h('li', {}, c.problem));
    for (const f of c?.fieldErrors ?? []) {
      list.append(h('li', {}, h('code', {}, f.path === '' ? '(whole value)' : f.path), ` ${f.message}`));
    }
    const control = document.getElementById(part);
    if (c && (c.fieldErrors.length > 0 || c.problem)) control?.setAttribute('invalid', '');
  }
}

/** Handles the extension's schema messages. */
export function onSchemaMessage(m: Extract<ToWebview, { type: 'schemaCheck' | 'subjects' | 'example' }>, changed: () => void, writeText: (part: SchemaPart, text: string) => void): void {
  switch (m.type) {
    case 'schemaCheck':
      state.checks = {};
      for (const c of m.checks) state.checks[c.part] = c;
      renderSchema();
      break;
    case 'subjects':
      state.subjects = m.subjects;
      state.subjectsError = m.error;
      renderSubjects();
      renderSchema();
      break;
    case 'example':
      if (m.text === undefined) {
        state.checks[m.part] = { part: m.part, text: m.part === 'key' ? state.draft.key : state.draft.value, fieldErrors: [], problem: m.error ?? 'No example.' };
        renderSchema();
        break;
      }
      writeText(m.part, m.text);
      changed();
      break;
  }
}

/** Wires the schema controls: every edit updates the draft (and so the extension's check). */
export function wireSchema(changed: () => void): void {
  for (const part of ['key', 'value'] as const) {
    const on = (id: string, apply: (r: SchemaRef, v: string) => void): void => {
      const el = field(id);
      const handler = (): void => { apply(refOf(part), el.value); changed(); };
      el.addEventListener('input', handler);
      el.addEventListener('change', handler);
    };
    on(`${part}-subject`, (r, v) => { r.subject = v; });
    on(`${part}-version`, (r, v) => { r.version = v; });
    on(`${part}-schema-path`, (r, v) => { r.path = v; });
    on(`${part}-message`, (r, v) => { r.messageName = v; });
    byId(`${part}-example`).addEventListener('click', () => post({ type: 'example', part, draft: state.draft }));
  }
}

/** After a format change: the subjects are listed the first time a registry schema is chosen. */
export function formatChanged(): void {
  if (state.subjects === undefined && (state.draft.keyFormat === 'schema' || state.draft.valueFormat === 'schema')) requestSubjects();
}
