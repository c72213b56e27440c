// Re-indents JSON text without parsing it into values, so that template placeholders such as
// `{"id": {{seq}}}` survive (JSON.parse + stringify would reject or lose them) and numbers keep
// their exact digits (JSON.parse would round 64-bit ids, turn 1.10 into 1.1 and 1e400 into null,
// and keep only the last of duplicated keys). Callers validate the JSON first. Placeholders are a
// template's; consumed JSON passes `placeholders: false`, where `{{` inside a string is just text.
import { placeholderAt } from './template';

/** indent > 0: one value per line, nested by `indent` spaces; indent 0: compact, on one line. */
export function prettyJson(text: string, indent = 2, placeholders = true): string {
  const compact = indent <= 0;
  const pad = (depth: number): string => (compact ? '' : '\n' + ' '.repeat(depth * indent));
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Copy the whole string literal, escapes included.
      let j = i + 1;
      // A placeholder inside the string is one atom too: a faker call's JSON arguments hold quotes.
      while (j < text.length && text[j] !== '"') j = placeholders && text.startsWith('{{', j) ? placeholderAt(text, j)?.end ?? j + 1 : j + (text[j] === '\\' ? 2 : 1);
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (placeholders && c === '{' && text[i + 1] === '{') {
      // A placeholder outside a string: copy it as one atom.
      const stop = placeholderAt(text, i)?.end ?? text.length;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '{' || c === '[') {
      // Keep empty containers on one line.
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === (c === '{' ? '}' : ']')) { out += c + text[j]; i = j + 1; continue; }
      depth++;
      out += c + pad(depth);
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
      out += pad(depth) + c;
    } else if (c === ',') {
      out += ',' + pad(depth);
    } else if (c === ':') {
      out += compact ? ':' : ': ';
    } else {
      out += c;
    }
    i++;
  }
  return out;
}
