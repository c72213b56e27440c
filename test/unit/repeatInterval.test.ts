// "Send every N seconds": the interval as typed gets a number or a specific message, and the webview's
// start/stop requests are parsed like every other message (the webview is untrusted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDraft } from '../../src/kafka/rules/produceValidation';
import { intervalText, parseInterval } from '../../src/kafka/rules/repeatInterval';
import { parseToHost } from '../../src/producer/messages';

test('interval: seconds from 0.1 to 3600, anything else says what would work', () => {
  assert.equal(parseInterval(' 2 '), 2);
  assert.equal(parseInterval('0.5'), 0.5);
  assert.equal(parseInterval('.25'), 0.25);
  assert.equal(parseInterval('3600'), 3600);
  assert.deepEqual(parseInterval(''), { error: 'Enter an interval in seconds, from 0.1 to 3600 (e.g. 2 or 0.5).' });
  assert.deepEqual(parseInterval('2s'), { error: '"2s" is not a number of seconds: enter one from 0.1 to 3600, e.g. 2 or 0.5.' });
  assert.deepEqual(parseInterval('-1'), { error: '"-1" is not a number of seconds: enter one from 0.1 to 3600, e.g. 2 or 0.5.' });
  assert.deepEqual(parseInterval('1e3'), { error: '"1e3" is not a number of seconds: enter one from 0.1 to 3600, e.g. 2 or 0.5.' });
  assert.deepEqual(parseInterval('0.05'), { error: 'Every 0.05 s is too often: the interval must be at least 0.1 s.' });
  assert.deepEqual(parseInterval('0'), { error: 'Every 0 s is too often: the interval must be at least 0.1 s.' });
  assert.deepEqual(parseInterval('3601'), { error: 'Every 3601 s is more than an hour: the interval must be at most 3600 s.' });
  assert.deepEqual([0.1, 2, 59.5, 60, 90, 3600].map(intervalText), ['0.1 s', '2 s', '59.5 s', '1 min', '1 min 30 s', '60 min']);
});

test('startRepeat and stopRepeat messages are parsed', () => {
  const draft = { ...emptyDraft('orders'), value: '{"n":{{seq}}}' };
  assert.deepEqual(parseToHost({ type: 'startRepeat', draft, interval: '2' }), { type: 'startRepeat', draft, interval: '2' });
  assert.deepEqual(parseToHost({ type: 'stopRepeat', extra: 1 }), { type: 'stopRepeat' });
  assert.deepEqual(parseToHost({ type: 'startRepeat', draft, interval: 2 }), { invalid: 'startRepeat: interval is not a short string' });
  assert.deepEqual(parseToHost({ type: 'startRepeat', interval: '2' }), { invalid: 'startRepeat: draft is not an object' });
});
