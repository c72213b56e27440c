// Types only: the pure rules name Node's Buffer in the record type. Records never reach this webview (it
// gets rows and details as text); it bundles the rules for the filter compiler and the parsers.
interface Buffer extends Uint8Array {
  toString(encoding?: string): string;
  subarray(start?: number, end?: number): Buffer;
}
