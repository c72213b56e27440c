// The toolbar's key/value format selects → the panel's decoding: a local schema file is asked for with a
// file dialog; the window's records are decoded anew (their schemas fetched first, bounded), the filter's
// JSON condition re-applied to the decoded JSON, and the rows and the detail shown again.
import { askSchemaFile } from '../consumer/startFlow';
import type { DataFormat } from '../kafka/serde/types';
import { formatFromSelect } from './decoding';
import type { BrowserPanel } from './panel';

export async function applyFormatSelects(panel: BrowserPanel, keySelect: string, valueSelect: string): Promise<void> {
  const d = panel.decoding;
  const pick = async (part: 'key' | 'value', v: string, current: DataFormat): Promise<DataFormat | undefined> =>
    formatFromSelect(v, current) ?? (v === 'file' ? askSchemaFile(part, panel.topic) : undefined);
  const key = await pick('key', keySelect, d.formats.key);
  const value = await pick('value', valueSelect, d.formats.value);
  if (!key || !value) {
    panel.postFormats(); // a cancelled file dialog: the selects go back to what is in force
    return;
  }
  const why = d.setFormats({ key, value });
  if (why) {
    panel.status(`Could not change the formats: ${why}.`, 'error');
    panel.postFormats();
    return;
  }
  await d.prepare([...panel.view.windowRecords()]);
  panel.view.setDecodedJson(d.decodedJson);
  panel.postFormats();
  panel.postCounts();
  panel.redetail();
}
