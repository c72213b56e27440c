// Every message the producer webview posts is parsed before the extension acts on it (the webview is
// untrusted): drafts with the new key/value formats, drafts from an older panel, and junk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDraft } from '../../src/kafka/rules/produceValidation';
import { parseToHost } from '../../src/producer/messages';

test('send and draftChanged carry a parsed draft, with the new formats and from an older panel', () => {
  const tomb = { ...emptyDraft('orders'), key: 'k', valueFormat: 'null', keyFormat: 'empty' };
  assert.deepEqual(parseToHost({ type: 'send', draft: tomb }), { type: 'send', draft: tomb });
  const { keyFormat: _dropped, ...old } = { ...emptyDraft('orders'), valueFormat: 'json' };
  const parsed = parseToHost({ type: 'draftChanged', draft: old });
  assert.ok(!('invalid' in parsed) && parsed.type === 'draftChanged');
  assert.equal(parsed.draft.keyFormat, 'text', 'an older panel\'s draft (no keyFormat) keeps its meaning: empty field = no key');
  assert.equal(parsed.draft.valueFormat, 'json');
});

test('malformed messages become a sentence, never a send', () => {
  const invalid = (m: unknown): string => {
    const r = parseToHost(m);
    assert.ok('invalid' in r, JSON.stringify(m));
    return r.invalid;
  };
  assert.match(invalid({ type: 'send', draft: { ...emptyDraft('t'), valueFormat: 'yaml' } }), /^send: draft.valueFormat is not one of auto, json, text, null, int16, int32, int64, float32, float64, hex, base64, schema, schema-file$/);
  assert.match(invalid({ type: 'send', draft: { ...emptyDraft('t'), keyFormat: null } }), /^send: draft.keyFormat is not one of text, empty, null, int16, int32, int64, float32, float64, hex, base64, schema, schema-file$/);
  assert.match(invalid({ type: 'send' }), /draft is not an object/);
  assert.match(invalid({ type: 'explode' }), /unknown message type "explode"/);
  assert.match(invalid('send'), /not an object/);
});
