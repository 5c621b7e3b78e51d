import { describe, expect, it } from 'vitest';
import { composeDigest, type ComposeContext } from '../../../scripts/alerts/digest/compose.ts';
import { landscapeFor, landscapeMonitors } from '../../../scripts/alerts/digest/landscape.ts';
import { landscapeSummary } from '../../../scripts/insight/movers.ts';
import { landscapeSource } from '../../../scripts/insight/source.ts';
import { openStore } from '../../../scripts/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';
import { RIVALS, rivalsHistory } from '../../site/rivals.ts';
import { alert, monitor, technologyAdded } from '../fixtures.ts';

const NOW = new Date('2026-11-28T13:00:00.000Z');
const RECIPIENT = 'intel@rivals.example';
const { changes } = rivalsHistory();
const summary = landscapeSummary(changes, NOW);
const period = { start: '2026-11-23T08:00:00.000Z', end: '2026-11-30T08:00:00.000Z' };
const names = {
  [RIVALS.beta]: 'Beta Bargains',
  [RIVALS.delta]: 'Delta Goods',
  [RIVALS.alpha]: 'Alpha Mart',
  [RIVALS.self]: 'Our Shop',
  [RIVALS.epsilon]: 'Epsilon Store',
  [RIVALS.gamma]: 'Gamma Shop',
};
const optedIn = (digest: 'weekly' | 'daily', landscape = true) =>
  Object.entries(names).map(([id, name]) => monitor(id, { name, alerts: { recipients: [RECIPIENT], digest, landscape } }));
const context = (monitors: ComposeContext['monitors']): ComposeContext => ({
  monitors,
  siteBaseUrl: 'https://intel.example/techscan/',
  timezone: 'UTC',
  messageIdDomain: 'rivals.example',
  landscape: summary,
});
const weeklyAlert = alert(technologyAdded('Hotjar', { monitor: RIVALS.alpha, detectedAt: '2026-11-27T06:00:00.000Z' }), {
  recipient: RECIPIENT,
  frequency: 'weekly',
});

describe('the landscape section of a weekly digest', () => {
  it('lists the top movers and adoption shifts in both parts, with links to the site', () => {
    const digest = composeDigest([weeklyAlert], period, context(optedIn('weekly')));
    expect(digest.text).toContain('THE LANDSCAPE, LAST 30 DAYS\n7 changes at 6 sites across every monitor.');
    expect(digest.text).toContain(
      '    - Beta Bargains: 2 changes — dropped Zendesk; upgraded Angular 18.2.0 → 19.0.0\n      https://intel.example/techscan/monitors/rivals/beta/',
    );
    expect(digest.text).toContain('    - Delta Goods: 1 change — grade A → C');
    expect(digest.text).toContain('    - Our Shop: 1 change — LCP +30%');
    expect(digest.text).toContain('    - Zendesk: −1 site (1 dropped)');
    expect(digest.text).toContain('    - Angular: (2 upgrades)');
    // Five movers at most: the sixth (Gamma Shop) is left out.
    expect(digest.text).not.toContain('Gamma Shop: 1 change');
    expect(digest.html).toContain('data-landscape');
    expect(digest.html).toContain('Beta Bargains: 2 changes — dropped Zendesk; upgraded Angular 18.2.0 → 19.0.0');
    expect(digest.html).toContain('href="https://intel.example/techscan/trends/"');
    expect(digest.text).toContain('alerts.landscape is true in monitors/rivals/alpha.yaml');
  });

  it('is left out of daily digests, for recipients who did not opt in, and without a summary', () => {
    const daily = alert(technologyAdded('Hotjar', { monitor: RIVALS.alpha }), { recipient: RECIPIENT, frequency: 'daily' });
    expect(composeDigest([daily], period, context(optedIn('daily'))).text).not.toContain('THE LANDSCAPE');
    expect(composeDigest([weeklyAlert], period, context(optedIn('weekly', false))).text).not.toContain('THE LANDSCAPE');
    expect(composeDigest([weeklyAlert], period, { ...context(optedIn('weekly')), landscape: null }).text).not.toContain('THE LANDSCAPE');
  });

  it('escapes names in the HTML part', () => {
    const monitors = optedIn('weekly').map((entry) => (entry.id === RIVALS.beta ? { ...entry, name: '<b>Beta</b>' } : entry));
    const html = composeDigest([weeklyAlert], period, context(monitors)).html;
    expect(html).toContain('&lt;b&gt;Beta&lt;/b&gt;: 2 changes');
    expect(html).not.toContain('<b>Beta</b>');
  });
});

describe('landscapeFor', () => {
  it('reads the summary from the store only when a weekly digest to an opted-in recipient is due', async () => {
    const store = openStore(await tempDir());
    await store.appendChanges(changes);
    let reads = 0;
    const source = async () => {
      reads += 1;
      return landscapeSource(store, NOW)();
    };
    const monitors = optedIn('weekly');
    expect(landscapeMonitors(RECIPIENT, monitors)).toHaveLength(6);
    const weekly = { recipient: RECIPIENT, frequency: 'weekly' as const, period, alerts: [weeklyAlert], messageId: null };
    expect(await landscapeFor([{ ...weekly, frequency: 'daily' }], monitors, source)).toBeNull();
    expect(await landscapeFor([{ ...weekly, recipient: 'someone@else.example' }], monitors, source)).toBeNull();
    expect(reads).toBe(0);
    expect(await landscapeFor([weekly], monitors, source)).toEqual(summary);
    expect(reads).toBe(1);
  });
});
