import { Services } from '../services';

// Filled in by the tunnel issue: registers a socket factory provider on services.connections.
export function registerTunnel(_services: Services): void {}
