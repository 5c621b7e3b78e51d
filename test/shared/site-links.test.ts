import { describe, expect, it } from 'vitest';
import { settingsFileSchema } from '../../scripts/schema/monitor.ts';
import { SITE_PATHS, siteBaseUrl, siteUrl } from '../../scripts/shared/site-links.ts';

const defaults = settingsFileSchema.parse({});

describe('siteBaseUrl', () => {
  it.each([
    ['settings win', { site: { url: 'https://intel.acme.example' } }, { TECHSCAN_SITE_URL: 'https://other.example/' }, 'https://intel.acme.example/'],
    ['then TECHSCAN_SITE_URL', {}, { TECHSCAN_SITE_URL: 'https://other.example/x', GITHUB_REPOSITORY: 'acme/intel' }, 'https://other.example/x/'],
    ['then the Pages URL of the repository', {}, { GITHUB_REPOSITORY: 'Acme/techscan' }, 'https://acme.github.io/techscan/'],
    ['a user site repository', {}, { GITHUB_REPOSITORY: 'acme/acme.github.io' }, 'https://acme.github.io/'],
    ['none known', {}, {}, null],
  ])('%s', (_, settings, env, expected) => {
    expect(siteBaseUrl(settingsFileSchema.parse(settings), env)).toBe(expected);
  });

  it('builds page URLs under the base', () => {
    const base = siteBaseUrl(defaults, { GITHUB_REPOSITORY: 'acme/techscan' }) ?? '';
    expect(siteUrl(base, SITE_PATHS.change('acme/shopwave', 'abc123'))).toBe('https://acme.github.io/techscan/monitors/acme/shopwave/#change-abc123');
  });
});
