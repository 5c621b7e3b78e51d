import type { Browser, Page } from 'playwright';
import { fromPage, isScriptUrl } from './inert-checks.ts';

/**
 * Opens pages of the built site in Chromium with a trap for the hostile page's payloads: each
 * sets `window.__pwned`, which the trap reports before any page script runs; a dialog, an
 * uncaught error naming a payload, a `javascript:` link of the page's or an inline event handler in the live
 * DOM (after the page's own scripts have run) count as well.
 */

export interface SiteVisits {
  /** Everything that ran or could run, by page. */
  readonly holes: string[];
  /** The text of each page visited (the body's `textContent`, closed details included), by URL. */
  readonly texts: Map<string, string>;
}

const REPORT = '__inertReport';
/** Long enough for Pagefind and the compare picker to fetch and render what they show. */
const SETTLE_MS = 10_000;

export async function visitSite(browser: Browser, urls: readonly string[], ready: Readonly<Record<string, string>> = {}): Promise<SiteVisits> {
  const context = await browser.newContext();
  const holes: string[] = [];
  const texts = new Map<string, string>();
  await context.exposeBinding(REPORT, ({ page }, what: unknown) => void holes.push(`${page.url()}: ran ${String(what)}`));
  await context.addInitScript((report) => {
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => undefined,
      set: (value: unknown) => {
        const send: unknown = Reflect.get(window, report);
        if (typeof send === 'function') send(`window.__pwned = ${String(value)}`);
      },
    });
  }, REPORT);
  const page: Page = await context.newPage();
  page.on('dialog', (dialog) => {
    holes.push(`${page.url()}: a ${dialog.type()} dialog "${dialog.message()}"`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => {
    if (error.message.includes('pwned')) holes.push(`${page.url()}: ${error.message}`);
  });
  try {
    for (const url of urls) {
      await page.goto(url, { waitUntil: 'load' });
      const selector = Object.entries(ready).find(([prefix]) => url.includes(prefix))?.[1];
      if (selector) await page.locator(selector).first().waitFor({ timeout: SETTLE_MS });
      const live = await page.evaluate(() => {
        const found: string[] = [];
        for (const element of document.querySelectorAll('*')) {
          for (const attribute of element.attributes) {
            if (attribute.name.toLowerCase().startsWith('on')) found.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
          }
        }
        const hrefs = [...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')].map(
          (element) => element.getAttribute('href') ?? element.getAttribute('src') ?? element.getAttribute('action') ?? '',
        );
        // textContent: excerpts in closed <details> count too.
        return { found, hrefs, text: document.body.textContent ?? '' };
      });
      holes.push(...live.found.map((element) => `${url}: ${element}`));
      // Only the page's: the search UI's own buttons are `javascript:void(0)` links.
      holes.push(...live.hrefs.filter((href) => isScriptUrl(href) && fromPage(href)).map((href) => `${url}: a link to ${href}`));
      texts.set(url, live.text);
    }
  } finally {
    await context.close();
  }
  return { holes, texts };
}
