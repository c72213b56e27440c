// What each schema kind (Avro, Protobuf, JSON Schema) provides to the decoder and the encoders: payload
// bytes ↔ exact JSON text, validation pointing at fields, and an example. Framing is done around it.
import type { LineBytes } from '../rules/lineBytes';
import type { JNode } from './jsonTree';
import type { SchemaFieldError } from './types';

export interface SchemaCodec {
  /** Protobuf: the message the encoder writes (full name), for the label. */
  readonly messageName?: string;
  /** The payload (after the frame) as JSON text; throws Error with a message saying what did not match. */
  decode(payload: Buffer, indexes?: number[]): { json: string; messageName?: string };
  /**
   * Avro: the payload `v[start…]`'s JSON appended to `out` as decode()'s text is shown (indent 0: compact),
   * its UTF-16 length; -1 with `out` unchanged when decode() must say (bytes it rejects, anything unusual).
   */
  readonly jsonInto?: (v: Buffer, start: number, out: LineBytes, indent: number) => number;
  /** Every problem with the value, each at its field (JSON Pointer). */
  validate(node: JNode): SchemaFieldError[];
  /** The payload for a value validate() accepted; Protobuf also gives the message indexes. */
  encode(node: JNode): { payload: Buffer; indexes?: number[] };
  /** A value the schema accepts, as compact JSON text. */
  example(): string;
}
