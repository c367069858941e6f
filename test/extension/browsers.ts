/**
 * The real browsers of the extension suite: Debian's chromium and firefox-esr, driven by puppeteer-core (no browser
 * download). Chromium is driven over CDP (pipe) and loads the extension with `installExtension`; Firefox over
 * WebDriver BiDi, which installs the extension too but may neither open its pages nor evaluate its background, so
 * the suite pairs and reads the status there through the test build's bridge on the fake Vinted page.
 */
import { existsSync } from 'node:fs';
import puppeteer, { Browser as PuppeteerBrowser, Page } from 'puppeteer-core';
import type { Browser } from '../../apps/extension/build';
import type { PairAnswer, PopupRequest, Status } from '../../apps/extension/src/messages';

const EXECUTABLES: Record<Browser, string[]> = {
  chromium: [process.env.CHROMIUM_PATH ?? '', '/usr/bin/chromium', '/usr/bin/chromium-browser'],
  firefox: [process.env.FIREFOX_PATH ?? '', '/usr/bin/firefox-esr', '/usr/bin/firefox'],
};

export function executable(browser: Browser): string | null {
  return EXECUTABLES[browser].find((path) => path !== '' && existsSync(path)) ?? null;
}

export interface RunningBrowser {
  kind: Browser;
  browser: PuppeteerBrowser;
  /** e.g. "chromium 156.0.8078.114" */
  name: string;
  /** Chromium: the extension's id (its pages are chrome-extension://<id>/…). */
  extensionId: string;
}

export async function launch(kind: Browser, extensionDir: string): Promise<RunningBrowser> {
  const executablePath = executable(kind);
  if (!executablePath) throw new Error(`no ${kind} installed`);
  const browser =
    kind === 'chromium'
      ? await puppeteer.launch({
          executablePath,
          headless: true,
          pipe: true,
          enableExtensions: true,
          // Root in CI containers: Chromium's sandbox refuses to start as root.
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
        })
      : await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, protocol: 'webDriverBiDi' });
  const extensionId = await browser.installExtension(extensionDir);
  const version = (await browser.version()).replace(/^[^/\d]*\/?/, '');
  return { kind, browser, name: `${kind} ${version}`, extensionId };
}

/** Asks the background what the popup asks, through the popup page (Chromium) or the test bridge (Firefox). */
export async function askExtension<T extends Status | PairAnswer>(
  running: RunningBrowser,
  vintedTab: Page,
  request: PopupRequest,
): Promise<T> {
  if (running.kind === 'chromium') {
    const popup = await running.browser.newPage();
    try {
      await popup.goto(`chrome-extension://${running.extensionId}/popup.html`);
      return (await popup.evaluate((r) => chrome.runtime.sendMessage(r), request)) as T;
    } finally {
      await popup.close();
    }
  }
  return (await vintedTab.evaluate(
    (r) =>
      new Promise((resolve) => {
        const id = Math.random().toString(36).slice(2);
        window.addEventListener(
          'message',
          (event: MessageEvent<{ stoflowTest?: string; id?: string; answer?: unknown }>) => {
            if (event.data?.stoflowTest === 'answer' && event.data.id === id) resolve(event.data.answer);
          },
        );
        window.postMessage({ stoflowTest: 'request', id, request: r }, '*');
      }),
    request,
  )) as T;
}

/** Pairs through the real popup form in Chromium (typing and clicking), through the bridge in Firefox. */
export async function pair(running: RunningBrowser, vintedTab: Page, code: string): Promise<string> {
  if (running.kind === 'firefox') {
    const answer = await askExtension<PairAnswer>(running, vintedTab, {
      type: 'pair',
      server: (await askExtension<Status>(running, vintedTab, { type: 'status' })).defaultServer,
      code,
      name: 'Firefox e2e',
    });
    if (!answer.ok) throw new Error(`pairing refused: ${answer.message}`);
    return 'paired through the test bridge';
  }
  const popup = await running.browser.newPage();
  try {
    await popup.goto(`chrome-extension://${running.extensionId}/popup.html`);
    await popup.waitForSelector('#pair-form:not([hidden])');
    await popup.type('#code', code);
    await popup.$eval('#name', (input) => ((input as HTMLInputElement).value = ''));
    await popup.type('#name', 'Chromium e2e');
    await popup.click('#pair');
    await popup.waitForSelector('#paired:not([hidden])', { timeout: 10_000 });
    return await popup.$eval('#paired', (section) => (section as HTMLElement).innerText);
  } finally {
    await popup.close();
  }
}
