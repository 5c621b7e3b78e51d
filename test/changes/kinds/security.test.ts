import { describe, expect, it } from 'vitest';
import { normaliseHeader } from '../../../scripts/changes/headers.ts';
import type { Grade } from '../../../scripts/schema/scan.ts';
import { monitor } from '../../helpers/records.ts';
import { DEFAULT_HEADERS, detectAll, repeat, security, summaries, type Step } from '../fixtures.ts';

const CSP = "default-src 'self'; script-src 'self' 'nonce-r4nd0m' https://cdn.example; img-src * data:; report-uri /csp?id=1";

describe('normaliseHeader', () => {
  it.each([
    ['content-security-policy', 'a fresh nonce', CSP, CSP.replace('r4nd0m', 'Xy9+/aZ=')],
    ['content-security-policy', 'other inline-script hashes', "script-src 'self' 'sha256-abc='", "script-src 'sha256-def=' 'self' 'sha256-ghi='"],
    ['content-security-policy', 'directive order', "default-src 'self'; img-src *", "img-src *; default-src 'self'"],
    [
      'content-security-policy',
      'source order and repeats',
      "script-src 'self' https://a.example https://b.example",
      "script-src https://b.example 'self' https://a.example https://b.example",
    ],
    ['content-security-policy', 'case', "Script-Src 'SELF' HTTPS://CDN.EXAMPLE", "script-src 'self' https://cdn.example"],
    ['content-security-policy', 'whitespace and empty directives', "default-src  'self' ;; img-src\t* ;", "default-src 'self'; img-src *"],
    ['content-security-policy', 'a per-request report-uri query', 'report-uri https://r.example/csp?req=123', 'report-uri https://r.example/csp?req=456'],
    ['strict-transport-security', 'order, case, whitespace', 'max-age=31536000; includeSubDomains; preload', 'preload;includesubdomains ;  max-age = 31536000'],
    ['x-frame-options', 'case', 'SAMEORIGIN', 'sameorigin'],
    ['permissions-policy', 'member order', 'camera=(), geolocation=(self)', 'geolocation=(self), camera=()'],
  ])('%s: ignores %s', (name, _case, a, b) => {
    expect(normaliseHeader(name, a)).toBe(normaliseHeader(name, b));
  });

  it.each([
    ['content-security-policy', 'a new script host', "script-src 'self'", "script-src 'self' https://js.stripe.com"],
    ['content-security-policy', "'unsafe-inline' added", "script-src 'self'", "script-src 'self' 'unsafe-inline'"],
    ['content-security-policy', 'nonces dropped', "script-src 'nonce-abc' 'self'", "script-src 'self'"],
    ['content-security-policy', 'report-uri moved', 'report-uri https://r.example/csp', 'report-uri https://other.example/csp'],
    ['strict-transport-security', 'max-age', 'max-age=31536000', 'max-age=0'],
    ['x-frame-options', 'value', 'DENY', 'SAMEORIGIN'],
  ])('%s: keeps %s', (name, _case, a, b) => {
    expect(normaliseHeader(name, a)).not.toBe(normaliseHeader(name, b));
  });
});

const headers = (extra: Record<string, string>, without: string[] = []): Step => ({
  scan: {
    security: security(Object.fromEntries(Object.entries({ ...DEFAULT_HEADERS, ...extra }).filter(([name]) => !without.includes(name)))),
  },
});
const graded = (grade: Grade, score: number): Step => ({ scan: { security: security(DEFAULT_HEADERS, { grade, score }) } });

