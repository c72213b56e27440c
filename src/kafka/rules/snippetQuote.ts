// String literals for the languages Copy as… writes, so that any text (quotes, backslashes, newlines,
// control characters, any Unicode) reads back exactly: Python, JavaScript, POSIX shell and Java
// .properties files.

/**
 * A Python 3 str literal. JSON's escapes (\" \\ \/ \b \f \n \r \t \uXXXX) mean the same in Python, and
 * JSON.stringify writes an astral character as itself (Python source is UTF-8), so its output is a
 * Python literal of the same string.
 */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** A JavaScript string literal (ES2019+: U+2028 and U+2029 are allowed in strings). */
export function jsStr(s: string): string {
  return JSON.stringify(s);
}

/** A POSIX shell word that is exactly `s`: single quotes, each ' written as '\'' (newlines stay as they are). */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A value in a Java .properties file: backslashes, leading blanks, line breaks and non-Latin-1 escaped. */
export function propertiesValue(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\f') out += '\\f';
    else if (c === ' ' && out.length === 0) out += '\\ ';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** A string inside a JAAS config value's double quotes (sasl.jaas.config): \ and " escaped. */
export function jaasStr(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
