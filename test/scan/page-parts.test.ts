import { describe, expect, it } from 'vitest';
import { recogniseBlock } from '../../scripts/scan/blocked.ts';
import { applyIgnorePatterns, contentSummary, countWords, volatileBlocks } from '../../scripts/scan/content.ts';
import { pickDeepPages } from '../../scripts/scan/deep-pages.ts';
import { kindOfBrowserError, kindOfNodeError } from '../../scripts/scan/failure.ts';
import { parseDocument } from '../../scripts/scan/html.ts';
import { infrastructureSummary } from '../../scripts/scan/infrastructure.ts';
import { mergeTechnologies } from '../../scripts/scan/technologies.ts';
import { technology } from '../helpers/records.ts';

const PAGE = `<!DOCTYPE html><html><head>
  <title> Acme — Home </title>
  <meta name="description" content="We sell anvils.">
  <meta name="Generator" content="WordPress 6.4">
  <meta property="og:title" content="Acme">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
  <link rel="canonical" href="/home">
  <script src="/js/app.js" integrity="sha384-abc"></script>
  <script>window.config = { id: 1 };</script>
  <style>.x { color: red }</style>
</head><body>
  <h1>Anvils<small> for everyone</small></h1>
  <p>Drop-forged<b>steel</b> anvils.</p><p>Since 1949.</p>
  <div class="promo"><h2>Sale</h2>Only 3 left!</div>
  <div hidden>Secret</div>
  <noscript>Enable JS</noscript>
  <a href="/about">About</a> <a href="https://other.example/">Elsewhere</a> <a href="/about#team">Team</a>
</body></html>`;

describe('parseDocument', () => {
  const document = parseDocument(PAGE, 'https://acme.example/', ['.promo']);

  it('reads title, description, canonical, meta and http-equiv', () => {
    expect(document.title).toBe('Acme — Home');
    expect(document.description).toBe('We sell anvils.');
    expect(document.canonical).toBe('https://acme.example/home');
    expect(document.meta).toMatchObject({ generator: ['WordPress 6.4'], 'og:title': ['Acme'] });
    expect(document.httpEquiv['content-security-policy']).toEqual(["default-src 'self'"]);
  });

  it('separates external and inline scripts', () => {
    expect(document.scriptTags).toEqual([{ src: 'https://acme.example/js/app.js', integrity: 'sha384-abc' }]);
    expect(document.inlineScripts).toEqual(['window.config = { id: 1 };']);
    expect(document.scriptCount).toBe(2);
    expect(document.inlineStyles).toEqual(['.x { color: red }']);
  });

  it('keeps visible text only, with ignored selectors removed and words kept whole', () => {
    expect(document.text).toBe('Anvils for everyone Drop-forgedsteel anvils. Since 1949. About Elsewhere Team');
    expect(document.headings).toEqual([{ level: 1, text: 'Anvils for everyone' }]);
  });

  it('lists same-site links without fragments', () => {
    expect(document.links).toEqual(['https://acme.example/about']);
  });
});

describe('content summary', () => {
  it('applies ignore patterns before hashing, so a changing counter is no change', () => {
    const first = contentSummary(parseDocument('<p>Only 3 left in stock. Buy now.</p>', 'https://a.example/'), ['\\d+ left in stock']);
    const second = contentSummary(parseDocument('<p>Only 12 left in stock. Buy now.</p>', 'https://a.example/'), ['\\d+ left in stock']);
    expect(first.content.textHash).toBe(second.content.textHash);
    expect(first.text).toBe('Only . Buy now.');
  });

  it('counts words', () => {
    expect(countWords("It's 2026 — l'été à Zürich, 3 ideas.")).toBe(7);
    expect(applyIgnorePatterns('Order #123 placed', ['#\\d+'])).toBe('Order placed');
  });
});

describe('blocked pages', () => {
  const evidence = (status: number, headers: Record<string, string>, title: string | null, html = '') => ({
    status,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    title,
    html,
  });

  it.each([
    ['Cloudflare challenge header', evidence(403, { 'cf-mitigated': 'challenge' }, 'Just a moment...'), 'Cloudflare bot challenge'],
    ['Cloudflare "Just a moment"', evidence(503, { server: 'cloudflare' }, 'Just a moment...'), 'Cloudflare bot challenge'],
    ['Akamai access denied', evidence(403, { server: 'AkamaiGHost' }, 'Access Denied', 'Reference #18.6b2f1602.1700000000.1a2b3c'), 'Akamai access denied'],
    ['Imperva interruption', evidence(200, {}, 'Pardon Our Interruption'), 'Imperva bot challenge'],
    ['DataDome captcha', evidence(403, { 'x-datadome': 'protected' }, null), 'DataDome captcha'],
    ['a bare 403 Forbidden page', evidence(403, {}, '403 Forbidden'), 'the server access denied'],
  ])('%s', (_name, page, expected) => {
    expect(recogniseBlock(page)).toBe(expected);
  });

  it.each([
    ['an ordinary page behind Cloudflare', evidence(200, { server: 'cloudflare', 'cf-ray': 'x' }, 'Acme — Home')],
    ['a 404 page', evidence(404, {}, 'Page not found')],
    ['a page that mentions captcha', evidence(200, {}, 'How we built our captcha', '<div class="g-recaptcha"></div>')],
  ])('not blocked: %s', (_name, page) => {
    expect(recogniseBlock(page)).toBeNull();
  });
});

