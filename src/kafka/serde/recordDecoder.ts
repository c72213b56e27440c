// createRecordDecoder: keys/values → exact JSON text with the schema they were written with, for the
// consumer and the browser. prepare() fetches what a batch needs (bounded, never throws); decode() is
// synchronous and never throws: bytes it cannot read give { ok: false, marker } and the caller shows them raw.
import { basename } from 'node:path';
import type { LineBytes } from '../rules/lineBytes';
import type { RegistryClient } from '../registry/types';
import type { SchemaCodec } from './codec';
import { cachedSchema, fetchSchemas } from './schemaCache';
import { fileCodec } from './schemaCodecs';
import type { DataFormat, Decoded, DirectDecoded, RecordDecoder, SchemaLabel } from './types';
import { looksFramed, parseFrame } from './wireFormat';

export interface RecordDecoderOptions {
  registry?: RegistryClient;
  key: DataFormat;
  value: DataFormat;
  timeoutMs: number;
  log?: (m: string) => void;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function decodeWith(codec: SchemaCodec, payload: Buffer, label: SchemaLabel, indexes?: number[]): Decoded {
  try {
    const { json, messageName } = codec.decode(payload, indexes);
    return { ok: true, json, schema: messageName ? { ...label, messageName } : label };
  } catch (e) {
    const what = label.file ? `${label.type.toLowerCase()} file ${label.file}` : `${label.type.toLowerCase()} schema id ${label.id}`;
    return { ok: false, marker: `bytes do not match the ${what}: ${errText(e)}`, schema: label };
  }
}

type Writer = NonNullable<SchemaCodec['jsonInto']>;

/** An Avro value left in its bytes: one object, which is its own `direct`. */
class UnreadValue implements DirectDecoded {
  readonly ok = true;
  readonly direct = this;
  constructor(readonly schema: SchemaLabel, private readonly codec: SchemaCodec, private readonly write: Writer, private readonly bytes: Buffer, private readonly start: number) {}
  into(out: LineBytes, indent: number): number {
    return this.write(this.bytes, this.start, out, indent);
  }
  resolve(): Decoded {
    return decodeWith(this.codec, this.start === 0 ? this.bytes : this.bytes.subarray(this.start), this.schema);
  }
}

/** decodeWith, or the value left unread when `direct` and the codec can write it from its bytes. */
function decodeAt(codec: SchemaCodec, bytes: Buffer, start: number, label: SchemaLabel, direct: boolean): Decoded | DirectDecoded {
  if (direct && codec.jsonInto) return new UnreadValue(label, codec, codec.jsonInto, bytes, start);
  return decodeWith(codec, start === 0 ? bytes : bytes.subarray(start), label);
}

/**
 * A decoder for one consumer/browser session. Primitive formats are not its business (decode() gives
 * undefined: callers use decodePrimitive from src/kafka/rules/primitiveFormats.ts, which the webview shares).
 */
export function createRecordDecoder(opts: RecordDecoderOptions): RecordDecoder {
  const files = new Map<string, { codec: SchemaCodec; label: SchemaLabel } | { error: string }>();
  const fileKey = (f: DataFormat & { kind: 'schema-file' }): string => `${f.path}\u0000${f.messageName ?? ''}`;
  const usesRegistry = (f: DataFormat): boolean => f.kind === 'auto' || f.kind === 'registry';

  function decode(bytes: Buffer, part: 'key' | 'value', direct: boolean): Decoded | DirectDecoded | undefined {
    const f = part === 'key' ? opts.key : opts.value;
    try {
      if (f.kind === 'primitive') return undefined;
      if (f.kind === 'schema-file') {
        const loaded = files.get(fileKey(f));
        if (!loaded) return { ok: false, marker: `schema file ${basename(f.path)} not loaded yet` };
        if ('error' in loaded) return { ok: false, marker: loaded.error };
        return decodeAt(loaded.codec, bytes, 0, loaded.label, direct);
      }
      if (!looksFramed(bytes)) {
        if (f.kind === 'auto') return undefined;
        return { ok: false, marker: `not in the schema registry's wire format (${bytes.length < 5 ? `${bytes.length} bytes, fewer than its 5-byte header` : `first byte 0x${bytes[0].toString(16).padStart(2, '0')}, not the magic byte 0`})` };
      }
      const id = bytes.readInt32BE(1);
      if (!opts.registry) return f.kind === 'auto' ? undefined : { ok: false, marker: `schema id ${id}: no schema registry is set for this cluster` };
      const known = cachedSchema(opts.registry, id);
      if (!known) return { ok: false, marker: `schema id ${id}: not fetched from the registry at ${opts.registry.url} yet` };
      if ('error' in known) return { ok: false, marker: known.error };
      const { schema, codec, label } = known.ok;
      // Avro's payload follows the 5-byte frame (parseFrame's subarray, without making it).
      if (direct && codec.jsonInto && schema.schemaType !== 'PROTOBUF') return decodeAt(codec, bytes, 5, label, true);
      const fr = parseFrame(bytes, schema.schemaType === 'PROTOBUF');
      if (!fr || fr.badIndexes) return { ok: false, marker: `protobuf schema id ${id}: the message indexes after the schema id are absent or malformed`, schema: label };
      return decodeWith(codec, fr.payload, label, fr.indexes);
    } catch (e) {
      return { ok: false, marker: `cannot decode: ${errText(e)}` };
    }
  }

  return {
    async prepare(records) {
      try {
        for (const f of [opts.key, opts.value]) {
          if (f.kind !== 'schema-file' || files.has(fileKey(f))) continue;
          try {
            const { type, codec } = await fileCodec(f.path, f.messageName);
            files.set(fileKey(f), { codec, label: { type, file: basename(f.path), ...(codec.messageName ? { messageName: codec.messageName } : {}) } });
          } catch (e) {
            files.set(fileKey(f), { error: errText(e) });
          }
        }
        if (!opts.registry) return;
        const ids = new Set<number>();
        for (const r of records) {
          if (r.key && usesRegistry(opts.key) && looksFramed(r.key)) ids.add(r.key.readInt32BE(1));
          if (r.value && usesRegistry(opts.value) && looksFramed(r.value)) ids.add(r.value.readInt32BE(1));
        }
        if (ids.size > 0) await fetchSchemas(opts.registry, ids, opts.timeoutMs, opts.log);
      } catch (e) {
        // Nothing here should throw; if it does, decode() gives markers rather than the consumer stopping.
        opts.log?.(`preparing schemas failed: ${errText(e)}`);
      }
    },

    decode: (bytes, part) => decode(bytes, part, false) as Decoded | undefined,
    decodeDirect: (bytes, part) => decode(bytes, part, true),
  };
}

