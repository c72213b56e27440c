// Template placeholders: parsing errors name the bad placeholder; rendering is per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, renderTemplate, Template } from '../../src/kafka/rules/template';
import { prettyJson } from '../../src/kafka/rules/prettyJson';

const parse = (s: string): Template => {
  const t = parseTemplate(s);
  if ('error' in t) throw new Error(t.error);
  return t;
};

test('literal text renders unchanged and is not dynamic', () => {
  const t = parse('{"a": 1} {not a placeholder}');
  assert.equal(t.dynamic, false);
  assert.equal(renderTemplate(t, { seq: 7 }), '{"a": 1} {not a placeholder}');
});

test('seq, uuid, timestamp and randomInt render per message', () => {
  const t = parse('{"n":{{seq}},"id":"{{ uuid }}","ts":{{timestamp}},"r":{{randomInt(5, 7)}}}');
  assert.equal(t.dynamic, true);
  const out = renderTemplate(t, { seq: 3, now: () => 1700000000000, uuid: () => 'U', random: () => 0.999 });
  assert.equal(out, '{"n":3,"id":"U","ts":1700000000000,"r":7}');
  assert.equal(renderTemplate(t, { seq: 1, now: () => 0, uuid: () => 'U', random: () => 0 }), '{"n":1,"id":"U","ts":0,"r":5}');
  const real = renderTemplate(parse('{{uuid}}'), { seq: 1 });
  assert.match(real, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) seen.add(Number(renderTemplate(parse('{{randomInt(-2,2)}}'), { seq: i })));
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
});

test('bad placeholders are named in the error', () => {
  const err = (s: string): string => {
    const t = parseTemplate(s);
    assert.ok('error' in t, `expected an error for ${s}`);
    return t.error;
  };
  assert.match(err('x {{sequence}}'), /unknown placeholder \{\{sequence\}\}: use \{\{seq\}\}/);
  assert.match(err('{{randomInt(9,1)}}'), /first bound \(9\) is greater than the second \(1\)/);
  assert.match(err('{{randomInt(a,b)}}'), /write \{\{randomInt\(a,b\)\}\} with two integers/);
  assert.match(err('{{randomInt(1.5,2)}}'), /two integers/);
});

test('prettyJson re-indents, keeps placeholders and exact digits', () => {
  assert.equal(prettyJson('{"a":1,"b":[1,2,{}],"c":{"d":"x, y: {z}"}}'),
    '{\n  "a": 1,\n  "b": [\n    1,\n    2,\n    {}\n  ],\n  "c": {\n    "d": "x, y: {z}"\n  }\n}');
  assert.equal(prettyJson('{"id":{{seq}},"n":12345678901234567890,"s":"q\\"{{uuid}}"}'),
    '{\n  "id": {{seq}},\n  "n": 12345678901234567890,\n  "s": "q\\"{{uuid}}"\n}');
  assert.equal(prettyJson('  "just a string"  '), '"just a string"');
  assert.equal(prettyJson('[ ]'), '[]');
});
