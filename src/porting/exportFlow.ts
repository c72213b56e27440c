// PLACEHOLDER (owned by PORT)
import type { ConsumedRecord } from '../kafka/rules/recordFormat';
import type { Services } from '../services';

export async function exportWithDialog(_services: Services, _source: { topic: string; clusterName: string; records: Iterable<ConsumedRecord>; count: number; what: string }): Promise<void> {
  throw new Error('PLACEHOLDER');
}
