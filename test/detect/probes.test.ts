import { describe, expect, it } from 'vitest';
import { detect, PROBES, probeFindings } from '../../scripts/detect/index.ts';
import { probeVersion } from '../../scripts/detect/probes.ts';
import { fingerprints, named } from './fingerprints.ts';

const URL = 'https://acme.example/';
const readings = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('probeVersion', () => {
  it.each<[string, string | null]>([
    ['18.3.1', '18.3.1'],
    ['3.5.47', '3.5.47'],
    ['19.0.0-rc.1', '19.0.0-rc.1'],
    // A framework's bundled canary is named as such, without its hash and date.
    ['19.3.0-canary-89d7b2b4-20261123', '19.3.0-canary'],
    // React's own name for a release build (react-dom 18.3.1's UMD build says so).
    ['18.3.1-next-f1338f8080-20240426', '18.3.1'],
    ['2', '2'],
    [' 2.7.16 ', '2.7.16'],
    ['v18.3.1', null],
    ['latest', null],
    ['18.3.1; alert(1)', null],
    ['', null],
    ['1.2.3.4.5', null],
  ])('%j → %j', (text, expected) => {
    expect(probeVersion(text)).toBe(expected);
  });
});

describe('probeFindings', () => {
  it.each<[string, Record<string, string[]>, { technology: string; version: string | null }[]]>([
    ['react-dom registered with the hook', { 'react-renderer': ['react-dom@18.3.1'] }, [{ technology: 'React', version: '18.3.1' }]],
    ['two copies of react-dom: the newer', { 'react-renderer': ['react-dom@18.2.0', 'react-dom@19.3.1'] }, [{ technology: 'React', version: '19.3.1' }]],
    ['another renderer is not React itself', { 'react-renderer': ['@react-three/fiber@8.17.10'] }, []],
    ['a renderer without a package name', { 'react-renderer': ['@19.0.0'] }, []],
    ['a renderer with a nonsense version', { 'react-renderer': ['react-dom@soon'] }, []],
    ['a Vue 3 app', { 'vue-app': ['3.5.47'] }, [{ technology: 'Vue.js', version: '3.5.47' }]],
    ['a Vue 2 root', { 'vue-root': ['2.7.16'] }, [{ technology: 'Vue.js', version: '2.7.16' }]],
    ['Svelte discloses its major version', { 'svelte-registry': ['5'] }, [{ technology: 'Svelte', version: '5' }]],
    ['Svelte, a full version is not what it discloses', { 'svelte-registry': ['5.1.0'] }, []],
    ['an unknown probe', { 'angular-zone': ['17.0.0'] }, []],
    ['no readings', { 'vue-app': [] }, []],
  ])('%s', (_, entries, expected) => {
    expect(probeFindings(readings(entries)).map(({ technology, version }) => ({ technology, version }))).toEqual(expected);
  });

  it('reads at most a few readings per probe', () => {
    const many = Array.from({ length: 50 }, (_, index) => `react-dom@${index + 1}.0.0`);
    expect(probeFindings(readings({ 'react-renderer': many }))[0]?.version).toBe('8.0.0');
  });
});

describe('probes in detect', () => {
  const database = fingerprints({
    React: { cats: [12], js: { 'React.version': '^([\\d.]+)$\\;version:\\1' }, scriptSrc: 'react-(\\d+(?:\\.\\d+)+)\\.js\\;version:\\1' },
    'Vue.js': { cats: [12], js: { __VUE__: '' } },
    'Next.js': { cats: [12], js: { 'next.version': '^(.+)$\\;version:\\1' }, implies: 'React' },
    Svelte: { cats: [12] },
  });

  it('a probe detects a technology no pattern saw, with its own confidence and version', () => {
    const react = named(detect({ url: URL, probes: { 'react-renderer': ['react-dom@19.3.1'] } }, database), 'React');
    expect(react).toEqual({ name: 'React', version: '19.3.1', versionSource: 'probe', confidence: 100, categories: ['JavaScript frameworks'] });
  });

  it("a probe's version wins over a pattern's: it read the code that runs", () => {
    const react = named(
      detect({ url: URL, scriptSrc: ['https://cdn.example/react-18.2.0.js'], probes: { 'react-renderer': ['react-dom@18.3.1'] } }, database),
      'React',
    );
    expect(react).toMatchObject({ version: '18.3.1', versionSource: 'probe', confidence: 100 });
  });

  it('a pattern version says so', () => {
    expect(named(detect({ url: URL, scriptSrc: ['https://cdn.example/react-18.2.0.js'] }, database), 'React')).toMatchObject({
      version: '18.2.0',
      versionSource: 'pattern',
    });
  });

  it('adds a version to a technology a pattern found without one, and implications still apply', () => {
    const found = detect({ url: URL, js: { __VUE__: true, 'next.version': '15.1.0' }, probes: { 'vue-app': ['3.5.47'] } }, database);
    expect(named(found, 'Vue.js')).toMatchObject({ version: '3.5.47', versionSource: 'probe' });
    expect(named(found, 'React')).toMatchObject({ version: null, confidence: 100 });
    expect(named(found, 'React')).not.toHaveProperty('versionSource');
  });

  it('invalid readings detect nothing', () => {
    expect(detect({ url: URL, probes: { 'react-renderer': ['react-dom@x'], 'svelte-registry': ['five'] } }, database)).toEqual([]);
  });

  it('every probe names a technology by a canonical name of the real database', async () => {
    const { loadFingerprints } = await import('../../scripts/detect/index.ts');
    const real = await loadFingerprints();
    const known = new Set(real.technologies.map((technology) => technology.name));
    for (const probe of PROBES) expect(known.has(probe.technology), probe.technology).toBe(true);
  });
});
