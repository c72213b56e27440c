// Faker placeholders: the pure parser (paths, JSON arguments, exact messages), rendering through the real
// @faker-js/faker seeded for determinism, names checked against faker itself, and JSON templates that stay
// JSON whatever text faker generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faker } from '@faker-js/faker';
import { fakerNameError, fakerResolver } from '../../src/kafka/produce/fakerResolver';
import { FakerPart } from '../../src/kafka/rules/fakerPlaceholder';
import { emptyDraft, validateDraft, valueKind } from '../../src/kafka/rules/produceValidation';
import { prettyJson } from '../../src/kafka/rules/prettyJson';
import { parseTemplate, renderTemplate, Template } from '../../src/kafka/rules/template';

const parse = (s: string): Template => {
  const t = parseTemplate(s);
  if ('error' in t) throw new Error(t.error);
  return t;
};
const err = (s: string): string => {
  const t = parseTemplate(s);
  assert.ok('error' in t, `expected an error for ${s}`);
  return t.error;
};
const fakers = (t: Template): FakerPart[] => t.parts.filter((p): p is FakerPart => p.kind === 'faker');

test('faker placeholders parse into module, method and JSON arguments', () => {
  const t = parse('{"name":"{{faker.person.firstName}}","n":{{ faker.number.int({"min":1,"max":9}) }},"c":"{{faker.helpers.arrayElement(["a}}","b"])}}"}');
  assert.equal(t.faker, true);
  assert.deepEqual(fakers(t).map(({ module, method, args, inString }) => ({ module, method, args, inString })), [
    { module: 'person', method: 'firstName', args: [], inString: true },
    { module: 'number', method: 'int', args: [{ min: 1, max: 9 }], inString: false },
    { module: 'helpers', method: 'arrayElement', args: [['a}}', 'b']], inString: true },
  ]);
  assert.deepEqual(fakers(parse('{{faker.string.alpha(5)}} {{faker.date.between({"from":"2020-01-01","to":"2020-12-31"})}}')).map((p) => p.args),
    [[5], [{ from: '2020-01-01', to: '2020-12-31' }]]);
  assert.equal(fakers(parse('{{faker.internet.email()}}'))[0].args.length, 0);
  // Earlier placeholders behave as before, and a template without faker needs no resolver.
  assert.equal(parse('{"a":{{seq}}} {{{seq}}}').faker, false);
  assert.equal(renderTemplate(parse('{{{seq}}}'), { seq: 4 }), '{4}');
});

test('a malformed faker placeholder gets a message naming it', () => {
  assert.equal(err('{{faker.person}}'), '{{faker.person}}: name one faker generator as module.method, e.g. {{faker.person.firstName}} or {{faker.internet.email}}');
  assert.equal(err('x {{faker.a.b.c}}'), '{{faker.a.b.c}}: name one faker generator as module.method, e.g. {{faker.person.firstName}} or {{faker.internet.email}}');
  assert.equal(err('{{faker.number.int(min:1)}}'),
    '{{faker.number.int(min:1)}}: the arguments are not JSON (' + jsonMessage('[min:1]') + '): write them as JSON, e.g. {{faker.number.int({"min":1,"max":9})}} or {{faker.helpers.arrayElement(["red","green"])}}');
  assert.equal(err("{{faker.helpers.arrayElement(['a'])}}").startsWith("{{faker.helpers.arrayElement(['a'])}}: the arguments are not JSON ("), true);
  assert.equal(err('{{faker}}'), '{{faker}} is not a faker call: write {{faker.module.method}} or {{faker.module.method(arguments)}}, e.g. {{faker.number.int({"min":1,"max":9})}}');
  // The form says the same next to the field.
  const v = validateDraft({ ...emptyDraft('t'), value: '{"n":{{faker.number.int(1,)}}}' });
  assert.ok(!v.ok);
  assert.match(v.errors.value ?? '', /^Value: \{\{faker\.number\.int\(1,\)\}\}: the arguments are not JSON/);
});

function jsonMessage(text: string): string {
  try { JSON.parse(text); } catch (e) { return (e as Error).message.replace(/[.\s]*$/, ''); }
  throw new Error('parsed');
}

test('unknown generators are named, with close names from that module', () => {
  const msg = (s: string): string | undefined => fakerNameError(faker, fakers(parse(s))[0]);
  assert.equal(msg('{{faker.person.firstname}}'), 'unknown faker generator {{faker.person.firstname}}: faker.person has no "firstname"; did you mean {{faker.person.firstName}}?');
  assert.equal(msg('{{faker.internet.emails}}'), 'unknown faker generator {{faker.internet.emails}}: faker.internet has no "emails"; did you mean {{faker.internet.email}}?');
  assert.match(msg('{{faker.person.nosuch}}') ?? '', /^unknown faker generator \{\{faker\.person\.nosuch\}\}: faker\.person has no "nosuch"; it has bio, firstName, fullName, gender, /);
  assert.equal(msg('{{faker.persn.firstName}}'), 'unknown faker generator {{faker.persn.firstName}}: faker has no module "persn"; did you mean faker.person?');
  assert.match(msg('{{faker.nosuch.x}}') ?? '', /^unknown faker generator \{\{faker\.nosuch\.x\}\}: faker has no module "nosuch"; its modules are airline, animal, book, /);
  assert.equal(msg('{{faker.person.firstName}}'), undefined);
  // Methods a module inherits count (helpers), faker's internals do not.
  assert.equal(msg('{{faker.helpers.arrayElement(["a"])}}'), undefined);
  assert.match(msg('{{faker.fakerCore.x}}') ?? '', /faker has no module "fakerCore"/);
  // The resolver throws the same message; a generator that throws is named with its arguments.
  const resolve = fakerResolver(faker);
  assert.throws(() => renderTemplate(parse('{{faker.person.nosuch}}'), { seq: 1, faker: resolve }), /^Error: unknown faker generator \{\{faker\.person\.nosuch\}\}/);
  assert.throws(() => renderTemplate(parse('{{faker.number.int({"min":9,"max":1})}}'), { seq: 1, faker: resolve }),
    (e: Error) => e.message.startsWith('{{faker.number.int({"min":9,"max":1})}} failed: Max 1 should be greater than min 9') && e.message.endsWith('Check its arguments against fakerjs.dev/api/number.'));
});

