import { describe, expect, it } from 'vitest';
import { alertsFor, createMailer, openChannels, owedTo } from '../../../scripts/alerts/index.ts';
import { alertSchema, notificationSchema } from '../../../scripts/schema/alert.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import type { Monitor } from '../../../scripts/schema/monitor.ts';
import { contentHash } from '../../../scripts/shared/hash.ts';
import { tempDir } from '../../helpers/temp.ts';
import { headerRemoved, monitor, settings, siteDown, siteRecovered, technologyAdded, versionChange } from '../fixtures.ts';

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

describe('what the notifiers take', () => {
  const down = siteDown({ detectedAt: '2026-11-28T00:00:00.000Z' });
  const up = siteRecovered(down.detectedAt, { detectedAt: '2026-11-28T06:00:00.000Z' });
  const GITHUB = { GITHUB_TOKEN: 'ghs_test-token', GITHUB_REPOSITORY: 'acme/intel' };

  async function owed(watched: Monitor, env: Record<string, string>, list: readonly Change[]) {
    const channels = openChannels({ env, monitors: [watched], settings: settings(), siteBaseUrl: null, mailer: createMailer({}, await tempDir()) });
    return owedTo(channels, watched, list, NOW).notifications;
  }

  it('posts every alerting change to the webhook and opens issues for high ones only', async () => {
    const watched = monitor('acme/cartly', { alerts: { githubIssue: true, webhook: 'https://hooks.example/x' } });
    const notifications = await owed(watched, GITHUB, [react, hsts, hotjar, down, up, elsewhere]);
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

  it('takes the repository-wide webhook for a monitor without its own', async () => {
    const notifications = await owed(monitor('acme/cartly'), { TECHSCAN_WEBHOOK_URL: 'https://hooks.example/all' }, [react, hotjar]);
    expect(notifications.map((item) => [item.channel, item.change.type])).toEqual([['webhook', 'technology_version_changed']]);
  });

  it.each([
    ['no channel available', {}, { githubIssue: true }],
    ['issues not asked for by the monitor', GITHUB, {}],
    ['alerts disabled', { ...GITHUB, TECHSCAN_WEBHOOK_URL: 'https://hooks.example/all' }, { enabled: false, githubIssue: true }],
  ])('%s → none', async (_label, env, alerts) => {
    expect(await owed(monitor('acme/cartly', { alerts }), env, [hsts, up])).toEqual([]);
  });
});
