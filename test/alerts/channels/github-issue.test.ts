import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { issueActionFor } from '../../../scripts/alerts/index.ts';
import { renderMarkdown } from '../../run/inert-checks.ts';
import { versionChange } from '../fixtures.ts';

const HOSTILE = '<img src=x onerror=alert(1)> @everyone';
const MONITOR = { id: 'acme/cartly', name: 'Cartly', url: 'https://cartly.example/' };

describe('issueActionFor', () => {
  it('renders the page-made summary as a code span in the body, not as markup or a mention', () => {
    const change = versionChange(HOSTILE, '1.0.0', '2.0.0', { severity: 'high' });
    const action = issueActionFor(change, MONITOR, 'https://intel.example/monitors/acme/cartly/');
    if (action.kind !== 'open') throw new Error(`expected an issue to open, got ${action.kind}`);
    const $ = load(renderMarkdown(action.body));
    expect($('img')).toHaveLength(0);
    expect($('li code').text()).toBe(`${HOSTILE} 1.0.0 → 2.0.0`);
    $('code').remove();
    expect($.root().text()).not.toContain('@everyone');
    expect($('li a').attr('href')).toBe('https://intel.example/monitors/acme/cartly/');
    expect(action.entry).toContain(`<!-- techscan-change: ${change.id} -->`);
  });
});
