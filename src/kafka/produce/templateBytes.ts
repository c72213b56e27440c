// A plain-text template written straight into the batch: the literal text is encoded to UTF-8 once, and each
// message writes only its placeholders' values ({{seq}}, {{timestamp}}, {{randomInt}}: digits; {{uuid}}: 36
// ASCII characters) between copies of those bytes. No string per message is built, flattened and re-encoded,
// which was the largest share of sending 100,000 templated records. The bytes are exactly
// Buffer.from(renderTemplate(…)) (test/unit/templateBytes.test.ts compares them over generated templates).
// Faker placeholders are not taken here: their text is arbitrary, rendered by renderTemplate as before.
import { DirectBytes, utf8Write } from '../protocol/recordBatchEncoder';
import { copyFew, digitCount, writeDigits } from '../rules/fewBytes';
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

/**
 * One template's bytes for the message last set(): reused for every message of a send, so valid until the
 * next set(). Small functions over typed arrays, so that V8 optimizes them within the first batch.
 */
export class TemplateBytes implements DirectBytes {
  private readonly kinds: Uint8Array;
  /** Text parts' bytes, by part index (an empty Buffer for placeholders). */
  private readonly texts: Buffer[];
  private readonly mins: Float64Array;
  private readonly spans: Float64Array;
  /** This message's value per placeholder: a number in [0, 2^31) written as digits, or else its text. */
  private readonly numbers: Float64Array;
  private readonly lengths: Int32Array;
  private readonly strings: string[];
  private readonly now: () => number;
  private readonly uuid: () => string;
  private readonly random: () => number;
  byteLength = 0;

  constructor(t: Template, s: TemplateSources = {}) {
    const n = t.parts.length;
    this.kinds = new Uint8Array(n);
    this.texts = new Array<Buffer>(n).fill(Buffer.alloc(0));
    this.mins = new Float64Array(n);
    this.spans = new Float64Array(n);
    this.numbers = new Float64Array(n);
    this.lengths = new Int32Array(n);
    this.strings = new Array<string>(n).fill('');
    this.now = s.now ?? Date.now;
    this.uuid = s.uuid ?? ((): string => globalThis.crypto.randomUUID());
    this.random = s.random ?? Math.random;
    t.parts.forEach((p, i) => {
      switch (p.kind) {
        case 'text': this.kinds[i] = TEXT; this.texts[i] = Buffer.from(p.text, 'utf8'); this.lengths[i] = this.texts[i].length; break;
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
      const k = kinds[i];
      if (k === SEQ) this.keep(i, seq);
      else if (k === TIMESTAMP) this.keep(i, this.now());
      else if (k === RANDOM_INT) this.keep(i, this.mins[i] + Math.floor(this.random() * this.spans[i]));
      else if (k === UUID) this.keepText(i, this.uuid());
      len += this.lengths[i];
    }
    this.byteLength = len;
    return this;
  }

  /** Part i's number, as String(n) writes it: digits for a non-negative safe integer (−0 is "0"), else its text. */
  private keep(i: number, n: number): void {
    this.numbers[i] = n;
    if (n >= 0 && Number.isSafeInteger(n)) this.lengths[i] = digitCount(n);
    else this.keepText(i, String(n));
  }

  private keepText(i: number, s: string): void {
    this.numbers[i] = -1;
    this.strings[i] = s;
    this.lengths[i] = Buffer.byteLength(s, 'utf8');
  }

  writeTo(buf: Buffer, at: number): void {
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] === TEXT) at = copyFew(this.texts[i], buf, at);
      else if (this.numbers[i] >= 0) at = writeDigits(buf, at, this.numbers[i], this.lengths[i]);
      else at += utf8Write(buf, this.strings[i], at);
    }
  }
}

/** A TemplateBytes for `t`, or undefined when it has a placeholder rendered only as text (faker). */
export function templateBytes(t: Template, s?: TemplateSources): TemplateBytes | undefined {
  return t.faker ? undefined : new TemplateBytes(t, s);
}