describe('security header changes', () => {
  it('reports a header added once it holds for confirmScans (2) scans', () => {
    const changes = detectAll([headers({}), headers({}), ...repeat(3, headers({ 'x-frame-options': 'DENY' }))]);
    expect(summaries(changes)).toEqual(['security_header_added: X-Frame-Options header added']);
    expect(changes[0]).toMatchObject({ severity: 'low', data: { header: 'x-frame-options', value: 'DENY', previousValue: null } });
  });

  it('reports a header removed once, after removalAfterScans scans without it', () => {
    const changes = detectAll([headers({}), ...repeat(4, headers({}, ['strict-transport-security']))]);
    expect(summaries(changes)).toEqual(['security_header_removed: Strict-Transport-Security header removed']);
    expect(changes[0]).toMatchObject({ severity: 'high', data: { value: null, previousValue: 'max-age=63072000' } });
  });

  it.each([
    [
      'HSTS added at the second scan',
      [headers({}, ['strict-transport-security']), ...repeat(2, headers({}))],
      ['security_header_added: Strict-Transport-Security header added'],
    ],
    [
      'six headers added at the second scan',
      [
        headers({}, ['strict-transport-security', 'x-content-type-options']),
        ...repeat(
          2,
          headers({
            'content-security-policy': "default-src 'self'",
            'x-frame-options': 'DENY',
            'referrer-policy': 'no-referrer',
            'cross-origin-opener-policy': 'same-origin',
          }),
        ),
      ],
      [
        'security_header_added: Content-Security-Policy header added',
        'security_header_added: Strict-Transport-Security header added',
        'security_header_added: X-Frame-Options header added',
        'security_header_added: X-Content-Type-Options header added',
        'security_header_added: Referrer-Policy header added',
        'security_header_added: Cross-Origin-Opener-Policy header added',
      ],
    ],
  ])('reports what changed right after the baseline: %s', (_case, steps, expected) => {
    expect(summaries(detectAll(steps))).toEqual(expected);
  });

  it('ignores a header missing from one response', () => {
    expect(detectAll([headers({}), headers({}, ['strict-transport-security']), ...repeat(3, headers({}))])).toEqual([]);
  });

  it('says what changed in a policy', () => {
    const changes = detectAll([
      ...repeat(2, headers({ 'content-security-policy': "script-src 'self' https://old.example; img-src *" })),
      headers({ 'content-security-policy': "script-src 'self' https://js.stripe.com; img-src *" }),
      ...repeat(2, headers({ 'strict-transport-security': 'max-age=0', 'content-security-policy': "script-src 'self' https://js.stripe.com; img-src *" })),
    ]);
    expect(summaries(changes)).toEqual([
      'security_header_changed: Content-Security-Policy changed: script-src +https://js.stripe.com −https://old.example',
      'security_header_changed: Strict-Transport-Security changed: max-age=63072000 → max-age=0',
    ]);
  });

  it('stays quiet over a fresh nonce, reordered directives and other hashes on every response', () => {
    const steps = Array.from({ length: 10 }, (_, index) =>
      headers({
        'content-security-policy':
          index % 2 === 0
            ? `script-src 'nonce-${index}abc' 'self' 'sha256-${index}='; default-src 'self'`
            : `default-src 'self' ; script-src 'sha256-x${index}=' 'self' 'NONCE-${index}xyz' 'sha256-y${index}='`,
        'strict-transport-security': index % 2 === 0 ? 'max-age=63072000' : 'MAX-AGE=63072000 ',
      }),
    );
    expect(detectAll(steps)).toEqual([]);
  });

  it('compares only security headers', () => {
    expect(detectAll([headers({ 'set-cookie': 'session=1' }), headers({ 'set-cookie': 'session=2', server: 'x' })])).toEqual([]);
  });
});

describe('security grade changes', () => {
  it.each([
    ['B', 70, 'D', 30, 'high'],
    ['A', 90, 'A-', 85, 'medium'],
    ['B', 70, 'A+', 105, 'low'],
  ] satisfies [Grade, number, Grade, number, string][])('%s → %s', (from, fromScore, to, toScore, severity) => {
    const changes = detectAll([...repeat(2, graded(from, fromScore)), ...repeat(3, graded(to, toScore))]);
    expect(summaries(changes)).toEqual([`security_grade_changed: Security grade ${from} → ${to}`]);
    expect(changes[0]).toMatchObject({ severity, data: { grade: to, previousGrade: from, score: toScore, previousScore: fromScore } });
  });

  it('starts a new grade baseline when the scoring algorithm changes', () => {
    const under = (algorithm: number | undefined, grade: Grade, score: number): Step => ({
      scan: { security: security(DEFAULT_HEADERS, { grade, score, ...(algorithm === undefined ? {} : { algorithm }) }) },
    });
    expect(detectAll([...repeat(3, under(undefined, 'B', 70)), ...repeat(3, under(6, 'A', 90))])).toEqual([]);
    expect(summaries(detectAll([...repeat(3, under(6, 'B', 70)), ...repeat(3, under(6, 'A', 90))]))).toEqual(['security_grade_changed: Security grade B → A']);
  });

  it('reports a grade only once it holds for confirmScans scans', () => {
    expect(detectAll([graded('B', 70), graded('C', 50), graded('B', 70), graded('C', 50), graded('B', 70)])).toEqual([]);
    const immediate = detectAll([graded('B', 70), graded('C', 50)], monitor({ changes: { confirmScans: 1 } }));
    expect(summaries(immediate)).toEqual(['security_grade_changed: Security grade B → C']);
  });
});
