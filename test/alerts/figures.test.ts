import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../scripts/alerts/digest/compose.ts';
import type { DigestAlert } from '../../scripts/alerts/digest/model.ts';
import { PERFORMANCE_METRICS, type PerformanceMetric } from '../../scripts/schema/metrics.ts';
import { changeDetails } from '../../site/src/lib/changes.ts';
import { METRICS, metricValue } from '../../site/src/lib/format.ts';
import { detectAll, performance, repeat, timeline, type Step } from '../changes/fixtures.ts';
import { monitor } from '../helpers/records.ts';

/**
 * One scan, two surfaces: the figures a digest prints for a scan's performance changes are the
 * ones the site prints for that scan — the same metric names, units and decimal sizes.
 */

const measured = (overrides: Parameters<typeof performance>[0]): Step => ({ scan: { performance: performance(overrides) } });
const HEAVIER: Partial<Record<PerformanceMetric, number>> = { ttfbMs: 1_480, transferBytes: 1_538_000, cls: 0.3 };

describe('figures of one scan in the digest and on the site', () => {
  const competitor = monitor();
  const history = timeline([...repeat(4, measured({})), ...repeat(3, measured(HEAVIER))]);
  const latest = history.scans.at(-1);
  const changes = detectAll(history, competitor).filter((change) => change.type === 'performance_degraded');
  const alerts = changes.map(
    (change, index): DigestAlert => ({
      schemaVersion: 1,
      id: `alert-${index}`,
      monitor: competitor.id,
      recipient: 'intel@acme.example',
      frequency: 'immediate',
      severity: change.severity,
      createdAt: change.detectedAt,
      status: 'pending',
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      sentAt: null,
      messageId: null,
      period: null,
      change,
    }),
  );
  const at = changes[0]?.detectedAt ?? '';
  const digest =
    alerts.length > 0
      ? composeDigest(alerts, { start: at, end: at }, { monitors: [competitor], siteBaseUrl: null, timezone: 'UTC', messageIdDomain: 'acme.example' })
      : null;

  it('finds a change for every metric that moved', () => {
    expect(changes.map((change) => change.subject).sort()).toEqual(Object.keys(HEAVIER).sort());
  });

  it.each(Object.keys(HEAVIER).filter((metric): metric is PerformanceMetric => PERFORMANCE_METRICS.some((known) => known === metric)))(
    '%s reads the same in the digest as on the site',
    (metric) => {
      const siteFigure = metricValue(metric, latest?.performance?.[metric]);
      const change = changes.find((candidate) => candidate.subject === metric);
      expect(change).toBeDefined();
      for (const body of [digest?.text ?? '', digest?.html ?? '']) {
        expect(body).toContain(`${METRICS[metric].short} ${METRICS[metric].worse}:`);
        expect(body).toContain(`→ ${siteFigure}`);
      }
      const details = change ? changeDetails(change) : [];
      expect(details).toContainEqual({ label: 'Metric', value: METRICS[metric].label });
      expect(details.find((detail) => detail.label === 'Value')?.value.startsWith(siteFigure)).toBe(true);
    },
  );

  it('prints sizes in decimal units, as the site does', () => {
    const baseline = history.scans[0]?.performance?.transferBytes;
    expect(baseline).toBe(480_000);
    expect(metricValue('transferBytes', baseline)).toBe('480 kB');
    expect(digest?.text).toContain('Transfer size heavier: 480 kB → ');
    expect(digest?.text).not.toMatch(/KiB|MiB|\bKB\b/);
  });
});
