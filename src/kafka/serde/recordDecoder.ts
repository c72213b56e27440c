// createRecordDecoder: keys/values → exact JSON text with the schema they were written with, for the
// consumer and the browser. prepare() fetches what a batch needs (bounded, never throws); decode() is
// synchronous and never throws: bytes it cannot read give { ok: false, marker } and the caller shows them raw.
import { basename } from 'node:path';
import type { RegistryClient } from '../registry/types';
import type { SchemaCodec } from './codec';
import { cachedSchema, fetchSchemas } from './schemaCache';
import { fileCodec } from './schemaCodecs';
import type { DataFormat, Decoded, RecordDecoder, SchemaLabel } from './types';
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

/**
 * A decoder for one consumer/browser session. Primitive formats are not its business (decode() gives
 * undefined: callers use decodePrimitive from src/kafka/rules/primitiveFormats.ts, which the webview shares).
 */
export function createRecordDecoder(opts: RecordDecoderOptions): RecordDecoder {
  const files = new Map<string, { codec: SchemaCodec; label: SchemaLabel } | { error: string }>();
  const fileKey = (f: DataFormat & { kind: 'schema-file' }): string => `${f.path}\u0000${f.messageName ?? ''}`;
  const usesRegistry = (f: DataFormat): boolean => f.kind === 'auto' || f.kind === 'registry';

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

    decode(bytes, part) {
      const f = part === 'key' ? opts.key : opts.value;
      try {
        if (f.kind === 'primitive') return undefined;
        if (f.kind === 'schema-file') {
          const loaded = files.get(fileKey(f));
          if (!loaded) return { ok: false, marker: `schema file ${basename(f.path)} not loaded yet` };
          if ('error' in loaded) return { ok: false, marker: loaded.error };
          return decodeWith(loaded.codec, bytes, loaded.label);
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
        const fr = parseFrame(bytes, schema.schemaType === 'PROTOBUF');
        if (!fr || fr.badIndexes) return { ok: false, marker: `protobuf schema id ${id}: the message indexes after the schema id are absent or malformed`, schema: label };
        return decodeWith(codec, fr.payload, label, fr.indexes);
      } catch (e) {
        return { ok: false, marker: `cannot decode: ${errText(e)}` };
      }
    },
  };
}
