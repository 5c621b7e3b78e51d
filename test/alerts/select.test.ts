import { describe, expect, it } from 'vitest';
import { alertsFor, notificationsFor } from '../../scripts/alerts/select.ts';
import { alertSchema, notificationSchema } from '../../scripts/schema/alert.ts';
import { contentHash } from '../../scripts/shared/hash.ts';
import { headerRemoved, monitor, siteDown, siteRecovered, technologyAdded, versionChange } from './fixtures.ts';

const NOW = new Date('2026-11-28T06:05:00.000Z');
const react = versionChange('React', '18.2.0', '19.0.0', { severity: 'medium' });
const hsts = headerRemoved('Strict-Transport-Security');
const hotjar = technologyAdded('Hotjar');
const elsewhere = versionChange('Vue.js', '3.4.21', '3.5.13', { monitor: 'globex/paynest' });
const changes = [react, hsts, hotjar, elsewhere];

describe('alertsFor', () => {
  it.each([
    ['defaults (medium and up, every type)', {}, [react.id, hsts.id]],
    ['minSeverity low', { minSeverity: 'low' }, [react.id, hsts.id, hotjar.id]],
    ['minSeverity high', { minSeverity: 'high' }, [hsts.id]],
    ['triggers limit the types', { minSeverity: 'low', triggers: ['technology_added'] }, [hotjar.id]],
    ['disabled', { enabled: false }, []],
  ])('%s', (_label, alerts, expected) => {
    const watched = monitor('acme/cartly', { alerts: { recipients: ['intel@acme.example'], ...alerts } });
    expect(alertsFor(watched, changes, NOW).map((alert) => alert.change.id)).toEqual(expected);
  });

  it('queues one valid pending alert per recipient, with an id from the change and the recipient', () => {
    const watched = monitor('acme/cartly', {
      alerts: { recipients: ['Intel@Acme.example', 'cto@acme.example'], digest: 'weekly' },
    });
    const alerts = alertsFor(watched, [hsts], NOW);
    expect(alerts.map((alert) => alert.recipient)).toEqual(['intel@acme.example', 'cto@acme.example']);
    for (const alert of alerts) {
      expect(alertSchema.parse(alert)).toEqual(alert);
      expect(alert).toMatchObject({ status: 'pending', attempts: 0, frequency: 'weekly', severity: 'high', createdAt: NOW.toISOString(), change: hsts });
      expect(alert.id).toBe(contentHash({ change: hsts.id, recipient: alert.recipient }, 16));
    }
    // The same change at a later run gives the same ids: the queue will not take it twice.
    expect(alertsFor(watched, [hsts], new Date('2026-11-29T00:00:00Z')).map((alert) => alert.id)).toEqual(alerts.map((alert) => alert.id));
  });

  it('queues nothing for a monitor without recipients', () => {
    expect(alertsFor(monitor('acme/cartly'), changes, NOW)).toEqual([]);
  });
});

describe('notificationsFor', () => {
  const down = siteDown({ detectedAt: '2026-11-28T00:00:00.000Z' });
  const up = siteRecovered(down.detectedAt, { detectedAt: '2026-11-28T06:00:00.000Z' });

  it('posts every alerting change to the webhook and opens issues for high ones only', () => {
    const watched = monitor('acme/cartly', { alerts: { githubIssue: true, webhook: 'https://hooks.example/x' } });
    const notifications = notificationsFor(watched, [react, hsts, hotjar, down, up, elsewhere], NOW, { webhook: () => true, githubIssues: true });
    expect(notifications.map((item) => [item.channel, item.change.type])).toEqual([
      ['webhook', 'technology_version_changed'],
      ['webhook', 'security_header_removed'],
      ['webhook', 'site_down'],
      ['github-issue', 'security_header_removed'],
      ['github-issue', 'site_down'],
      // Low severity, but it closes the outage issue.
      ['github-issue', 'site_recovered'],
    ]);
    for (const item of notifications) expect(notificationSchema.parse(item)).toEqual(item);
    expect(new Set(notifications.map((item) => item.id)).size).toBe(notifications.length);
  });

  it.each([
    ['no channel available', { webhook: () => false, githubIssues: false }, { githubIssue: true }, []],
    ['issues not asked for by the monitor', { webhook: () => false, githubIssues: true }, {}, []],
    ['alerts disabled', { webhook: () => true, githubIssues: true }, { enabled: false, githubIssue: true }, []],
  ])('%s → none', (_label, channels, alerts, expected) => {
    const watched = monitor('acme/cartly', { alerts });
    expect(notificationsFor(watched, [hsts, up], NOW, channels)).toEqual(expected);
  });
});
