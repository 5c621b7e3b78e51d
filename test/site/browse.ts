import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright';

/** Headless Chromium for the site tests, and pages that record every console error. */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Playwright's own Chromium when installed, then $CHROMIUM_PATH, then Debian's. */
export function launchChromium(): Promise<Browser> {
  const executablePath = [chromium.executablePath(), process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path));
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and failed requests, in order. */
  readonly errors: string[];
}

export async function watchedPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}): Promise<WatchedPage> {
  const page = await browser.newPage(options);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, errors };
}

/** Every href and src in a page's HTML (our own markup: attributes are always double-quoted). */
export function references(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));
}

export interface CrawlResult {
  /** HTML by URL (without fragment). */
  readonly pages: Map<string, string>;
  /** Every other resource reached (CSS, JS, feeds, JSON). */
  readonly files: Set<string>;
  readonly broken: string[];
  readonly scriptLinks: string[];
}

/** Follows every same-site reference from `root`, checks each resolves and each #fragment exists on its page. */
export async function crawl(root: string): Promise<CrawlResult> {
  const origin = new URL(root).origin;
  const queue = [root];
  const seen = new Set(queue);
  const pages = new Map<string, string>();
  const files = new Set<string>();
  const broken: string[] = [];
  const scriptLinks: string[] = [];
  const fragments: { from: string; target: string }[] = [];
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    const response = await fetch(url);
    const body = await response.text();
    if (response.status !== 200) {
      broken.push(`${url} → ${response.status}`);
      continue;
    }
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) {
      files.add(url);
      continue;
    }
    pages.set(url, body);
    for (const reference of references(body)) {
      if (reference.trim().toLowerCase().startsWith('javascript:')) scriptLinks.push(`${url}: ${reference}`);
      const target = new URL(reference, url);
      if (target.origin !== origin) continue;
      if (target.hash) fragments.push({ from: url, target: target.href });
      target.hash = '';
      if (!seen.has(target.href)) {
        seen.add(target.href);
        queue.push(target.href);
      }
    }
  }
  for (const { from, target } of fragments) {
    const url = new URL(target);
    const id = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const html = pages.get(url.href);
    if (html !== undefined && !html.includes(`id="${id}"`)) broken.push(`${from} → ${target} (no element with id "${id}")`);
  }
  return { pages, files, broken, scriptLinks };
}
