import { z } from 'zod';
import type { ScanResult } from '../../schema/scan.ts';
import type { Technology } from '../../schema/signals.ts';
import { comparableScans } from '../scans.ts';
import { settledTransition } from '../settle.ts';
import { versionBump } from '../versions.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * Technologies added, removed and upgraded. Only scans with the same rules and fingerprint
 * database are compared, so a database update never reads as the site changing; detections
 * below the confidence floor count as absent. Presence and version follow the settle rule
 * (scripts/changes/settle.ts): the first scan is the baseline, an addition holds for
 * `confirmScans` scans and a removal for `removalAfterScans` before it is reported, so a
 * script that comes and goes (an A/B test, a lazy tag) never alarms. A scan that saw a
 * technology but not its version says nothing about the version.
 */

/** Categories of the fingerprint database that define what a site is built on. */
export const CORE_CATEGORIES: readonly string[] = [
  'CMS',
  'Ecommerce',
  'Ecommerce frontends',
  'JavaScript frameworks',
  'Web frameworks',
  'Static site generator',
  'Page builders',
  'Blogs',
];

const technologyData = z.object({
  technology: z.string(),
  version: z.string().nullable(),
  previousVersion: z.string().nullable(),
  confidence: z.number().int(),
  categories: z.array(z.string()),
});
type TechnologyData = z.infer<typeof technologyData>;

const isCore = (data: TechnologyData) => data.categories.some((category) => CORE_CATEGORIES.includes(category));

function details(data: TechnologyData, version: string) {
  return [
    { label: 'Technology', value: data.technology },
    { label: 'Version', value: version },
    { label: 'Categories', value: data.categories.join(', ') || '—' },
    { label: 'Confidence', value: `${data.confidence}%` },
  ];
}

export const technologyAdded = defineKind({
  type: 'technology_added',
  label: 'Technology added',
  data: technologyData,
  subject: (data) => data.technology,
  severity: [
    { severity: 'high', when: 'a framework, CMS or e-commerce platform', applies: isCore },
    { severity: 'medium', when: 'any other technology' },
  ],
  details: (data) => details(data, data.version ?? 'unknown'),
});

export const technologyRemoved = defineKind({
  type: 'technology_removed',
  label: 'Technology removed',
  data: technologyData.extend({ absentScans: z.number().int() }),
  subject: (data) => data.technology,
  severity: [
    { severity: 'high', when: 'a framework, CMS or e-commerce platform', applies: isCore },
    { severity: 'medium', when: 'any other technology' },
  ],
  details: (data) => details(data, data.previousVersion ?? data.version ?? 'unknown'),
});

export const technologyVersionChanged = defineKind({
  type: 'technology_version_changed',
  label: 'Version changed',
  data: technologyData,
  subject: (data) => data.technology,
  severity: [
    { severity: 'medium', when: 'a major version (18.x → 19.x)', applies: (data) => versionBump(data.previousVersion, data.version) === 'major' },
    { severity: 'low', when: 'a minor or patch version' },
  ],
  details: (data) => details(data, `${data.previousVersion ?? 'unknown'} → ${data.version ?? 'unknown'}`),
});

const PRESENT = 'present';
const ABSENT = 'absent';

export const technologies = defineFamily({
  name: 'technologies',
  kinds: [technologyAdded, technologyRemoved, technologyVersionChanged],
  detect: technologyChanges,
});

function technologyChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!monitor.scan.track.technologies) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: true }), scan];
  if (series.length < 2) return [];
  const { confidenceFloor, confirmScans, removalAfterScans, recentScans } = monitor.changes;
  const found = series.map((entry) => confidentTechnologies(entry, confidenceFloor));
  const names = [...new Set(found.flatMap((byName) => [...byName.keys()]))].sort();
  const findings: Finding[] = [];
  for (const name of names) {
    const presence = series.map((entry, index) => ({ scan: entry, technology: found[index]?.get(name) ?? null }));
    const transition = settledTransition(presence, (entry) => (entry.technology ? PRESENT : ABSENT), {
      confirmations: (_from, to) => (to === ABSENT ? removalAfterScans : confirmScans),
      recent: recentScans,
    });
    const added = transition?.to.technology;
    const removed = transition?.from.technology;
    if (added) {
      findings.push(technologyAdded.finding({ fromScan: transition.from.scan.id, summary: `${label(added)} added`, data: dataOf(added, null) }));
      continue;
    }
    if (transition && removed) {
      findings.push(
        technologyRemoved.finding({
          fromScan: transition.from.scan.id,
          summary: `${label(removed)} removed`,
          data: { ...dataOf(removed, removed.version), absentScans: transition.held },
        }),
      );
      continue;
    }
    const upgrade = versionTransition(presence, confirmScans, recentScans);
    if (upgrade) findings.push(upgrade);
  }
  return findings;
}

/** Versions follow the settle rule over the scans that read one. */
function versionTransition(presence: readonly { scan: ScanResult; technology: Technology | null }[], confirmScans: number, recent: number): Finding | null {
  const current = presence.at(-1)?.technology;
  if (!current?.version) return null;
  const versioned = presence.filter((entry) => entry.technology?.version);
  const transition = settledTransition(versioned, (entry) => entry.technology?.version ?? '', { confirmations: () => confirmScans, recent });
  const previousVersion = transition?.from.technology?.version;
  if (!transition || !previousVersion) return null;
  return technologyVersionChanged.finding({
    fromScan: transition.from.scan.id,
    summary: `${current.name} ${previousVersion} → ${current.version}`,
    data: dataOf(current, previousVersion),
  });
}

function confidentTechnologies(scan: ScanResult, floor: number): Map<string, Technology> {
  return new Map(scan.technologies.filter((tech) => tech.confidence >= floor).map((tech) => [tech.name, tech]));
}

function dataOf(tech: Technology, previousVersion: string | null): TechnologyData {
  return { technology: tech.name, version: tech.version, previousVersion, confidence: tech.confidence, categories: tech.categories };
}

function label(tech: Technology): string {
  return tech.version ? `${tech.name} ${tech.version}` : tech.name;
}
