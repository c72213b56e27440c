// Export and import: Export Messages (a range of a topic to JSONL, JSON or CSV), Produce from File (a file
// in the same shape, or plain lines, into a topic) and the JSONL code lens. The browser panel exports its
// window or filtered rows through exportWithDialog (exportFlow.ts).
import { registerCommand } from '../commands/register';
import { Targets } from '../commands/targets';
import { ProducerPool } from '../producer/producerPool';
import { Services } from '../services';
import { registerJsonlLenses } from './codeLens';
import { exportMessagesCommand } from './exportCommand';
import { produceFromFileCommand } from './importFlow';

export function registerPorting(services: Services, pool: ProducerPool): void {
  const targets = new Targets(services);
  registerCommand(services, 'kafkaDev.exportMessages', 'Export Messages', exportMessagesCommand(services, targets));
  registerCommand(services, 'kafkaDev.produceFromFile', 'Produce from File', produceFromFileCommand(services, pool, targets));
  registerJsonlLenses(services, pool, targets);
}
