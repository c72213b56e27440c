// Reading JSON text without re-serializing it: the raw text of an object's members (so a value written
// as {"id":12345678901234567890} is sent as exactly those bytes, not as JSON.stringify(JSON.parse(…)),
// which would round the id), and a streaming splitter of a top-level array into its elements (so a
// .json file of a million records is never held whole). Both expect text that JSON.parse accepts where it
// matters: the splitter's elements are parsed afterwards, and memberTexts is only used on parsed text.

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at s[i] === '"'. */
function skipString(s: string, i: number): number {
  // From quote to quote with indexOf (native, much faster than a loop over every character of a long
  // value); a quote preceded by an odd run of backslashes is escaped and the search goes on past it.
  for (let q = s.indexOf('"', i + 1); q >= 0; q = s.indexOf('"', q + 1)) {
    let b = q - 1;
    while (s.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
  }
  return s.length;
}

/** Index just past the JSON value starting at s[i]. */
function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return skipString(s, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i);
      if (d === 0x22) { i = skipString(s, i) - 1; continue; }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) { depth--; if (depth === 0) return i + 1; }
    }
    return i;
  }
  // number, true, false, null: up to the next delimiter
  while (i < s.length) {
    const d = s.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
    i++;
  }
  return i;
}

/**
 * The raw text of each member of the JSON object `s` (valid JSON, as JSON.parse accepted it), by name;
 * a repeated name keeps its last text, as JSON.parse keeps its last value.
 */
export function memberTexts(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = skipSpace(s, 0);
  if (s.charCodeAt(i) !== 0x7b) return out;
  i = skipSpace(s, i + 1);
  while (i < s.length && s.charCodeAt(i) !== 0x7d) {
    const nameEnd = skipString(s, i);
    // Without a backslash a name is the text between its quotes (the text is valid JSON); JSON.parse per
    // name was a third of reading an exported line.
    const inner = s.slice(i + 1, nameEnd - 1);
    const name = inner.includes('\\') ? JSON.parse(s.slice(i, nameEnd)) as string : inner;
    i = skipSpace(s, skipSpace(s, nameEnd) + 1); // past the colon
    const end = skipValue(s, i);
    out.set(name, s.slice(i, end));
    i = skipSpace(s, end);
    if (s.charCodeAt(i) === 0x2c) i = skipSpace(s, i + 1);
  }
  return out;
}

export interface ArrayElement {
  /** The element's text, as written. */
  text: string;
  /** 1-based line where the element starts. */
  line: number;
  /** 1-based position in the array. */
  index: number;
}

/** A structural problem of the array itself (not of one element), with the line where it was found. */
export class ArrayShapeError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'ArrayShapeError';
  }
}

/**
 * Splits the text of one JSON array, fed in pieces, into the text of its top-level elements. Tracks
 * strings (a comma or bracket inside a string is data) and nesting; holds only the element being read.
 */
export class JsonArraySplitter {
  private state: 'before' | 'between' | 'element' | 'after' = 'before';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';
  private startLine = 0;
  private index = 0;
  /** Whether a comma was seen since the last element (a following ']' would leave an empty element). */
  private afterComma = false;
  private endsWithNewline = false;

  /** The elements completed by this piece of text. */
  push(text: string): ArrayElement[] {
    const out: ArrayElement[] = [];
    let from = 0; // where the current element's text starts in `text`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
        } else if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth--;
        else if (this.depth === 0 && (c === 0x2c || c === 0x5d)) {
          out.push(this.finish(this.current + text.slice(from, i)));
          this.afterComma = c === 0x2c;
          this.state = c === 0x2c ? 'between' : 'after';
        }
      } else if (c === 0x0a || isSpace(c)) {
        // whitespace between tokens
      } else if (this.state === 'before') {
        if (c !== 0x5b) throw new ArrayShapeError(this.line, `a .json file to send must hold one array of records, [{"key":…,"value":…}, …]; it starts with ${JSON.stringify(text.slice(i, i + 20).trimEnd())}`);
        this.state = 'between';
      } else if (this.state === 'between') {
        if (c === 0x5d) {
          if (this.afterComma) throw new ArrayShapeError(this.line, 'a comma before "]" (JSON allows no trailing comma)');
          this.state = 'after';
        } else if (c === 0x2c) {
          throw new ArrayShapeError(this.line, 'an empty element (two commas in a row)');
        } else {
          this.state = 'element';
          this.startLine = this.line;
          this.current = '';
          from = i;
          i--; // read this character as the element's first
          continue;
        }
      } else {
        throw new ArrayShapeError(this.line, `text after the array's closing "]": ${JSON.stringify(text.slice(i, i + 20).trimEnd())}`);
      }
      if (c === 0x0a) this.line++;
    }
    if (this.state === 'element') this.current += text.slice(from);
    if (text.length) this.endsWithNewline = text.charCodeAt(text.length - 1) === 0x0a;
    return out;
  }

  /** Checks that the array was closed. */
  end(): void {
    // The last line that holds text (the pieces fed end with a newline, which starts no line of its own).
    const last = this.endsWithNewline && this.line > 1 ? this.line - 1 : this.line;
    if (this.state === 'before') throw new ArrayShapeError(last, 'the file is empty: a .json file to send holds an array of records, [{"key":…,"value":…}, …]');
    if (this.state !== 'after') {
      throw new ArrayShapeError(this.state === 'element' ? this.startLine : last, this.state === 'element'
        ? `the file ends inside the element that starts on line ${this.startLine}: the array is not closed with "]" (a cut-off file?)`
        : 'the file ends before the array\'s closing "]" (a cut-off file?)');
    }
  }

  private finish(text: string): ArrayElement {
    this.current = '';
    this.depth = 0;
    return { text: text.trimEnd(), line: this.startLine, index: ++this.index };
  }
}
