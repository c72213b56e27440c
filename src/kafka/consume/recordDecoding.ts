// How the consumer and the browser decode keys and values before they are shown: one place that turns the
// chosen DataFormats (auto, a primitive, the registry, a local schema file) into a per-record RecordDecoding.
// Primitive formats are decoded here, synchronously and without any library; everything schema-based goes
// through the serde bundle (dist/serde.js: avsc, protobufjs, ajv), loaded only when a format needs it, so a
// cluster without a registry under "auto" costs nothing and shows exactly what it showed before.
import { serde } from '../client/vendor';
import type { RegistryClient } from '../registry/types';
import { decodePrimitive } from '../rules/primitiveFormats';
import type { ConsumedRecord, DecodedPart, RecordDecoding } from '../rules/recordFormat';
import type { DataFormat, RecordDecoder } from '../serde/types';

export interface DecodingOptions {
  key: DataFormat;
  value: DataFormat;
  /** The cluster's registry; undefined when none is set. */
  registry?: RegistryClient;
  /** Bounds each schema fetch (the cluster's connection timeout). */
  timeoutMs: number;
  log?: (m: string) => void;
  /**
   * Values may come back unread (DecodedPart's `direct`): only for a caller that shows them with
   * formatRecordInto/formatDecoded (the consumer's Output), which write them from their bytes.
   */
  direct?: boolean;
}

export interface Decoding {
  /**
   * Fetches what the batch needs (unknown schema ids) before it is formatted. Bounded: the decoder's own
   * fetches are, and this gives up waiting a little after them, so a registry that hangs costs one bound per
   * batch at most, then the records show markers. Never rejects.
   */
  prepare(records: ReadonlyArray<{ key: Buffer | null; value: Buffer | null }>): Promise<void>;
  /** The decoded key/value of one record; undefined parts are shown as they always were. */
  decode(r: ConsumedRecord): RecordDecoding | undefined;
}

export const AUTO: DataFormat = { kind: 'auto' };

/** A format that needs the cluster's registry but it has none: the reason, said before anything is read. */
export function decodingProblem(o: Pick<DecodingOptions, 'key' | 'value' | 'registry'>): string | undefined {
  for (const part of ['key', 'value'] as const) {
    if (o[part].kind === 'registry' && !o.registry) {
      return `the ${part} format is "Schema Registry" but this cluster has no registry: set its URL with Edit Cluster → Schema Registry, or pick another ${part} format`;
    }
  }
  return undefined;
}

const needsSerde = (f: DataFormat, registry: RegistryClient | undefined): boolean =>
  f.kind === 'registry' || f.kind === 'schema-file' || (f.kind === 'auto' && registry !== undefined);

function primitivePart(b: Buffer, format: DataFormat & { kind: 'primitive' }): DecodedPart {
  const r = decodePrimitive(b, format.format);
  return 'error' in r ? { ok: false, marker: `${format.format}: ${r.error}` } : { ok: true, primitive: format.format, text: r.text };
}

/**
 * The decoding for these formats, or undefined when there is nothing to decode (auto without a registry):
 * then the records are formatted exactly as before, without an await in the path.
 */
export function createDecoding(o: DecodingOptions, makeDecoder: (opts: DecodingOptions) => RecordDecoder = defaultDecoder): Decoding | undefined {
  const { key, value, registry } = o;
  const schemaKey = needsSerde(key, registry);
  const schemaValue = needsSerde(value, registry);
  if (!schemaKey && !schemaValue && key.kind !== 'primitive' && value.kind !== 'primitive') return undefined;
  // The schema decoder sees 'auto' for a side it does not handle, and then leaves that side alone.
  const decoder = schemaKey || schemaValue
    ? makeDecoder({ ...o, key: schemaKey ? key : AUTO, value: schemaValue ? value : AUTO })
    : undefined;
  const bound = o.timeoutMs + 2_000;
  const directValue = o.direct ? decoder?.decodeDirect : undefined;
  const side = (b: Buffer | null, f: DataFormat, schema: boolean, part: 'key' | 'value'): DecodedPart | undefined => {
    if (b === null) return undefined;
    if (f.kind === 'primitive') return primitivePart(b, f);
    if (!schema || !decoder) return undefined;
    try {
      return part === 'value' && directValue ? directValue(b, part) : decoder.decode(b, part);
    } catch (e) {
      // The decoder is meant never to throw; if it does, the record is still shown, with the reason.
      return { ok: false, marker: `could not decode the ${part}: ${(e as Error).message}` };
    }
  };
  return {
    async prepare(records) {
      if (!decoder) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((done) => {
        timer = setTimeout(() => {
          o.log?.(`Schema fetches took longer than ${bound} ms; the records of this batch whose schema is not known yet are shown with a marker and their bytes.`);
          done();
        }, bound);
      });
      try {
        await Promise.race([decoder.prepare(records).catch((e: unknown) => o.log?.(`Could not fetch schemas: ${(e as Error).message}`)), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    decode(r) {
      const k = side(r.key, key, schemaKey, 'key');
      const v = side(r.value, value, schemaValue, 'value');
      return k || v ? { key: k, value: v } : undefined;
    },
  };
}

function defaultDecoder(o: DecodingOptions): RecordDecoder {
  return serde().createRecordDecoder({ registry: o.registry, key: o.key, value: o.value, timeoutMs: o.timeoutMs, log: o.log });
}
