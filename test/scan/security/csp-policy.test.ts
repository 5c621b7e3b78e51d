import { describe, expect, it } from 'vitest';
import { CspParseError, parseMetaPolicies, parsePolicies, splitPolicies } from '../../../scripts/scan/security/csp-policy.ts';

/** The Observatory's "Content Security Policy Parser" cases (test/csp-parser.test.js), in our words. */

const asObject = (policies: string[]) =>
  Object.fromEntries([...parsePolicies(policies).policy].map(([directive, sources]) => [directive, [...sources].sort()]));

describe('CSP policies folded as the Observatory folds them', () => {
  it.each([
    ['one directive', ["default-src 'none'"], { 'default-src': ["'none'"] }],
    [
      'several directives',
      ["default-src 'none'; script-src 'self' https://mozilla.org"],
      { 'default-src': ["'none'"], 'script-src': ["'self'", 'https://mozilla.org'] },
    ],
    [
      'two identical policies',
      ["default-src 'none'; script-src 'self' https://mozilla.org", "default-src 'none'; script-src 'self' https://mozilla.org"],
      { 'default-src': ["'none'"], 'script-src': ["'self'", 'https://mozilla.org'] },
    ],
    [
      'a source only one policy has is dropped',
      ["script-src 'self' https://mozilla.org", "script-src https://example.com 'self' https://mozilla.org"],
      { 'script-src': ["'self'", 'https://mozilla.org'] },
    ],
    [
      'nothing in common is none',
      ['default-src https://mozilla.org https://mozilla.net', 'default-src https://mozilla.com https://mozilla.io'],
      { 'default-src': ["'none'"] },
    ],
    [
      'four policies keep what they share',
      [
        'default-src https://mozilla.org https://mozilla.net https://mozilla.com https://mozilla.io',
        'default-src https://mozilla.pizza https://mozilla.ninja https://mozilla.net https://mozilla.org',
        'default-src https://mozilla.net https://mozilla.fox https://mozilla.fire https://mozilla.org',
        'default-src https://mozilla.browser https://mozilla.web https://mozilla.net https://mozilla.org',
      ],
      { 'default-src': ['https://mozilla.net', 'https://mozilla.org'] },
    ],
    ['a path is not a prefix of another', ['default-src https://mozilla.org/fire', 'default-src https://mozilla.org/firefox/'], { 'default-src': ["'none'"] }],
    [
      'a folder covers what is below it',
      ['default-src https://mozilla.org/firefox/', 'default-src https://mozilla.org/firefox/download/'],
      { 'default-src': ['https://mozilla.org/firefox/download/'] },
    ],
    [
      'in either order',
      ['default-src https://mozilla.org/firefox/download/', 'default-src https://mozilla.org/firefox/'],
      { 'default-src': ['https://mozilla.org/firefox/download/'] },
    ],
    ['http: and https: have nothing in common', ['default-src http: http:', 'default-src https: https:'], { 'default-src': ["'none'"] }],
    [
      'a directive only a later policy has is none; one only the first has stays',
      ["default-src 'self'", "script-src 'self'"],
      { 'default-src': ["'self'"], 'script-src': ["'none'"] },
    ],
    ['a source-list directive without sources is none', ['default-src'], { 'default-src': ["'none'"] }],
    ['within a policy, a longer source under a shorter one goes', ['script-src https: https://cdn.example.org'], { 'script-src': ['https:'] }],
    ['directives and sources are lowercased', ["DEFAULT-SRC 'NONE'"], { 'default-src': ["'none'"] }],
  ])('%s', (_name, policies, expected) => {
    expect(asObject(policies)).toEqual(expected);
  });

  it.each([
    ['  '],
    ['\r\n'],
    [''],
    ["default-src 'none'; default-src 'none'"],
    ["default-src 'none'; img-src 'self'; default-src 'none'"],
    ['defa'],
    ['default-src https://a.example/%zz', 'default-src https://a.example/%zz'],
  ])('rejects %j', (...policies) => {
    expect(() => parsePolicies(policies)).toThrow(CspParseError);
  });

  it('notes, and allows, a repeated report-uri or report-to', () => {
    expect(parsePolicies(['report-uri https://a.example/1 ; report-uri https://a.example/2']).duplicateReportDirectives).toBe(true);
    expect(parsePolicies(['report-to one; report-to two']).duplicateReportDirectives).toBe(true);
    expect(parsePolicies(["default-src 'none'"]).duplicateReportDirectives).toBe(false);
  });

  it('drops what a <meta> policy cannot set', () => {
    expect([...parseMetaPolicies(["default-src 'none'; frame-ancestors 'none'; report-uri /r; sandbox"]).policy.keys()]).toEqual(['default-src']);
  });

  it('splits header values into policies at commas', () => {
    expect(splitPolicies(["default-src 'none', script-src 'self'", 'img-src *'])).toEqual(["default-src 'none'", "script-src 'self'", 'img-src *']);
  });
});
