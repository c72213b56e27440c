// A plain-text template written straight into the batch: the literal text is encoded to UTF-8 once, and each
// message writes only its placeholders' values ({{seq}}, {{timestamp}}, {{randomInt}}: digits; {{uuid}}: 36
// ASCII characters) between copies of those bytes. No string per message is built, flattened and re-encoded,
// which was the largest share of sending 100,000 templated records. The bytes are exactly
// Buffer.from(renderTemplate(…)) (test/unit/templateBytes.test.ts compares them over generated templates).
// Faker placeholders are not taken here: their text is arbitrary, rendered by renderTemplate as before.
import { DirectBytes, utf8Write } from '../protocol/recordBatchEncoder';
import type { Template } from '../rules/template';

/** What a rendering draws on; the defaults are renderTemplate's, tests pass fixed ones to both. */
export interface TemplateSources {
  now?: () => number;
  uuid?: () => string;
  random?: () => number;
}

const TEXT = 0;
const SEQ = 1;
const TIMESTAMP = 2;
const RANDOM_INT = 3;
const UUID = 4;

/** Decimal digits of a non-negative safe integer. */
function digitCount(n: number): number {
  let d = 1;
  while (n >= 10) { n = Math.floor(n / 10); d++; }
  return d;
}

/**
 * One template's bytes for the message last set(): reused for every message of a send, so valid until the
 * next set(). Usable only for templates that templateBytes() accepted.
 */
export class TemplateBytes implements DirectBytes {
  /** Per part: its kind; for text parts, its bytes in `texts` at the same index. */
  private readonly kinds: Uint8Array;
  private readonly texts: Array<Buffer | undefined>;
  private readonly mins: Float64Array;
  private readonly spans: Float64Array;
  /** The numbers of this message's number placeholders, and the uuids, by part index. */
  private readonly numbers: Float64Array;
  private readonly strings: string[];
  private readonly now: () => number;
  private readonly uuid: () => string;
  private readonly random: () => number;
  byteLength = 0;

  constructor(t: Template, s: TemplateSources = {}) {
    const n = t.parts.length;
    this.kinds = new Uint8Array(n);
    this.texts = new Array<Buffer | undefined>(n).fill(undefined);
    this.mins = new Float64Array(n);
    this.spans = new Float64Array(n);
    this.numbers = new Float64Array(n);
    this.strings = new Array<string>(n).fill('');
    this.now = s.now ?? Date.now;
    this.uuid = s.uuid ?? ((): string => globalThis.crypto.randomUUID());
    this.random = s.random ?? Math.random;
    t.parts.forEach((p, i) => {
      switch (p.kind) {
        case 'text': this.kinds[i] = TEXT; this.texts[i] = Buffer.from(p.text, 'utf8'); break;
        case 'seq': this.kinds[i] = SEQ; break;
        case 'timestamp': this.kinds[i] = TIMESTAMP; break;
        case 'uuid': this.kinds[i] = UUID; break;
        case 'randomInt': this.kinds[i] = RANDOM_INT; this.mins[i] = p.min; this.spans[i] = p.max - p.min + 1; break;
        default: throw new Error(`${p.kind} placeholders are rendered as text, not by TemplateBytes`);
      }
    });
  }

  /** Renders message `seq`: draws its placeholders' values (left to right, as renderTemplate) and measures it. */
  set(seq: number): this {
    const kinds = this.kinds;
    let len = 0;
    for (let i = 0; i < kinds.length; i++) {
      switch (kinds[i]) {
        case TEXT: len += this.texts[i]!.length; break;
        case SEQ: len += this.number(i, seq); break;
        case TIMESTAMP: len += this.number(i, this.now()); break;
        case RANDOM_INT: len += this.number(i, this.mins[i] + Math.floor(this.random() * this.spans[i])); break;
        default: {
          const u = this.uuid();
          this.strings[i] = u;
          len += Buffer.byteLength(u, 'utf8');
        }
      }
    }
    this.byteLength = len;
    return this;
  }

  /** Keeps part i's number; its length as String(n) writes it. */
  private number(i: number, n: number): number {
    this.numbers[i] = n;
    if (Number.isSafeInteger(n)) return n < 0 ? 1 + digitCount(-n) : digitCount(n);
    const s = String(n);
    this.strings[i] = s;
    return s.length;
  }

  writeTo(buf: Buffer, at: number): void {
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[i];
      if (k === TEXT) {
        const b = this.texts[i]!;
        if (b.length < 16) for (let j = 0; j < b.length; j++) buf[at + j] = b[j];
        else buf.set(b, at);
        at += b.length;
      } else if (k === UUID) {
        at += utf8Write(buf, this.strings[i], at);
      } else {
        at = writeNumber(buf, at, this.numbers[i], this.strings[i]);
      }
    }
  }
}

/** Writes n as String(n) does (`text` is that string when n is not a safe integer); returns the end. */
function writeNumber(buf: Buffer, at: number, n: number, text: string): number {
  if (!Number.isSafeInteger(n)) return at + buf.write(text, at, 'latin1'); // digits, sign, point, exponent: ASCII
  if (n < 0) { buf[at++] = 0x2d; n = -n; }
  const end = at + digitCount(n);
  let i = end;
  do {
    const q = Math.floor(n / 10);
    buf[--i] = 0x30 + (n - q * 10);
    n = q;
  } while (n > 0);
  return end;
}

/** A TemplateBytes for `t`, or undefined when it has a placeholder rendered only as text (faker). */
export function templateBytes(t: Template, s?: TemplateSources): TemplateBytes | undefined {
  return t.faker ? undefined : new TemplateBytes(t, s);
}
