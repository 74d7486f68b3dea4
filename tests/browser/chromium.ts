import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run), never a downloaded browser. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
