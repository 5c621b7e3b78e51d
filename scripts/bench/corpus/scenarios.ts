import { NOISE_KINDS, type NoiseKind } from './noise.ts';
import { BASE_HEADERS, BASE_VERSION, type CorpusSite, type Library, type Version } from './server.ts';
import { SITE_SHAPES, type SiteContent, type SiteShape } from './sites.ts';

/**
 * The corpus change detection is measured on: sites of every shape carrying every kind of
 * noise that must never be reported, and change scenarios — each a site that changes in one
 * way at one run — with the changes that must be reported and the run by which they must be.
 */

/** Scans of each noise site: none may report anything. */
export const NOISE_RUNS = 10;
/** Scans of each scenario: the first is the baseline; changes come at run 1 (right after it) or run 3 (later). */
export const SCENARIO_RUNS = 5;
export const EARLY = 1;
export const LATER = 3;

export interface ExpectedChange {
  readonly type: string;
  readonly subject: string;
  /** The first run that shows the change. */
  readonly appears: number;
  /** The run by which it must be reported: the second scan that shows it (a recovery: the first). */
  readonly by: number;
}

export interface Scenario extends CorpusSite {
  /** What the scenario changes, in words. */
  readonly what: string;
  readonly expected: readonly ExpectedChange[];
  /**
   * Consequences that may be reported too, by the same run, depending on the machine that
   * measures them (paint times are decided only on a machine about as busy as for their reference).
   */
  readonly allowed?: readonly ExpectedChange[];
  /** Scans that show what the scenario is about (beyond its last expected report, for a quiet one). */
  readonly runs?: number;
}

/** The scans a scenario needs: to its last expected report, or what it says (a quiet scenario). */
export function runsOf(scenario: Scenario): number {
  return Math.max(scenario.runs ?? 0, ...scenario.expected.map((change) => change.by + 1));
}

/** Every noise kind on: the sites a user would find hardest. */
const ALL_NOISE: readonly NoiseKind[] = NOISE_KINDS;

export const NOISE_SITES: readonly CorpusSite[] = SITE_SHAPES.map((shape) => ({
  slug: `noise-${shape}`,
  shape,
  noise: ALL_NOISE,
  version: () => ({ ...BASE_VERSION, libraries: shape === 'marketing' ? ['jquery-3.7.1', 'bootstrap-5'] : [] }),
}));

type Patch = Partial<Version>;

/** A site that is `before` until run `at`, then `after`. */
function changing(
  slug: string,
  shape: SiteShape,
  what: string,
  at: number,
  before: Patch,
  after: Patch,
  expected: readonly Omit<ExpectedChange, 'by' | 'appears'>[],
  noise: readonly NoiseKind[] = ALL_NOISE,
): Scenario {
  const base = { ...BASE_VERSION, ...before };
  return {
    slug,
    shape,
    noise,
    what,
    version: (run) => (run < at ? base : { ...base, ...after }),
    expected: expected.map((change) => ({ ...change, appears: at, by: at + 1 })),
  };
}

const libraries = (...names: Library[]): Patch => ({ libraries: names });
const headers = (extra: Record<string, string>, without: readonly string[] = []): Patch => ({
  headers: Object.fromEntries(Object.entries({ ...BASE_HEADERS, ...extra }).filter(([name]) => !without.includes(name))),
});

function editBlock(content: SiteContent, from: string, to: string): SiteContent {
  return { ...content, sections: content.sections.map((section) => ({ ...section, blocks: section.blocks.map((block) => (block === from ? to : block)) })) };
}

function addNotice(content: SiteContent, notice: string): SiteContent {
  const [first, ...rest] = content.sections;
  return first ? { ...content, sections: [{ ...first, blocks: [notice, ...first.blocks] }, ...rest] } : content;
}

function removeBlock(content: SiteContent, text: string): SiteContent {
  return { ...content, sections: content.sections.map((section) => ({ ...section, blocks: section.blocks.filter((block) => block !== text) })) };
}

const SIX_HEADERS = {
  'content-security-policy': "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), geolocation=()',
};

const tech = (type: string, subject: string) => ({ type, subject });
const header = (type: string, subject: string) => ({ type, subject });
/**
 * TTFB is measured several times a scan and decided from the first scan on; paint times once a
 * scan, decided once three scans are their reference and the machine is as busy as it was then.
 */
const slower = [{ type: 'performance_degraded', subject: 'ttfbMs' }];
const paintSlower = (at: number): ExpectedChange[] =>
  ['fcpMs', 'lcpMs'].map((metric) => ({ type: 'performance_degraded', subject: metric, appears: at, by: at + 1 }));

