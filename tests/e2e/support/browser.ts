import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's chromium: playwright cannot download its own browser here. A missing browser is a
 * failure, never a skip, so a CI machine without it cannot pass the suite by accident.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No browser at ${CHROMIUM_PATH}: the end-to-end test needs Debian's chromium. ` +
        'Install it with `apt-get install -y chromium` (as .ci/run does).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * What a page did that a test must see: script dialogs (an XSS firing), uncaught errors, and
 * Content-Security-Policy refusals. The gateway's policy blocks inline handlers, so injected
 * markup such as `<img onerror=...>` shows up as a refusal rather than as a dialog.
 */
export interface PageWatch {
  dialogs: string[];
  errors: string[];
  cspViolations: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], errors: [], cspViolations: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watch.cspViolations.push(message.text());
  });
  return watch;
}
