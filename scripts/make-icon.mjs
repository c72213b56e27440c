#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, the marketplace icon) with Debian's Chromium.
// Run by hand after changing the SVG: node scripts/make-icon.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const media = join(dirname(fileURLToPath(import.meta.url)), '..', 'media');
const svg = readFileSync(join(media, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  writeFileSync(join(media, 'icon.png'), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } }));
} finally {
  await browser.close();
}
