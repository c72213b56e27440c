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