export const SCENARIOS: readonly Scenario[] = [
  // Technologies
  changing('library-added-early', 'landing', 'Lodash added right after the first scan', EARLY, libraries('jquery-3.7.1'), libraries('jquery-3.7.1', 'lodash'), [
    tech('technology_added', 'Lodash'),
  ]),
  changing('library-added-later', 'shop', 'Lodash added later', LATER, libraries('jquery-3.7.1'), libraries('jquery-3.7.1', 'lodash'), [
    tech('technology_added', 'Lodash'),
    // 70 kB more to load, once the reference has enough scans to tell.
    { type: 'performance_degraded', subject: 'transferBytes' },
  ]),
  changing('library-removed-early', 'article', 'jQuery removed right after the first scan', EARLY, libraries('jquery-3.7.1', 'dayjs'), libraries('dayjs'), [
    tech('technology_removed', 'jQuery'),
  ]),
  changing('library-removed-later', 'docs', 'jQuery removed later', LATER, libraries('jquery-3.7.1'), libraries(), [
    tech('technology_removed', 'jQuery'),
    { type: 'performance_improved', subject: 'transferBytes' },
  ]),
  changing(
    'library-upgraded-early',
    'pricing',
    'jQuery 3.6.4 → 3.7.1 right after the first scan',
    EARLY,
    libraries('jquery-3.6.4'),
    libraries('jquery-3.7.1'),
    [tech('technology_version_changed', 'jQuery')],
  ),
  changing('library-upgraded-later', 'blog', 'jQuery 3.6.4 → 3.7.1 later', LATER, libraries('jquery-3.6.4'), libraries('jquery-3.7.1'), [
    tech('technology_version_changed', 'jQuery'),
  ]),
  changing(
    'framework-upgraded',
    'marketing',
    'Bootstrap 4 → 5 later',
    LATER,
    libraries('jquery-3.7.1', 'bootstrap-4'),
    libraries('jquery-3.7.1', 'bootstrap-5'),
    [tech('technology_version_changed', 'Bootstrap')],
  ),
  changing('library-added-spa', 'spa-vanilla', 'Day.js added to a client-rendered app', EARLY, libraries(), libraries('dayjs'), [
    tech('technology_added', 'Day.js'),
  ]),
  // Security headers
  changing(
    'transport-header-added-early',
    'landing',
    'HSTS added right after the first scan',
    EARLY,
    headers({}),
    headers({ 'strict-transport-security': 'max-age=63072000' }),
    [header('security_header_added', 'strict-transport-security'), tech('technology_added', 'HSTS')],
  ),
  changing('six-headers-added', 'status', 'six security headers added right after the first scan', EARLY, headers({}), headers(SIX_HEADERS), [
    // The nonce noise already sends a CSP: the new one changes it.
    header('security_header_changed', 'content-security-policy'),
    ...Object.keys(SIX_HEADERS)
      .filter((name) => name !== 'content-security-policy')
      .map((name) => header('security_header_added', name)),
    { type: 'security_grade_changed', subject: 'grade' },
    // The fingerprints know HSTS as a technology too.
    tech('technology_added', 'HSTS'),
  ]),
  changing('xfo-removed-later', 'shop', 'X-Frame-Options removed later', LATER, headers({ 'x-frame-options': 'SAMEORIGIN' }), headers({}), [
    header('security_header_removed', 'x-frame-options'),
    // X-Frame-Options is worth +5 in the Observatory's scoring: without it the grade drops.
    { type: 'security_grade_changed', subject: 'grade' },
  ]),
  changing(
    'csp-weakened',
    'hydrated',
    "the CSP gains 'unsafe-inline' later",
    LATER,
    headers({ 'content-security-policy': "default-src 'self'; object-src 'none'" }),
    headers({ 'content-security-policy': "default-src 'self' 'unsafe-inline'; object-src 'none'" }),
    [header('security_header_changed', 'content-security-policy')],
  ),
  // Performance
  changing('slowdown-fast-early', 'landing', 'every response 1.5 s slower right after the first scan', EARLY, { latencyMs: 20 }, { latencyMs: 1_520 }, slower),
  {
    ...changing('slowdown-fast-later', 'spa-react', 'every response 1.5 s slower later', LATER, { latencyMs: 20 }, { latencyMs: 1_520 }, slower),
    allowed: paintSlower(LATER),
  },
  changing('slowdown-slow', 'docs', 'a slow site (1 s a response) gets 1.5 s slower', EARLY, { latencyMs: 1_000 }, { latencyMs: 2_500 }, slower),
  {
    slug: 'jitter-only',
    shape: 'landing',
    noise: ALL_NOISE,
    what: 'latency jitter of ±50% around a fast baseline',
    version: () => ({ ...BASE_VERSION, latencyMs: 60, jitter: 0.5 }),
    expected: [],
    runs: SCENARIO_RUNS,
  },
  // Availability
  {
    slug: 'outage-recovery',
    shape: 'pricing',
    noise: ALL_NOISE,
    what: 'down (HTTP 503) at runs 1 and 2, back at run 3',
    version: (run) => ({ ...BASE_VERSION, status: run === 1 || run === 2 ? 503 : 200 }),
    expected: [
      { type: 'site_down', subject: 'availability', appears: 1, by: 2 },
      { type: 'site_recovered', subject: 'availability', appears: 3, by: 3 },
    ],
  },
  {
    slug: 'down-from-start',
    shape: 'landing',
    noise: ALL_NOISE,
    what: 'HTTP 500 at the first scan, up from run 1',
    version: (run) => ({ ...BASE_VERSION, status: run === 0 ? 500 : 200 }),
    expected: [{ type: 'site_recovered', subject: 'availability', appears: 1, by: 1 }],
  },
  {
    slug: 'down-twice-from-start',
    shape: 'spa-vanilla',
    noise: ALL_NOISE,
    what: 'HTTP 500 at the first two scans, up from run 2',
    version: (run) => ({ ...BASE_VERSION, status: run < 2 ? 500 : 200 }),
    expected: [
      { type: 'site_down', subject: 'availability', appears: 0, by: 1 },
      { type: 'site_recovered', subject: 'availability', appears: 2, by: 2 },
    ],
  },
  {
    slug: 'one-failed-scan',
    shape: 'blog',
    noise: ALL_NOISE,
    what: 'one failed scan (HTTP 503) at run 2',
    version: (run) => ({ ...BASE_VERSION, status: run === 2 ? 503 : 200 }),
    expected: [],
    runs: 4,
  },
  // Content
  changing(
    'text-edited-short',
    'landing',
    'a price edited on a short page',
    EARLY,
    {},
    {
      content: (content) =>
        editBlock(content, 'Team costs 12 euros per person and month, billed yearly.', 'Team costs 15 euros per person and month, billed yearly.'),
    },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'text-edited-long',
    'article',
    'a paragraph edited on a long page, later',
    LATER,
    {},
    { content: (content) => editBlock(content, content.sections[4]?.blocks[3] ?? '', 'This paragraph was rewritten by the editors.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'notice-injected',
    'shop',
    'a notice injected at the top',
    EARLY,
    {},
    { content: (content) => addNotice(content, 'Important: deliveries are delayed by the strike.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'notice-injected-spa',
    'spa-react',
    'a notice injected into a client-rendered page, later',
    LATER,
    {},
    { content: (content) => addNotice(content, 'We are moving: orders ship again from Monday.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'text-removed',
    'pricing',
    'a plan removed',
    EARLY,
    {},
    { content: (content) => removeBlock(content, 'Business: 99 euros a month, unlimited users.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'text-edited-spa',
    'spa-vanilla',
    'text edited in a client-rendered page',
    EARLY,
    {},
    { content: (content) => editBlock(content, 'Payouts every day, in 30 currencies.', 'Payouts every hour, in 45 currencies.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'text-edited-docs',
    'docs',
    'a docs paragraph edited under noise, later',
    LATER,
    {},
    { content: (content) => editBlock(content, 'Then run brightdesk init in your project folder.', 'Then run brightdesk setup in your project folder.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing(
    'text-edited-hydrated',
    'hydrated',
    'server-rendered text of a hydrated page edited',
    EARLY,
    {},
    { content: (content) => editBlock(content, 'Customs documents filled in for you.', 'Customs documents filled in and filed for you.') },
    [{ type: 'content_changed', subject: 'text' }],
  ),
  changing('title-changed', 'blog', 'the title changed', EARLY, {}, { content: (content) => ({ ...content, title: 'Globex Journal' }) }, [
    { type: 'content_changed', subject: 'title' },
  ]),
  changing(
    'heading-added',
    'marketing',
    'a section with a heading added, later',
    LATER,
    libraries('jquery-3.7.1', 'bootstrap-5'),
    {
      content: (content) => ({
        ...content,
        sections: [...content.sections, { heading: 'Estimate your monthly price', blocks: ['Pick a plan and a number of devices.'] }],
      }),
    },
    [
      { type: 'content_changed', subject: 'text' },
      { type: 'content_changed', subject: 'headings' },
    ],
  ),
  // Redirects and infrastructure
  changing('redirect-added', 'status', 'the page starts redirecting to /home', EARLY, {}, { redirectTo: '/home' }, [
    { type: 'redirect_changed', subject: 'redirects' },
  ]),
  changing('server-changed', 'article', 'nginx replaced by Apache, later', LATER, headers({}), headers({ server: 'Apache/2.4.58' }), [
    { type: 'infrastructure_changed', subject: 'server' },
    tech('technology_added', 'Apache HTTP Server'),
    tech('technology_removed', 'Nginx'),
  ]),
];
