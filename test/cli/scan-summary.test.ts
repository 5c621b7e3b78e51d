import { describe, expect, it } from 'vitest';
import { formatScanSummary } from '../../scripts/cli/scan-summary.ts';
import { scan } from '../helpers/records.ts';

describe('scan summary', () => {
  it('shows technologies, vitals, the grade, infrastructure and content', () => {
    const text = formatScanSummary(scan());
    expect(text).toContain('✓ https://competitor-x.example/  200  standard, 2.4 s');
    expect(text).toContain('jQuery 3.7.1  — JavaScript libraries');
    expect(text).toContain('TTFB 120 ms · FCP 450 ms · LCP 900 ms · CLS 0.010');
    expect(text).toContain('Security: B (score 70');
    expect(text).toContain("TLS TLSv1.3 by Let's Encrypt until 2027-01-30");
    expect(text).toContain('# Commerce for everyone');
  });

  it('says unobtrusively where each version came from', () => {
    const text = formatScanSummary(
      scan({
        technologies: [
          { name: 'React', version: '19.3.1', versionSource: 'probe', confidence: 100, categories: ['JavaScript frameworks'] },
          { name: 'VitePress', version: '1.6.4', versionSource: 'own-rule', confidence: 100, categories: ['Static site generator'] },
          { name: 'jQuery', version: '3.7.1', versionSource: 'pattern', confidence: 100, categories: ['JavaScript libraries'] },
          { name: 'Vite', version: null, confidence: 100, categories: ['Miscellaneous'] },
        ],
      }),
    );
    expect(text).toContain('  React 19.3.1 · probe  — JavaScript frameworks');
    expect(text).toContain('  VitePress 1.6.4 · own rule  — Static site generator');
    expect(text).toContain('  jQuery 3.7.1 · pattern  — JavaScript libraries');
    expect(text).toContain('  Vite  — Miscellaneous');
  });

  it('lists each security finding by the Observatory’s test and result names', () => {
    const record = scan();
    const security = record.security && {
      ...record.security,
      algorithm: 6,
      findings: [
        { test: 'content-security-policy', pass: false, result: 'csp-not-implemented', scoreModifier: -25, description: 'No Content-Security-Policy' },
        {
          test: 'cross-origin-resource-sharing',
          pass: true,
          result: 'cross-origin-resource-sharing-not-implemented',
          scoreModifier: 0,
          description: 'No CORS access to the page',
        },
      ],
    };
    const text = formatScanSummary({ ...record, security });
    expect(text).toContain('Security: B (score 70, MDN HTTP Observatory algorithm 6)');
    expect(text).toContain('  ✗ content-security-policy       -25  csp-not-implemented: No Content-Security-Policy');
    expect(text).toContain('  ✓ cross-origin-resource-sharing   0  cross-origin-resource-sharing-not-implemented: No CORS access to the page');
  });

  it('leads with the error of a failed scan', () => {
    const text = formatScanSummary(
      scan({
        ok: false,
        error: { kind: 'dns', message: 'nowhere.invalid does not resolve' },
        technologies: [],
        performance: null,
        security: null,
        content: null,
        infrastructure: null,
        status: null,
      }),
    );
    expect(text.split('\n').slice(0, 2)).toEqual(['✗ https://competitor-x.example/  —  standard, 2.4 s', '  error: dns — nowhere.invalid does not resolve']);
  });
});