describe('infrastructure', () => {
  it.each([
    [{ server: 'cloudflare', 'cf-ray': '1' }, 'Cloudflare', null],
    [{ 'x-amz-cf-id': '1', server: 'AmazonS3' }, 'Amazon CloudFront', 'Amazon S3'],
    [{ 'x-served-by': 'cache-fra-1', 'x-github-request-id': '1' }, 'Fastly', 'GitHub Pages'],
    [{ 'x-vercel-id': 'fra1::abc', server: 'Vercel' }, null, 'Vercel'],
    [{ server: 'nginx' }, null, null],
  ])('%j → CDN %s, hosting %s', (headers, cdn, hosting) => {
    const summary = infrastructureSummary({
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      ip: '203.0.113.1',
      httpVersion: 'h2',
      tls: null,
      redirects: [],
    });
    expect({ cdn: summary.cdn, hosting: summary.hosting }).toEqual({ cdn, hosting });
  });
});

describe('error kinds', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connection_refused'],
    ['ECONNRESET', 'connection_reset'],
    ['ETIMEDOUT', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['EWHATEVER', null],
  ])('node %s → %s', (code, kind) => {
    expect(kindOfNodeError(Object.assign(new Error('x'), { code }))).toBe(kind);
  });

  it.each([
    ['page.goto: net::ERR_NAME_NOT_RESOLVED at https://x/', 'dns'],
    ['net::ERR_CONNECTION_REFUSED', 'connection_refused'],
    ['net::ERR_CONNECTION_RESET', 'connection_reset'],
    ['net::ERR_EMPTY_RESPONSE', 'connection_reset'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls'],
    ['net::ERR_TOO_MANY_REDIRECTS', 'too_many_redirects'],
    ['page.goto: Download is starting', 'not_html'],
    ['something else', null],
  ])('browser "%s" → %s', (message, kind) => {
    expect(kindOfBrowserError(message)).toBe(kind);
  });
});

describe('deep pages', () => {
  it('picks same-site pages in order, not files, not the home page, once each', () => {
    const links = [
      'https://a.example/',
      'https://a.example/pricing',
      'https://a.example/pricing/',
      'https://a.example/brochure.pdf',
      'https://cdn.example/x',
      'https://a.example/blog?page=2',
      'https://a.example/blog',
    ];
    expect(pickDeepPages(links, 'https://a.example/')).toEqual(['https://a.example/pricing', 'https://a.example/blog?page=2']);
  });
});

describe('merging technologies of several pages', () => {
  it('keeps the home page version, the highest confidence and all categories, sorted by name', () => {
    const merged = mergeTechnologies([
      [technology('jQuery', null, ['JavaScript libraries'], 50), technology('WordPress', '6.4', ['CMS'])],
      [technology('jQuery', '3.7.1', ['JavaScript libraries'], 100), technology('Bootstrap', '5.3.3', ['UI frameworks'])],
    ]);
    expect(merged).toEqual([
      technology('Bootstrap', '5.3.3', ['UI frameworks']),
      technology('jQuery', '3.7.1', ['JavaScript libraries'], 100),
      technology('WordPress', '6.4', ['CMS']),
    ]);
  });
});

describe('content blocks', () => {
  const blocksOf = (body: string, ignore: string[] = []) => parseDocument(`<html><body>${body}</body></html>`, 'https://x.example/', ignore).blocks;

  it.each([
    ['paragraphs', '<p>One.</p><p>Two <b>bold</b> words.</p>', ['One.', 'Two bold words.']],
    ['list items', '<ul><li>Tents</li><li>Packs</li></ul>', ['Tents', 'Packs']],
    ['text beside a nested block', '<div>Lead <p>Inner.</p> tail</div>', ['Lead', 'Inner.', 'tail']],
    ['headings left out', '<h2>Pricing</h2><p>Free for three.</p>', ['Free for three.']],
    ['punctuation-only blocks left out', '<p>Hello</p><p>·</p><p>—</p>', ['Hello']],
    ['hidden and invisible text left out', '<p hidden>No</p><script>var x</script><p>Yes</p>', ['Yes']],
  ])('cuts %s into blocks', (_case, body, blocks) => {
    expect(blocksOf(body)).toEqual(blocks);
  });

  it('leaves out what the ignore selectors name', () => {
    expect(blocksOf('<p>Keep</p><aside class="promo"><p>Drop</p></aside>', ['.promo'])).toEqual(['Keep']);
  });

  it('hashes each block once, in page order, with the ignore patterns applied and the wording kept', () => {
    const { content, blockTexts } = contentSummary(parseDocument('<body><p>A</p><p>B 12 left</p><p>A</p></body>', 'https://x.example/'), ['\\d+ left']);
    expect(content.blocks).toHaveLength(2);
    expect(Object.values(blockTexts)).toEqual(['A', 'B']);
    expect(content.masking).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('volatileBlocks', () => {
  it.each([
    ['one load', [['a', 'b']], []],
    [
      'loads that agree',
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      [],
    ],
    [
      'a block in some loads only',
      [
        ['a', 'p1'],
        ['a', 'p2'],
        ['a', 'p1'],
      ],
      ['p1', 'p2'],
    ],
  ])('%s', (_case, loads, volatile) => {
    expect(volatileBlocks(loads)).toEqual(volatile);
  });
});
