// The form rules shared by the webview and the extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDraft, parseDraft, ProduceDraft, validateDraft, valueKind } from '../../src/kafka/rules/produceValidation';

const draft = (d: Partial<ProduceDraft> = {}): ProduceDraft => ({ ...emptyDraft('orders'), value: '{"a":1}', ...d });

test('a good draft becomes a spec: blank header rows dropped, numbers parsed', () => {
  const r = validateDraft(draft({ key: 'k{{seq}}', headers: [{ name: 'h', value: '1' }, { name: '', value: '' }], partition: ' 2 ', count: '10' }), { partitionCount: 3 });
  assert.ok(r.ok);
  assert.equal(r.spec.partition, 2);
  assert.equal(r.spec.count, 10);
  assert.deepEqual(r.spec.headers, [{ name: 'h', value: '1' }]);
  assert.equal(r.spec.key?.dynamic, true);
  const noKey = validateDraft(draft({ key: '' }));
  assert.ok(noKey.ok && noKey.spec.key === null && noKey.spec.partition === undefined);
});

test('each bad field gets its own specific message', () => {
  const errors = (d: Partial<ProduceDraft>, partitionCount?: number): Record<string, string> => {
    const r = validateDraft(draft(d), { partitionCount });
    assert.equal(r.ok, false, JSON.stringify(d));
    return (r as { errors: Record<string, string> }).errors;
  };
  assert.match(errors({ value: '{"a":', valueFormat: 'json' }).value, /^The value is not valid JSON: /);
  assert.match(errors({ value: '{"a": {{seq}}', valueFormat: 'json' }).value, /not valid JSON \(with placeholders filled in\)/);
  assert.match(errors({ value: '', valueFormat: 'json' }).value, /The value is empty: JSON needs a value/);
  assert.match(errors({ value: '{"a": {{nope}}}' }).value, /unknown placeholder \{\{nope\}\}/);
  assert.match(errors({ key: '{{randomInt(3,1)}}' }).key, /^Key: .*greater than/);
  assert.match(errors({ headers: [{ name: 'ok', value: '' }, { name: ' ', value: 'v' }] }).headers, /^Header 2 has a value but no name\.$/);
  assert.match(errors({ partition: '-1' }).partition, /"-1" is not a partition number/);
  assert.match(errors({ partition: 'two' }).partition, /"two" is not a partition number/);
  assert.match(errors({ partition: '3' }, 3).partition, /Partition 3 does not exist: "orders" has 3 partitions \(0…2\)/);
  assert.match(errors({ count: '0' }).count, /at least 1/);
  assert.match(errors({ count: '-1' }).count, /at least 1 \(got -1\)/);
  assert.match(errors({ count: 'NaN' }).count, /"NaN" is not a number of messages/);
  assert.match(errors({ count: '1.5' }).count, /not a number of messages/);
  assert.match(errors({ count: '99999999999' }).count, /at most/);
  assert.match(errors({ topic: '' }).topic, /Choose a topic/);
  assert.match(errors({ topic: 'bad topic!' }).topic, /not a valid topic name/);
  // Text values need not be JSON, and may be empty.
  assert.ok(validateDraft(draft({ valueFormat: 'text', value: '{"a":' })).ok);
  assert.ok(validateDraft(draft({ valueFormat: 'text', value: '' })).ok);
});

test('parseDraft accepts only well-formed drafts (the webview is untrusted)', () => {
  assert.deepEqual(parseDraft(draft()), draft());
  assert.match(String(parseDraft(null)), /not an object/);
  assert.match(String(parseDraft({ ...draft(), count: 5 })), /draft.count is not a string/);
  assert.match(String(parseDraft({ ...draft(), compression: 'brotli' })), /compression is not one of/);
  assert.match(String(parseDraft({ ...draft(), acks: 0 })), /acks/);
  assert.match(String(parseDraft({ ...draft(), headers: [{ name: 1, value: 'x' }] })), /not \{name, value\}/);
  assert.match(String(parseDraft({ ...draft(), headers: 'x' })), /headers is not a list/);
  // Extra properties are dropped, not passed through.
  const p = parseDraft({ ...draft(), evil: '<script>' });
  assert.equal(typeof p === 'object' && 'evil' in p, false);
});

test('Auto (the default) sends JSON as JSON and anything else as text: the course\'s Hello, Theja, {"name":"Theja"}', () => {
  assert.equal(emptyDraft('t').valueFormat, 'auto');
  for (const [value, kind] of [['Hello', 'text'], ['Theja', 'text'], ['{"name":"Theja"}', 'json'], ['', 'text'], ['{"n": {{seq}}}', 'json'], ['{"a":', 'text']] as const) {
    const r = validateDraft(draft({ valueFormat: 'auto', value }));
    assert.ok(r.ok, `${value} is sent under Auto`);
    assert.equal(r.spec.value?.source, value, 'sent exactly as typed');
    assert.equal(valueKind({ valueFormat: 'auto', value }), kind, value);
  }
  // Explicit JSON stays strict, and its error says how to send plain text.
  const r = validateDraft(draft({ valueFormat: 'json', value: 'Hello' }));
  assert.ok(!r.ok);
  assert.match(r.errors.value ?? '', /^The value is not valid JSON: .*\. To send it as plain text, choose Text or Auto as the value format\.$/);
  assert.equal(valueKind({ valueFormat: 'json', value: 'Hello' }), undefined);
  assert.equal(valueKind({ valueFormat: 'text', value: '{}' }), 'text');
});

test('null (tombstone) value and no key vs the empty key', () => {
  const tomb = validateDraft(draft({ valueFormat: 'null', value: 'ignored {{nope}}', key: 'k1' }));
  assert.ok(tomb.ok);
  assert.equal(tomb.spec.value, null);
  assert.equal(valueKind({ valueFormat: 'null', value: 'x' }), 'null');
  const key = (d: Partial<ProduceDraft>): string | null => {
    const r = validateDraft(draft(d));
    assert.ok(r.ok, JSON.stringify(d));
    return r.spec.key === null ? null : r.spec.key.source;
  };
  assert.equal(key({ keyFormat: 'text', key: '' }), null, 'an empty field is no key, as before');
  assert.equal(key({ keyFormat: 'text', key: 'k' }), 'k');
  assert.equal(key({ keyFormat: 'empty', key: 'typed but not used' }), '', 'the empty key');
  assert.equal(key({ keyFormat: 'null', key: 'typed but not used' }), null);
});

test('drafts saved by the previous version (no keyFormat, valueFormat json) still load', () => {
  const old: Record<string, unknown> = { topic: 'orders', key: '', value: '{"a":1}', valueFormat: 'json', headers: [], partition: '', compression: 'none', acks: 'all', count: '1' };
  const p = parseDraft(old);
  assert.ok(typeof p === 'object');
  assert.equal(p.keyFormat, 'text');
  assert.equal(p.valueFormat, 'json');
  assert.ok(validateDraft(p).ok);
  for (const f of ['auto', 'text', 'null'] as const) assert.equal((parseDraft({ ...old, valueFormat: f }) as ProduceDraft).valueFormat, f);
  assert.match(String(parseDraft({ ...old, valueFormat: 'xml' })), /valueFormat is not one of auto, json, text, null/);
  assert.match(String(parseDraft({ ...old, keyFormat: 'undefined' })), /keyFormat is not one of text, empty, null/);
});
