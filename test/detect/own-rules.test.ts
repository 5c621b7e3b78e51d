import { beforeAll, describe, expect, it } from 'vitest';
import { collectionPlan, detect, layerOwnRules, loadFingerprints, OWN_RULES, type Fingerprints } from '../../scripts/detect/index.ts';
import { EnvironmentError } from '../../scripts/errors.ts';
import { fingerprints, named } from './fingerprints.ts';

const URL = 'https://docs.competitor.example/';

let database: Fingerprints;
beforeAll(async () => {
  database = await loadFingerprints();
});

describe('our own rules on the real database', () => {
  it('load with the database: every rule names one of its technologies', () => {
    expect(database.ownRules.map((rule) => database.technologies[rule.technology]?.name)).toEqual(Object.keys(OWN_RULES));
  });

  it.each<[string, Record<string, string[]>, string, string | null]>([
    ['VitePress generator tag', { generator: ['VitePress v1.6.4'] }, 'VitePress', '1.6.4'],
    ['VitePress pre-release', { generator: ['VitePress v2.0.0-alpha.12'] }, 'VitePress', '2.0.0-alpha.12'],
    ['VitePress without a version', { generator: ['VitePress'] }, 'VitePress', null],
  ])('%s', (_, meta, name, version) => {
    const found = detect({ url: URL, meta }, database);
    expect(named(found, name)?.version ?? null).toBe(version);
    if (version) expect(named(found, name)?.versionSource).toBe('own-rule');
    // The database's implications follow a technology our rule found.
    expect(named(found, 'Vue.js')).toBeDefined();
  });

  it('a page that only mentions VitePress in its text is not VitePress', () => {
    expect(named(detect({ url: URL, text: 'Built with VitePress v1.6.4', html: '<p>VitePress v1.6.4</p>' }, database), 'VitePress')).toBeUndefined();
  });
});

describe('layerOwnRules', () => {
  const base = fingerprints({ Acme: { meta: { generator: '^Acme(?: ([\\d.]+))?\\;version:\\1' } }, Other: { js: { Other: '' } } });

  it("the database's version wins; ours fills in only what it does not read", () => {
    const layered = layerOwnRules(base, { Acme: { meta: { generator: '^Acme (\\d+)\\b\\;version:\\1' }, html: 'acme-build-([\\d.]+)\\;version:\\1' } });
    expect(named(detect({ url: URL, meta: { generator: ['Acme 6.4.2'] } }, layered), 'Acme')).toMatchObject({ version: '6.4.2', versionSource: 'pattern' });
    expect(named(detect({ url: URL, meta: { generator: ['Acme'] }, html: '<!-- acme-build-7.1 -->' }, layered), 'Acme')).toMatchObject({
      version: '7.1',
      versionSource: 'own-rule',
    });
  });

  it("a rule's js chains and selectors join the collection plan", () => {
    const layered = layerOwnRules(base, {
      Other: { js: { 'Other.build.version': '(.+)\\;version:\\1' }, dom: { 'meta[name=other]': { attributes: { content: '' } } } },
    });
    const plan = collectionPlan(layered);
    expect(plan.js).toContain('Other.build.version');
    expect(plan.dom.map((query) => query.selector)).toContain('meta[name=other]');
  });

  it.each<[string, Record<string, Record<string, unknown>>, RegExp]>([
    ['an unknown technology', { Acmee: { html: 'acme' } }, /Acmee: no technology of that name/],
    ['a relation', { Acme: { implies: 'Other' } }, /Acme: an own rule cannot have "implies"/],
    ['an invalid pattern', { Acme: { html: 'acme(' } }, /Acme: invalid pattern/],
  ])('refuses %s, saying which', (_, rules, message) => {
    expect(() => layerOwnRules(base, rules)).toThrow(EnvironmentError);
    expect(() => layerOwnRules(base, rules)).toThrow(message);
  });
});
