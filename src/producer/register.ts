import { Services } from '../services';

// Filled in by the producer issue.
export function registerProducer(_services: Services): void {}
