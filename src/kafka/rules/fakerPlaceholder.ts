// `{{faker.module.method}}` and `{{faker.module.method(args)}}` placeholders: the parsing half, pure (the
// webview bundles it for as-you-type errors). Which generators exist, and calling them, is the resolver's
// business (src/kafka/produce/fakerResolver.ts): the parser only checks the shape and that the arguments
// are JSON, so a wrong name is reported by the extension when it first loads faker.

/** A parsed faker placeholder. `inString` is set by the template parser: inside a JSON string literal. */
export interface FakerPart {
  kind: 'faker';
  module: string;
  method: string;
  /** Positional arguments, parsed from JSON: `({"min":1})` is one object, `("a","b")` two strings. */
  args: unknown[];
  /** The placeholder as written, `{{…}}` included, for messages. */
  placeholder: string;
  /** True when the placeholder sits between the quotes of a JSON string in the template text. */
  inString: boolean;
}

/**
 * Generates the value of a faker placeholder (the real faker, a seeded one in tests, or a fixed sample).
 * Throws an Error whose message names the placeholder when the generator is unknown or fails.
 */
export type FakerResolver = (part: FakerPart) => unknown;

export const FAKER_HELP = '{{faker.person.firstName}}, {{faker.internet.email}}, {{faker.number.int({"min":1,"max":9})}} (any faker module.method; arguments as JSON)';

const IDENT = /^[A-Za-z_$][\w$]*$/;
const FAKER_CALL = /^faker\.([^(]*?)\s*(?:\(([\s\S]*)\))?$/;

/** Parses the body of `{{faker…}}` (without the braces), or returns a sentence saying what is wrong. */
export function parseFakerPlaceholder(body: string): FakerPart | string {
  const placeholder = `{{${body}}}`;
  const m = FAKER_CALL.exec(body);
  if (!m) return `${placeholder} is not a faker call: write {{faker.module.method}} or {{faker.module.method(arguments)}}, e.g. {{faker.number.int({"min":1,"max":9})}}`;
  const path = m[1].split('.').map((s) => s.trim());
  if (path.length !== 2 || !path.every((s) => IDENT.test(s))) {
    return `${placeholder}: name one faker generator as module.method, e.g. {{faker.person.firstName}} or {{faker.internet.email}}`;
  }
  let args: unknown[] = [];
  const argText = (m[2] ?? '').trim();
  if (argText !== '') {
    try {
      args = JSON.parse(`[${argText}]`) as unknown[];
    } catch (e) {
      const why = (e as Error).message.replace(/[.\s]*$/, '');
      return `${placeholder}: the arguments are not JSON (${why}): write them as JSON, e.g. {{faker.number.int({"min":1,"max":9})}} or {{faker.helpers.arrayElement(["red","green"])}}`;
    }
  }
  return { kind: 'faker', module: path[0], method: path[1], args, placeholder, inString: false };
}

/** Where the generated text goes: a key or text value, inside a JSON string, or a JSON value of its own. */
export type FakerContext = 'text' | 'json-string' | 'json-value';

/**
 * A generated value as text for its place. Text: as it is (dates as ISO 8601, objects and arrays as JSON).
 * Inside a JSON string: escaped as JSON requires (a `"` becomes `\"`), so the value stays valid JSON.
 * As a JSON value of its own (`{"n": {{faker.number.int}}}`): numbers and booleans bare, strings quoted.
 */
export function formatFakerValue(v: unknown, where: FakerContext): string {
  if (where === 'json-value') {
    if (typeof v === 'bigint') return v.toString();
    return JSON.stringify(v === undefined ? null : v) ?? 'null';
  }
  let text: string;
  if (typeof v === 'string') text = v;
  else if (v === null || v === undefined) text = '';
  else if (v instanceof Date) text = v.toISOString();
  else if (typeof v === 'object') text = JSON.stringify(v);
  else text = String(v);
  return where === 'json-string' ? JSON.stringify(text).slice(1, -1) : text;
}