test('seeded faker renders deterministic values; {{seq}} and faker mix', () => {
  const t = parse('{"id":{{seq}},"name":"{{faker.person.firstName}}","email":"{{faker.internet.email}}","n":{{faker.number.int({"min":1,"max":9})}}}');
  const run = (): string[] => {
    faker.seed(42);
    const r = fakerResolver(faker);
    return [1, 2, 3].map((seq) => renderTemplate(t, { seq, faker: r, json: true }));
  };
  const a = run();
  assert.deepEqual(run(), a, 'the same seed gives the same values');
  faker.seed(42);
  const first = faker.person.firstName();
  const parsed = a.map((s) => JSON.parse(s) as { id: number; name: string; email: string; n: number });
  assert.equal(parsed[0].name, first);
  assert.deepEqual(parsed.map((p) => p.id), [1, 2, 3]);
  for (const p of parsed) {
    assert.ok(p.name.length > 0 && /@/.test(p.email), JSON.stringify(p));
    assert.ok(Number.isInteger(p.n) && p.n >= 1 && p.n <= 9, JSON.stringify(p));
  }
  assert.notEqual(parsed[0].name + parsed[0].email, parsed[1].name + parsed[1].email);
});

test('JSON templates stay JSON: text inside quotes is escaped, a bare value is written as JSON', () => {
  const awkward = 'O"Brien \\ said:\n"hi"\u0001';
  const fixed = (): unknown => awkward;
  const t = parse('{"name":"Dr. {{faker.person.lastName}}!","raw":{{faker.person.lastName}},"list":{{faker.helpers.arrayElements(["a","b"])}}}');
  const out = renderTemplate(t, { seq: 1, faker: (p) => (p.method === 'arrayElements' ? ['a', 'b'] : fixed()), json: true });
  assert.deepEqual(JSON.parse(out), { name: `Dr. ${awkward}!`, raw: awkward, list: ['a', 'b'] });
  // Numbers, booleans, dates and null as JSON values.
  const values: unknown[] = [7, true, new Date(Date.UTC(2024, 0, 2)), null, undefined];
  const shown = values.map((v) => renderTemplate(parse('{{faker.x.y}}'), { seq: 1, faker: () => v, json: true }));
  assert.deepEqual(shown, ['7', 'true', '"2024-01-02T00:00:00.000Z"', 'null', 'null']);
  // A key or a text value gets the text as generated, quotes and all.
  assert.equal(renderTemplate(parse('k-{{faker.person.lastName}}'), { seq: 1, faker: fixed }), `k-${awkward}`);
  // An escaped quote before the placeholder does not end the string.
  const esc = parse('{"s":"a\\"{{faker.person.lastName}}"}');
  assert.deepEqual(JSON.parse(renderTemplate(esc, { seq: 1, faker: fixed, json: true })), { s: `a"${awkward}` });
  // With the real faker, many seeds: every rendering parses.
  const r = fakerResolver(faker);
  const real = parse('{"bio":"{{faker.person.bio}}","p":"{{faker.lorem.paragraph}}","ua":"{{faker.internet.userAgent}}","v":{{faker.commerce.price}}}');
  for (let seed = 0; seed < 200; seed++) {
    faker.seed(seed);
    JSON.parse(renderTemplate(real, { seq: seed, faker: r, json: true }));
  }
});

test('Auto sends a JSON template as JSON and a lone faker placeholder as text; the spec says which', () => {
  const kind = (value: string): string | undefined => valueKind({ value, valueFormat: 'auto' });
  assert.equal(kind('{"name":"{{faker.person.firstName}}"}'), 'json');
  assert.equal(kind('{"name":{{faker.person.firstName}}}'), 'json');
  assert.equal(kind('{{faker.person.firstName}}'), 'text');
  assert.equal(kind('Hello {{faker.person.firstName}}'), 'text');
  assert.equal(valueKind({ value: '{{faker.person.firstName}}', valueFormat: 'json' }), 'json');
  const spec = (value: string, valueFormat: 'auto' | 'text' | 'json'): boolean => {
    const v = validateDraft({ ...emptyDraft('t'), value, valueFormat });
    assert.ok(v.ok, JSON.stringify(v));
    return v.spec.valueJson;
  };
  assert.equal(spec('{"a":"{{faker.person.firstName}}"}', 'auto'), true);
  assert.equal(spec('{"a":"{{faker.person.firstName}}"}', 'text'), false);
  assert.equal(spec('{{faker.person.firstName}}', 'auto'), false);
});

test('prettyJson keeps faker placeholders (with their JSON arguments) whole', () => {
  assert.equal(prettyJson('{"n":{{faker.number.int({"min":1,"max":9})}},"c":"{{faker.helpers.arrayElement(["a","b"])}}"}'),
    '{\n  "n": {{faker.number.int({"min":1,"max":9})}},\n  "c": "{{faker.helpers.arrayElement(["a","b"])}}"\n}');
});
