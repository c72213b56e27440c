// The key/value formats of one Browse Messages panel and the decoding they give: what the rows, the detail
// and the filter's JSON condition read. The window keeps the raw records; a format change decodes them anew
// (after fetching the schemas they need, bounded), so nothing has to be read again from Kafka.
import { asDataFormat, describeDataFormat, parseDataFormat } from '../kafka/consume/dataFormat';
import { createDecoding, Decoding, decodingProblem } from '../kafka/consume/recordDecoding';
import type { RegistryClient } from '../kafka/registry/types';
import type { DecodedJson } from '../kafka/rules/recordFilter';
import type { ConsumedRecord, RecordDecoding } from '../kafka/rules/recordFormat';
import type { DataFormat } from '../kafka/serde/types';
import type { FormatChoice } from './protocol';

export interface DataFormats { key: DataFormat; value: DataFormat }

export class BrowserDecoding {
  private decoding: Decoding | undefined;
  private registry: RegistryClient | undefined;
  private timeoutMs = 10_000;

  constructor(public formats: DataFormats, private readonly log: (m: string) => void) {}

  /** For a new read: the connection's registry and timeout. Returns the reason when the formats cannot apply. */
  connect(registry: RegistryClient | undefined, timeoutMs: number): string | undefined {
    this.registry = registry;
    this.timeoutMs = timeoutMs;
    return this.rebuild();
  }

  /** New formats; the reason when they cannot apply (then the previous ones stay). */
  setFormats(formats: DataFormats): string | undefined {
    const problem = decodingProblem({ ...formats, registry: this.registry });
    if (problem) return problem;
    this.formats = formats;
    return this.rebuild();
  }

  private rebuild(): string | undefined {
    const problem = decodingProblem({ ...this.formats, registry: this.registry });
    if (problem) {
      this.decoding = undefined;
      return problem;
    }
    this.decoding = createDecoding({ ...this.formats, registry: this.registry, timeoutMs: this.timeoutMs, log: this.log });
    return undefined;
  }

  /** Fetches the schemas these records need (bounded, never rejects). */
  async prepare(records: ReadonlyArray<ConsumedRecord>): Promise<void> {
    if (this.decoding) await this.decoding.prepare(records);
  }

  decode(r: ConsumedRecord): RecordDecoding | undefined {
    return this.decoding?.decode(r);
  }

  /** What the JSON condition reads: the decoded value's JSON, or undefined when nothing decodes the value. */
  get decodedJson(): DecodedJson | undefined {
    const d = this.decoding;
    if (!d) return undefined;
    return (r) => {
      const v = d.decode(r)?.value;
      if (v === undefined) return undefined;
      return v.ok ? ('json' in v ? v.json : undefined) : null;
    };
  }

  /** For the toolbar's selects: the format's value there and its description. */
  choice(): { key: FormatChoice; value: FormatChoice } {
    const one = (f: DataFormat): FormatChoice => ({ select: f.kind === 'schema-file' ? 'file' : f.kind === 'primitive' ? f.format : f.kind, label: describeDataFormat(f) });
    return { key: one(this.formats.key), value: one(this.formats.value) };
  }
}

/** A select's value as a format ('file' is handled by the caller: it asks for the file). */
export function formatFromSelect(v: string, current: DataFormat): DataFormat | undefined {
  if (v === 'file') return current.kind === 'schema-file' ? current : undefined;
  const p = parseDataFormat(v);
  return 'value' in p ? p.value : asDataFormat(undefined);
}
