import type { ScanResult } from '../schema/scan.ts';
import type { Technology } from '../schema/signals.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { comparableScans } from './scans.ts';
import { settledTransition } from './settle.ts';

/**
 * Technologies added, removed and upgraded. Only scans with the same rules and fingerprint
 * database are compared, so a database update never reads as the site changing. Detections
 * below the confidence floor count as absent. A disappearance is reported only after
 * `removalAfterScans` scans in a row without it, so an A/B-tested or rotating script that comes
 * and goes never alarms; for the same reason the first `removalAfterScans` scans after a
 * (re-)baseline are the baseline together: what any of them saw is known, not added.
 */
const PRESENT = 'present';
const ABSENT = 'absent';

export function technologyChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!monitor.scan.track.technologies) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: true }), scan];
  if (series.length < 2) return [];
  const floor = monitor.changes.confidenceFloor;
  const found = series.map((entry) => confidentTechnologies(entry, floor));
  const names = [...new Set(found.flatMap((byName) => [...byName.keys()]))].sort();
  const removalAfter = monitor.changes.removalAfterScans;
  const findings: Finding[] = [];

  for (const name of names) {
    const presence = series.map((entry, index) => ({ scan: entry, technology: found[index]?.get(name) ?? null }));
    const transition = settledTransition(
      presence,
      (entry) => (entry.technology ? PRESENT : ABSENT),
      (_from, to) => (to === ABSENT ? removalAfter : 1),
      { entries: removalAfter, settle: (keys) => (keys.includes(PRESENT) ? PRESENT : ABSENT) },
    );
    const current = presence.at(-1)?.technology ?? null;
    if (transition?.to.technology) {
      const tech = transition.to.technology;
      findings.push({
        subject: name,
        body: {
          type: 'technology_added',
          fromScan: transition.from.scan.id,
          summary: `${label(tech.name, tech.version)} added`,
          data: technologyData(tech, null),
        },
      });
    } else if (transition?.from.technology) {
      const tech = transition.from.technology;
      findings.push({
        subject: name,
        body: {
          type: 'technology_removed',
          fromScan: transition.from.scan.id,
          summary: `${label(tech.name, tech.version)} removed`,
          data: { ...technologyData(tech, tech.version), absentScans: transition.held },
        },
      });
    } else if (current?.version) {
      const previous = lastKnownVersion(presence.slice(0, -1));
      if (previous && previous.version !== current.version) {
        findings.push({
          subject: name,
          body: {
            type: 'technology_version_changed',
            fromScan: previous.scan.id,
            summary: `${current.name} ${previous.version} → ${current.version}`,
            data: technologyData(current, previous.version),
          },
        });
      }
    }
  }
  return findings;
}

function confidentTechnologies(scan: ScanResult, floor: number): Map<string, Technology> {
  return new Map(scan.technologies.filter((tech) => tech.confidence >= floor).map((tech) => [tech.name, tech]));
}

/**
 * The newest version seen for the technology. A scan that saw the technology but not its
 * version (the version comes from a script URL that was not loaded this time) is skipped: an
 * unknown version is not a change.
 */
function lastKnownVersion(
  presence: readonly { scan: ScanResult; technology: Technology | null }[],
): { scan: ScanResult; version: string } | null {
  for (let index = presence.length - 1; index >= 0; index -= 1) {
    const entry = presence[index];
    if (entry?.technology?.version) return { scan: entry.scan, version: entry.technology.version };
  }
  return null;
}

function technologyData(tech: Technology, previousVersion: string | null) {
  return {
    technology: tech.name,
    version: tech.version,
    previousVersion,
    confidence: tech.confidence,
    categories: tech.categories,
  };
}

function label(name: string, version: string | null): string {
  return version ? `${name} ${version}` : name;
}
