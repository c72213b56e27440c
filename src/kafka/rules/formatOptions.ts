// How a consumed record is shown (the kafkaDev.consumer.format settings), apart from the formatting itself.

export type ValueMode = 'auto' | 'text' | 'json' | 'hex' | 'base64';

export interface FormatOptions {
  timestamp: boolean;
  partition: boolean;
  offset: boolean;
  key: boolean;
  headers: boolean;
  /** auto: JSON → pretty JSON, UTF-8 text → text, anything else → `binary`. */
  value: ValueMode;
  /** How bytes that are not text are shown. */
  binary: 'hex' | 'base64';
  /** Pretty JSON over several lines (true) or compact on one line. */
  prettyJson: boolean;
  /** Longer values are cut, with the number of bytes left out. */
  maxValueBytes: number;
  /** Show a null key as key=«null» and no headers as {} (false: leave them out of the line). */
  showAbsent: boolean;
}

export const DEFAULT_FORMAT: FormatOptions = {
  timestamp: true,
  partition: true,
  offset: true,
  key: true,
  headers: true,
  value: 'auto',
  binary: 'hex',
  prettyJson: true,
  maxValueBytes: 64 * 1024,
  showAbsent: false,
};

/** Reads FormatOptions from loosely typed settings, falling back to defaults field by field. */
export function formatOptionsFrom(raw: Partial<Record<keyof FormatOptions, unknown>> | undefined): FormatOptions {
  const o: FormatOptions = { ...DEFAULT_FORMAT };
  if (!raw) return o;
  for (const k of ['timestamp', 'partition', 'offset', 'key', 'headers', 'prettyJson', 'showAbsent'] as const) {
    if (typeof raw[k] === 'boolean') o[k] = raw[k] as boolean;
  }
  if (typeof raw.value === 'string' && ['auto', 'text', 'json', 'hex', 'base64'].includes(raw.value)) o.value = raw.value as ValueMode;
  if (raw.binary === 'hex' || raw.binary === 'base64') o.binary = raw.binary;
  if (typeof raw.maxValueBytes === 'number' && raw.maxValueBytes >= 16) o.maxValueBytes = Math.floor(raw.maxValueBytes);
  return o;
}
