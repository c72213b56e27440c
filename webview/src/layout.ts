// The panel's static structure: every control, with its label, help and error line. Behaviour is wired
// in events.ts; contents are filled in by form.ts and results.ts.
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { FieldName } from '../../src/kafka/rules/produceValidation';
import { PLACEHOLDER_HELP } from '../../src/kafka/rules/template';
import { byId, clear, h } from './dom';
import { INTERVAL_HELP } from './repeat';
import { schemaRow, schemaVerdict } from './schemaControls';

/** Kafka's own Serdes (big-endian numbers) and raw bytes, then a schema: offered for key and value alike. */
const ENCODED: Array<[string, string]> = [
  ['int16', 'int16'], ['int32', 'int32'], ['int64', 'int64'], ['float32', 'float32'], ['float64', 'float64'],
  ['hex', 'Bytes (hex)'], ['base64', 'Bytes (base64)'], ['schema', 'Schema (registry)'], ['schema-file', 'Schema file'],
];

function field(id: FieldName, label: string, control: HTMLElement, help?: string): HTMLElement {
  return h('div', { class: 'field', id: `field-${id}` },
    h('vscode-label', { for: control.id }, label),
    control,
    help ? h('div', { class: 'help' }, help) : null,
    errorLine(id));
}

const errorLine = (id: FieldName): HTMLElement => h('div', { class: 'error', id: `error-${id}`, role: 'alert', 'aria-live': 'polite' });

export function select(id: string, options: Array<[string, string]>, aria: string): VscodeSingleSelect {
  const s = h('vscode-single-select', { id, 'aria-label': aria });
  for (const [value, label] of options) s.append(h('vscode-option', { value }, label));
  return s;
}

function topicSection(): HTMLElement {
  return h('header', { class: 'top' },
    h('h1', {}, 'Produce to ', h('span', { id: 'cluster-name' })),
    h('div', { class: 'field', id: 'field-topic' },
      h('vscode-label', { for: 'topic' }, 'Topic'),
      h('div', { class: 'topic-line' },
        h('vscode-single-select', { id: 'topic', 'aria-label': 'Topic', combobox: true }),
        h('vscode-button', { id: 'refresh-topics', secondary: true, title: 'Reload the topic list' }, 'Reload topics')),
      errorLine('topic')));
}

function keyField(): HTMLElement {
  return h('div', { class: 'field', id: 'field-key' },
    h('div', { class: 'value-head' },
      h('vscode-label', { for: 'key' }, 'Key'),
      select('key-format', [['text', 'Text'], ['empty', 'Empty key ("")'], ['null', 'No key (null)'], ...ENCODED], 'Key format')),
    schemaRow('key'),
    h('vscode-textfield', { id: 'key', placeholder: 'optional, e.g. user-{{seq}}' }),
    h('div', { class: 'help', id: 'key-help' }),
    schemaVerdict('key'),
    errorLine('key'));
}

function valueField(): HTMLElement {
  return h('div', { class: 'field', id: 'field-value' },
    h('div', { class: 'value-head' },
      h('div', { class: 'label-group' },
        h('vscode-label', { for: 'value' }, 'Value'),
        // What the value is sent as (for Auto: JSON when it parses, text otherwise).
        h('vscode-badge', { id: 'value-kind', title: 'What the value is sent as', 'aria-live': 'polite' })),
      select('value-format', [['auto', 'Auto'], ['json', 'JSON'], ['text', 'Text'], ['null', 'null (tombstone)'], ...ENCODED], 'Value format'),
      h('vscode-button', { id: 'pretty', secondary: true, title: 'Re-indent the JSON value' }, 'Pretty-print')),
    schemaRow('value'),
    h('vscode-textarea', { id: 'value', monospace: true, rows: 8, resize: 'vertical', placeholder: 'Hello, or {"id": {{seq}}, "at": {{timestamp}}}' }),
    h('div', { class: 'help', id: 'value-help' }),
    schemaVerdict('value'),
    errorLine('value'));
}

function optionsSection(): HTMLElement {
  return h('div', { class: 'options' },
    field('partition', 'Partition', h('vscode-textfield', { id: 'partition', placeholder: 'automatic' }), ''),
    field('compression', 'Compression', select('compression', [['none', 'none'], ['gzip', 'gzip'], ['snappy', 'snappy'], ['lz4', 'lz4'], ['zstd', 'zstd']], 'Compression')),
    field('acks', 'Acks', select('acks', [['all', 'all (idempotent)'], ['leader', 'leader']], 'Acks')),
    field('count', 'Count', h('vscode-textfield', { id: 'count', inputmode: 'numeric' }), 'Send ×N'));
}

/** "Send every N seconds": interval, Start/Stop and the running state on one line. */
function repeatSection(): HTMLElement {
  return h('div', { class: 'field', id: 'field-interval' },
    h('div', { class: 'repeat', id: 'repeat' },
      h('vscode-label', { for: 'interval' }, 'Send every'),
      h('vscode-textfield', { id: 'interval', class: 'interval', inputmode: 'decimal', 'aria-label': 'Interval in seconds' }),
      h('span', { class: 'muted' }, 's'),
      h('vscode-button', { id: 'repeat-start', secondary: true, title: 'Send the form every N seconds until Stop' }, 'Start'),
      h('vscode-button', { id: 'repeat-stop', hidden: true, title: 'Stop sending every N seconds' }, 'Stop'),
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      h('span', { id: 'repeat-status', class: 'repeat-status', role: 'status', 'aria-live': 'polite' })),
    h('div', { class: 'help' }, `Interval in ${INTERVAL_HELP}. Stops on Stop, on a send error, or when the panel closes.`),
    h('div', { class: 'error', id: 'error-interval', role: 'alert', 'aria-live': 'polite' }));
}

export function build(): void {
  const app = byId('app');
  clear(app);
  app.removeAttribute('aria-busy');
  app.append(
    topicSection(),
    h('div', { class: 'banner', id: 'topics-error', role: 'status', hidden: true }),
    h('section', { class: 'form', 'aria-label': 'Message' },
      keyField(),
      valueField(),
      h('div', { class: 'field', id: 'field-headers' },
        h('div', { class: 'headers-head' },
          h('vscode-label', {}, 'Headers'),
          h('vscode-button', { id: 'add-header', secondary: true }, 'Add header')),
        h('div', { id: 'headers', class: 'headers' }),
        errorLine('headers')),
      optionsSection(),
      h('div', { class: 'help' }, `Placeholders in key and value: ${PLACEHOLDER_HELP}.`),
      h('div', { class: 'actions' },
        h('vscode-button', { id: 'send', title: 'Send (Ctrl+Enter)' }, 'Send'),
        h('vscode-button', { id: 'cancel', secondary: true, hidden: true }, 'Cancel'),
        h('span', { id: 'progress-text', class: 'progress-text', role: 'status', 'aria-live': 'polite' })),
      h('vscode-progress-bar', { id: 'progress', hidden: true, 'aria-label': 'Sending' }),
      repeatSection()),
    h('section', { class: 'result', 'aria-label': 'Result' },
      h('div', { id: 'panel-error', class: 'panel-error', role: 'alert', hidden: true }),
      h('div', { id: 'result', role: 'status', 'aria-live': 'polite' })),
    h('vscode-divider', {}),
    h('section', { class: 'history', 'aria-label': 'History' },
      h('h2', {}, 'Recent sends'),
      h('div', { id: 'history' }, h('p', { class: 'muted' }, 'Nothing sent yet.'))),
  );
}
