import { describe, expect, it } from 'vitest';
import { securityReport } from '../../../scripts/scan/security/observatory.ts';
import { RESULTS } from '../../../scripts/scan/security/results.ts';
import { expectedInput } from './profile-scans.ts';
import { expectedResults, PROFILES } from './profiles.ts';

/** Every header profile graded from the inputs its scans see (the scans themselves: profiles.slow.test.ts). */

const ORIGINS = { http: 'http://127.0.0.1:8080', https: 'https://127.0.0.1:8443' };

describe('header profiles, graded as the Observatory grades them', () => {
  it('are at least 40, with distinct names', () => {
    expect(PROFILES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PROFILES.map((profile) => profile.name)).size).toBe(PROFILES.length);
  });

  describe.each(['https', 'http'] as const)('over %s', (protocol) => {
    it.each(PROFILES.map((profile) => [profile.name, profile] as const))('%s', (_name, profile) => {
      const report = securityReport(expectedInput(profile, protocol, ORIGINS));
      expect(Object.fromEntries(report.findings.map((finding) => [finding.test, finding.result]))).toEqual(expectedResults(profile, protocol));
      expect({ score: report.score, grade: report.grade }).toEqual({ score: profile[protocol].score, grade: profile[protocol].grade });
      for (const finding of report.findings) {
        const spec = Object.entries(RESULTS).find(([id]) => id === finding.result)?.[1];
        expect(finding).toMatchObject({ pass: spec?.pass, scoreModifier: spec?.modifier });
      }
    });
  });
});
