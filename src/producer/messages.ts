// Parses what the webview posts. The webview is untrusted input (its script could be tampered with,
// or simply be an older build): every field is checked, unknown properties are dropped, and anything
// malformed becomes a sentence instead of reaching Kafka.
import { parseDraft } from '../kafka/rules/produceValidation';
import { ToHost } from './protocol';

export const MAX_CREATE_PARTITIONS = 10_000;

export function parseToHost(x: unknown): ToHost | { invalid: string } {
  if (typeof x !== 'object' || x === null) return { invalid: 'message is not an object' };
  const o = x as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'cancel':
    case 'refreshTopics':
    case 'stopRepeat':
    case 'listSubjects':
      return { type: o.type };
    case 'example': {
      if (o.part !== 'key' && o.part !== 'value') return { invalid: 'example: part is not key or value' };
      const d = parseDraft(o.draft);
      return typeof d === 'string' ? { invalid: `example: ${d}` } : { type: 'example', part: o.part, draft: d };
    }
    case 'draftChanged':
    case 'send': {
      const d = parseDraft(o.draft);
      return typeof d === 'string' ? { invalid: `${o.type}: ${d}` } : { type: o.type, draft: d };
    }
    case 'startRepeat': {
      const d = parseDraft(o.draft);
      if (typeof d === 'string') return { invalid: `startRepeat: ${d}` };
      if (typeof o.interval !== 'string' || o.interval.length > 50) return { invalid: 'startRepeat: interval is not a short string' };
      return { type: 'startRepeat', draft: d, interval: o.interval };
    }
    case 'resend':
      if (typeof o.historyId !== 'string' || o.historyId.length > 100) return { invalid: 'resend: historyId is not a short string' };
      return { type: 'resend', historyId: o.historyId };
    case 'createTopic': {
      if (typeof o.topic !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(o.topic)) return { invalid: 'createTopic: not a valid topic name' };
      const p = o.partitions;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > MAX_CREATE_PARTITIONS) {
        return { invalid: `createTopic: partitions must be a whole number from 1 to ${MAX_CREATE_PARTITIONS}` };
      }
      return { type: 'createTopic', topic: o.topic, partitions: p };
    }
    default:
      return { invalid: `unknown message type ${JSON.stringify(String(o.type)).slice(0, 60)}` };
  }
}
