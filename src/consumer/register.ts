import { ExplorerProvider } from '../explorer/explorerProvider';
import { Services } from '../services';

// Filled in by the consumer issue.
export function registerConsumer(_services: Services, _explorer: ExplorerProvider): void {}
