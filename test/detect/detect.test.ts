import { describe, expect, it } from 'vitest';
import { detect } from '../../scripts/detect/index.ts';
import type { SignalsInput } from '../../scripts/schema/signals.ts';
import { fingerprints, named, names } from './fingerprints.ts';

const URL = 'https://acme.example/';

/** Whether a database of one technology, Acme, detects it from these signals. */
function detectsAcme(definition: Record<string, unknown>, signals: Omit<SignalsInput, 'url'> & { url?: string }): boolean {
  return names(detect({ url: URL, ...signals }, fingerprints({ Acme: definition }))).includes('Acme');
}

describe('every pattern key', () => {
  it.each<[string, Record<string, unknown>, Omit<SignalsInput, 'url'> & { url?: string }, boolean]>([
    ['url', { url: '^https://shop\\.' }, { url: 'https://shop.acme.example/' }, true],
    ['url, no match', { url: '^https://shop\\.' }, { url: 'https://www.acme.example/' }, false],
    ['html', { html: '<div id="acme-root"' }, { html: '<body><div id="acme-root"></div>' }, true],
    ['html, several patterns', { html: ['<nothing', '<div id="acme-root"'] }, { html: '<div id="acme-root">' }, true],
    ['text', { text: '\\bPowered by Acme\\b' }, { text: 'Shop · Powered by Acme' }, true],
    ['css', { css: '\\.acme-button' }, { css: '.acme-button{color:red}' }, true],
    ['robots', { robots: 'Disallow: /acme-admin/' }, { robots: 'User-agent: *\nDisallow: /acme-admin/' }, true],
    ['certIssuer', { certIssuer: 'Acme Trust CA' }, { certIssuer: 'Acme Trust CA 2024' }, true],
    ['scriptSrc', { scriptSrc: 'acme\\.min\\.js' }, { scriptSrc: ['https://cdn.example/a.js', 'https://cdn.example/acme.min.js'] }, true],
    ['scriptSrc, no match', { scriptSrc: 'acme\\.min\\.js' }, { scriptSrc: ['https://cdn.example/other.js'] }, false],
    ['scripts', { scripts: 'acmeInit\\(' }, { scripts: ['var x = 1;', 'window.acmeInit({})'] }, true],
    ['xhr', { xhr: 'api\\.acme\\.io' }, { xhr: ['fonts.example', 'api.acme.io'] }, true],
    ['headers', { headers: { 'X-Acme': '' } }, { headers: { 'x-acme': ['1'] } }, true],
    ['headers, signal name in any case', { headers: { 'x-acme': '^on$' } }, { headers: { 'X-ACME': ['ON'] } }, true],
    ['headers, other header', { headers: { 'X-Acme': '' } }, { headers: { 'x-other': ['1'] } }, false],
    ['cookies', { cookies: { acme_session: '' } }, { cookies: { acme_session: ['abc'] } }, true],
    ['cookies, glob name', { cookies: { '_acme_*': '' } }, { cookies: { _acme_x7k2: ['1'] } }, true],
    ['cookies, regex name', { cookies: { 'SESS[a-f0-9]{8}': '' } }, { cookies: { sess0123abcd: ['1'] } }, true],
    ['cookies, regex name not matching', { cookies: { 'SESS[a-f0-9]{8}': '' } }, { cookies: { sessxyz: ['1'] } }, false],
    ['cookies, bracketed literal name', { cookies: { 'acme[lastvisit]': '' } }, { cookies: { 'acme[lastvisit]': ['1'] } }, true],
    ['meta', { meta: { generator: '^Acme' } }, { meta: { generator: ['Acme 2.0'] } }, true],
    ['meta, property', { meta: { 'og:site_name': 'Acme' } }, { meta: { 'og:site_name': ['Acme shop'] } }, true],
    ['dns', { dns: { TXT: 'acme-verification' } }, { dns: { TXT: ['v=spf1', 'acme-verification=123'] } }, true],
    ['js', { js: { 'Acme.version': '' } }, { js: { 'Acme.version': '1.2' } }, true],
    ['js, chains are case-sensitive', { js: { 'Acme.version': '' } }, { js: { 'acme.version': '1.2' } }, false],
    ['js, boolean value', { js: { 'Acme.enabled': '^true$' } }, { js: { 'Acme.enabled': true } }, true],
    ['js, number value', { js: { 'Acme.build': '^42$' } }, { js: { 'Acme.build': 42 } }, true],
    ['js, null reads as false', { js: { 'Acme.enabled': '^false$' } }, { js: { 'Acme.enabled': null } }, true],
    ['dom as a selector', { dom: '#acme-widget' }, { dom: { '#acme-widget': [{ exists: true }] } }, true],
    ['dom as selectors', { dom: ['.nope', '.acme'] }, { dom: { '.acme': [{ exists: true }] } }, true],
    ['dom, no node', { dom: '#acme-widget' }, { dom: { '#acme-widget': [] } }, false],
    ['dom exists', { dom: { '#acme': { exists: '' } } }, { dom: { '#acme': [{ exists: true }] } }, true],
    ['dom text', { dom: { footer: { text: 'Powered by Acme' } } }, { dom: { footer: [{ exists: true, text: '  Powered by Acme \n' }] } }, true],
    ['dom text, no match', { dom: { footer: { text: 'Powered by Acme' } } }, { dom: { footer: [{ exists: true, text: 'Hello' }] } }, false],
    [
      'dom attributes',
      { dom: { 'link[rel=stylesheet]': { attributes: { href: 'acme\\.css' } } } },
      {
        dom: {
          'link[rel=stylesheet]': [
            { exists: true, attributes: { href: '/b.css' } },
            { exists: true, attributes: { href: '/acme.css' } },
          ],
        },
      },
      true,
    ],
    ['dom attributes, attribute absent', { dom: { div: { attributes: { 'data-acme': '' } } } }, { dom: { div: [{ exists: true, attributes: {} }] } }, false],
    ['dom properties', { dom: { '#app': { properties: { __acme__: '' } } } }, { dom: { '#app': [{ exists: true, properties: { __acme__: true } }] } }, true],
  ])('%s', (_, definition, signals, detected) => {
    expect(detectsAcme(definition, signals)).toBe(detected);
  });

  it('matches case-insensitively', () => {
    expect(detectsAcme({ html: '<DIV ID="ACME"' }, { html: '<div id="acme">' })).toBe(true);
    expect(detectsAcme({ scriptSrc: 'acme\\.JS' }, { scriptSrc: ['https://cdn.example/ACME.js'] })).toBe(true);
  });

  it('skips a pattern that is not a valid regex instead of failing, and lists it as a problem', () => {
    const database = fingerprints({ Acme: { html: ['(unclosed', 'acme-ok'] } });
    expect(database.problems).toEqual([expect.stringMatching(/^Acme: invalid pattern "\(unclosed" \(.+\)$/)]);
    expect(names(detect({ url: URL, html: '<p class="acme-ok">(unclosed' }, database))).toEqual(['Acme']);
  });
});

