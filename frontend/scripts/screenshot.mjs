// Headless screenshots of a running dashboard, to judge the look at desktop and phone widths.
//   node frontend/scripts/screenshot.mjs [url] [outDir]
// Needs Debian's chromium (apt-get install -y chromium). Reports horizontal overflow per width.
/* global document, window -- page.evaluate callbacks run in the browser */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://127.0.0.1:4300/';
const outDir = process.argv[3] ?? 'test-artifacts/screenshots';
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const [name, width, height] of [
    ['desktop', 1440, 1000],
    ['phone', 375, 812],
  ]) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[${name}] console error:`, message.text());
    });
    page.on('dialog', (dialog) => {
      console.error(`[${name}] DIALOG OPENED (script ran!):`, dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(2500);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    console.log(`${name}: horizontal overflow ${overflow}px`);
    await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
    // Viewport-sized slices, readable at full size.
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < total; y += height, i++) {
      const clip = { x: 0, y, width, height: Math.min(height, total - y) };
      await page.screenshot({ path: `${outDir}/${name}-${i}.png`, clip, fullPage: true });
    }
    const hasRows = (await page.locator('[data-testid="hashtag-row"]').count()) > 1;
    if (name === 'desktop' && hasRows) {
      // The interactive state: a hashtag selected in the table and a map popup open.
      await page.locator('[data-testid="hashtag-select"]').nth(1).click();
      await page.locator('[data-testid="map-marker"]').first().click({ force: true });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${outDir}/${name}-selected.png`, fullPage: true });
    }
    const word = page.locator('[data-testid="word"]').first();
    if ((await word.count()) > 0) {
      // A word picked in the cloud: the recent posts filtered by it, with its chip.
      await word.click();
      await page.locator('[data-testid="posts-term-chip"]').waitFor();
      await page.waitForTimeout(1500);
      const posts = page.locator('app-post-list');
      await posts.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${outDir}/${name}-word.png`, fullPage: true });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
