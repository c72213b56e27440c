// Debian's Chromium driven by playwright-core: headless, no sandbox (CI runs as root), and nothing that
// reaches the network on its own.
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Many tabs' worth of shared memory is not available in every container.
  '--disable-dev-shm-usage'];

export function chromiumPath(): string {
  const p = process.env.KAFKA_DEV_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => existsSync(x));
  if (!p) throw new Error('Chromium not found: install Debian\'s `chromium` (npm run setup) or set KAFKA_DEV_CHROMIUM');
  return p;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