describe('tags', () => {
  const acme = (definition: Record<string, unknown>, signals: Omit<SignalsInput, 'url'>) =>
    named(detect({ url: URL, ...signals }, fingerprints({ Acme: definition })), 'Acme');

  it.each<[string, Record<string, unknown>, Omit<SignalsInput, 'url'>, string | null]>([
    ['\\1', { scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1' }, { scriptSrc: ['/acme-1.2.3.js'] }, '1.2.3'],
    ['\\1?a:b, set', { scriptSrc: 'acme(-pro)?\\.js\\;version:\\1?pro:free' }, { scriptSrc: ['/acme-pro.js'] }, 'pro'],
    ['\\1?a:b, unset', { scriptSrc: 'acme(-pro)?\\.js\\;version:\\1?pro:free' }, { scriptSrc: ['/acme.js'] }, 'free'],
    ['\\1?a:, unset', { scriptSrc: 'acme(-next)?\\.js\\;version:\\1?Next:' }, { scriptSrc: ['/acme.js'] }, null],
    ['\\1?:b, set', { scriptSrc: 'acme(-classic)?\\.js\\;version:\\1?:modern' }, { scriptSrc: ['/acme-classic.js'] }, null],
    ['\\1?:b, unset', { scriptSrc: 'acme(-classic)?\\.js\\;version:\\1?:modern' }, { scriptSrc: ['/acme.js'] }, 'modern'],
    ['literal prefix', { meta: { generator: 'Acme (\\d+)\\;version:v\\1' } }, { meta: { generator: ['Acme 7'] } }, 'v7'],
    ['two groups', { headers: { 'x-acme': '(\\d+)_(\\d+)\\;version:\\1.\\2' } }, { headers: { 'x-acme': ['4_12'] } }, '4.12'],
    ['literal version', { js: { 'Acme.v2': '\\;version:2' } }, { js: { 'Acme.v2': true } }, '2'],
    ['version on a js value', { js: { 'Acme.version': '^(.+)$\\;version:\\1' } }, { js: { 'Acme.version': '3.1.4' } }, '3.1.4'],
    ['version on dom exists', { dom: { '#acme': { exists: '\\;version:2+' } } }, { dom: { '#acme': [{ exists: true }] } }, '2+'],
    [
      'version on a dom attribute',
      { dom: { 'link[href*=acme]': { attributes: { href: 'acme@([\\d.]+)\\;version:\\1' } } } },
      { dom: { 'link[href*=acme]': [{ exists: true, attributes: { href: '/npm/acme@5.3.2/a.css' } }] } },
      '5.3.2',
    ],
    ['capture over 10 characters', { html: 'acme build ([\\w.]+)\\;version:\\1' }, { html: 'acme build 2024.01.01.1234' }, null],
    ['timestamp-like number', { html: 'acme-(\\d+)\\.js\\;version:\\1' }, { html: 'acme-1700000000.js' }, null],
  ])('version %s', (_, definition, signals, version) => {
    const found = acme(definition, signals);
    expect(found).toBeDefined();
    expect(found?.version).toBe(version);
  });

  it.each<[string, Record<string, unknown>, Omit<SignalsInput, 'url'>, number]>([
    ['default 100', { html: 'acme' }, { html: 'acme' }, 100],
    ['one pattern', { html: 'acme\\;confidence:30' }, { html: 'acme' }, 30],
    ['two patterns of one key sum', { html: ['acme\\;confidence:30', 'widget\\;confidence:25'] }, { html: 'acme widget' }, 55],
    [
      'patterns of several keys sum',
      { html: 'acme\\;confidence:30', scriptSrc: 'acme\\.js\\;confidence:30', cookies: { acme: '\\;confidence:20' } },
      { html: 'acme', scriptSrc: ['/acme.js'], cookies: { acme: ['1'] } },
      80,
    ],
    ['capped at 100', { html: ['acme\\;confidence:60', 'widget\\;confidence:60'] }, { html: 'acme widget' }, 100],
    [
      'a pattern counts once however many values it matches',
      { scriptSrc: 'acme\\.js\\;confidence:40' },
      { scriptSrc: ['/a/acme.js', '/b/acme.js', '/c/acme.js'] },
      40,
    ],
    [
      'a pattern counts once across nodes',
      { dom: { '.acme': { text: 'Acme\\;confidence:35' } } },
      {
        dom: {
          '.acme': [
            { exists: true, text: 'Acme' },
            { exists: true, text: 'Acme 2' },
          ],
        },
      },
      35,
    ],
    [
      'identical empty patterns on different js chains both count',
      { js: { 'Acme.a': '\\;confidence:50', 'Acme.b': '\\;confidence:50' } },
      { js: { 'Acme.a': true, 'Acme.b': true } },
      100,
    ],
  ])('confidence: %s', (_, definition, signals, confidence) => {
    expect(acme(definition, signals)?.confidence).toBe(confidence);
  });
});

describe('version choice among several matches', () => {
  it.each<[string, Record<string, unknown>, Omit<SignalsInput, 'url'>, string | null]>([
    ['the longest wins', { scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1' }, { scriptSrc: ['/acme-1.2.js', '/acme-1.2.10.js', '/acme-1.3.js'] }, '1.2.10'],
    [
      'the first found wins a tie, headers before script URLs',
      { headers: { 'x-acme': '([\\d.]+)\\;version:\\1' }, scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1' },
      { headers: { 'x-acme': ['2.0'] }, scriptSrc: ['/acme-1.9.js'] },
      '2.0',
    ],
    ['the first found wins a tie, in value order', { scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1' }, { scriptSrc: ['/acme-3.1.js', '/acme-2.9.js'] }, '3.1'],
    [
      'an unusable version is passed over',
      { scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1', js: { 'Acme.v': '(.+)\\;version:\\1' } },
      { scriptSrc: ['/acme-1.2.js'], js: { 'Acme.v': '123456' } },
      '1.2',
    ],
    [
      'a versionless match does not erase a version',
      { html: 'acme', scriptSrc: 'acme-([\\d.]+)\\.js\\;version:\\1' },
      { html: 'acme', scriptSrc: ['/acme-4.0.js'] },
      '4.0',
    ],
  ])('%s', (_, definition, signals, version) => {
    expect(named(detect({ url: URL, ...signals }, fingerprints({ Acme: definition })), 'Acme')?.version).toBe(version);
  });
});

describe('implies', () => {
  const database = fingerprints({
    WordPress: { cats: [1], meta: { generator: '^WordPress ?([\\d.]+)?\\;version:\\1' }, implies: ['PHP', 'MySQL\\;confidence:80'] },
    PHP: { cats: [27], headers: { 'x-powered-by': '^php/?([\\d.]+)?\\;version:\\1' } },
    MySQL: {},
    Shopware: { html: 'shopware\\;confidence:40', implies: 'Symfony\\;version:5' },
    Symfony: { implies: 'PHP' },
    Magento: { html: 'mage-init', implies: 'PHP\\;confidence:50' },
  });
  const run = (signals: Omit<SignalsInput, 'url'>) => detect({ url: URL, ...signals }, database);

  it('adds implied technologies with the implication confidence', () => {
    const found = run({ meta: { generator: ['WordPress 6.4.2'] } });
    expect(names(found)).toEqual(['MySQL', 'PHP', 'WordPress']);
    expect(named(found, 'MySQL')).toEqual({ name: 'MySQL', version: null, confidence: 80, categories: ['JavaScript libraries'] });
    expect(named(found, 'PHP')?.confidence).toBe(100);
  });

  it('is transitive, with the version tag and the lower confidence passed down', () => {
    const found = run({ html: '<meta content="shopware">' });
    expect(named(found, 'Symfony')).toMatchObject({ version: '5', confidence: 40 });
    expect(named(found, 'PHP')).toMatchObject({ version: null, confidence: 40 });
  });

  it('keeps what a matched technology found itself', () => {
    const found = run({ meta: { generator: ['WordPress'] }, headers: { 'x-powered-by': ['PHP/8.2.1'] } });
    expect(named(found, 'PHP')).toMatchObject({ version: '8.2.1', confidence: 100 });
  });

  it('takes the most confident of several implications', () => {
    const found = run({ html: 'mage-init shopware' });
    expect(named(found, 'PHP')?.confidence).toBe(50);
  });
});

describe('excludes', () => {
  const database = fingerprints({
    Alpha: { html: 'alpha', excludes: 'Beta' },
    Beta: { html: 'beta' },
    Gamma: { html: 'gamma', excludes: ['Delta'] },
    Delta: { html: 'delta', excludes: ['Gamma'] },
    Epsilon: { html: 'epsilon', implies: 'Beta' },
  });
  const run = (html: string) => names(detect({ url: URL, html }, database));

  it.each([
    ['an excluded technology is removed', 'alpha beta', ['Alpha']],
    ['nothing is removed when the excluding technology is absent', 'beta', ['Beta']],
    ['of two that exclude each other, the first in the database stays', 'gamma delta', ['Gamma']],
    ['an implied technology is added after exclusion, as in the reference engine', 'alpha beta epsilon', ['Alpha', 'Beta', 'Epsilon']],
  ])('%s', (_, html, expected) => {
    expect(run(html)).toEqual(expected);
  });
});

describe('requires and requiresCategory', () => {
  const database = fingerprints({
    WordPress: { cats: [1], meta: { generator: '^WordPress' } },
    Yoast: { html: 'yoast', implies: 'WordPress' },
    'Contact Form 7': { cats: [87], requires: 'WordPress', scriptSrc: '/contact-form-7/' },
    'CF7 Addon': { requires: ['Contact Form 7'], scriptSrc: '/cf7-addon/' },
    Morris: { requires: ['jQuery', 'Raphael'], scriptSrc: 'morris\\.js' },
    jQuery: { scriptSrc: 'jquery\\.js' },
    Raphael: { scriptSrc: 'raphael\\.js' },
    Shop: { cats: [6], html: 'shop-cart' },
    Afterpay: { requiresCategory: 6, scriptSrc: 'afterpay\\.js' },
    Klarna: { requiresCategory: 'Ecommerce', scriptSrc: 'klarna\\.js' },
  });
  const run = (signals: Omit<SignalsInput, 'url'>) => names(detect({ url: URL, ...signals }, database));
  const scripts = ['/contact-form-7/index.js', '/cf7-addon/a.js', '/morris.js', '/afterpay.js', '/klarna.js'];

  it.each<[string, Omit<SignalsInput, 'url'>, string[]]>([
    ['nothing required is detected: requiring technologies are not evaluated', { scriptSrc: scripts }, []],
    ['the required technology is detected', { meta: { generator: ['WordPress'] }, scriptSrc: scripts }, ['CF7 Addon', 'Contact Form 7', 'WordPress']],
    ['the required technology is only implied', { html: 'yoast', scriptSrc: scripts }, ['CF7 Addon', 'Contact Form 7', 'WordPress', 'Yoast']],
    ['one of several requirements is enough (as in the reference driver)', { scriptSrc: ['/jquery.js', ...scripts] }, ['jQuery', 'Morris']],
    ['a technology of the required category is detected (by id and by name)', { html: 'shop-cart', scriptSrc: scripts }, ['Afterpay', 'Klarna', 'Shop']],
    ['a requiring technology still needs its own patterns to match', { meta: { generator: ['WordPress'] } }, ['WordPress']],
  ])('%s', (_, signals, expected) => {
    expect(run(signals)).toEqual(expected);
  });
});

describe('output', () => {
  it('resolves categories to names and sorts by name, case-insensitively', () => {
    const database = fingerprints({
      jQuery: { cats: [59], html: 'jq' },
      WordPress: { cats: [1, 999], html: 'wp' },
      Apache: { cats: [22], html: 'ap' },
      'apex.js': { cats: [], html: 'apx' },
    });
    expect(detect({ url: URL, html: 'jq wp ap apx' }, database)).toEqual([
      { name: 'Apache', version: null, confidence: 100, categories: ['Web servers'] },
      { name: 'apex.js', version: null, confidence: 100, categories: [] },
      { name: 'jQuery', version: null, confidence: 100, categories: ['JavaScript libraries'] },
      { name: 'WordPress', version: null, confidence: 100, categories: ['CMS'] },
    ]);
  });

  it('lists references to unknown technologies or categories as problems, and ignores them', () => {
    const database = fingerprints({ Acme: { cats: [999], html: 'acme', implies: 'Ghost', requires: [], excludes: 'Nobody' } });
    expect(database.problems).toEqual([
      'Acme: implies unknown technology "Ghost"',
      'Acme: excludes unknown technology "Nobody"',
      'Acme: cats unknown category 999',
    ]);
    expect(names(detect({ url: URL, html: 'acme' }, database))).toEqual(['Acme']);
  });

  it('rejects data that is not in the format', () => {
    expect(() => fingerprints({ Acme: { cats: 'nope' } })).toThrow(/technologies\.json is not in the webappanalyzer format: Acme\.cats/);
  });
});

describe('signal limits', () => {
  const database = fingerprints({ Head: { html: 'head-marker' }, Middle: { html: 'middle-marker' }, Tail: { html: 'tail-marker' } });

  it('reads the head and the tail of a huge HTML page, not its middle', () => {
    const filler = 'x'.repeat(1_500_000);
    const html = `head-marker ${filler} middle-marker ${filler} tail-marker`;
    expect(names(detect({ url: URL, html }, database))).toEqual(['Head', 'Tail']);
  });

  it('reads script URLs up to the list budget', () => {
    const acme = fingerprints({ Acme: { scriptSrc: 'acme\\.js' } });
    const padding = Array.from({ length: 100 }, (_, index) => `https://cdn.example/${'p'.repeat(1000)}/${index}.js`);
    expect(names(detect({ url: URL, scriptSrc: [...padding.slice(0, 10), '/acme.js'] }, acme))).toEqual(['Acme']);
    expect(names(detect({ url: URL, scriptSrc: [...padding, '/acme.js'] }, acme))).toEqual([]);
  });
});
