import * as core from '@actions/core';
import { posix } from 'node:path';
import { DEFAULTS_FILE } from '../monitors/load.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import { formatDuration } from '../shared/wording.ts';
import { escapeHtml } from './html.ts';

/**
 * The pull-request preview: a light scan (HTTP only) of every monitor a pull request adds or
 * changes, so the reviewer sees what the monitor will see before it is merged.
 */

/** A pull request touching more monitors than this previews the first ones only. */
export const MAX_PREVIEWS = 10;
const TECHNOLOGIES_SHOWN = 12;

/**
 * The monitors a change to these files affects: a monitor file itself, or every monitor of an
 * organization whose `_defaults.yaml` changed. Paths are relative to the repository root.
 */
export function monitorsTouched(changedFiles: readonly string[], monitors: readonly Monitor[]): Monitor[] {
  const changed = new Set(changedFiles.map((file) => posix.normalize(file)));
  const organizations = new Set([...changed].filter((file) => posix.basename(file) === DEFAULTS_FILE).map((file) => posix.basename(posix.dirname(file))));
  return monitors.filter((monitor) => changed.has(posix.normalize(monitor.file)) || organizations.has(monitor.organization));
}

export interface Preview {
  readonly monitor: Monitor;
  /** The scan, or null when the scan command itself failed (then `failure` says why). */
  readonly result: ScanResult | null;
  readonly failure: string | null;
}

/** One line a reviewer reads on the diff: status, server, grade, technologies. */
export function previewLine(preview: Preview): string {
  const { result } = preview;
  if (result === null) return `scan failed: ${preview.failure ?? 'unknown error'}`;
  if (!result.ok) return `${result.error?.kind ?? 'failed'}: ${result.error?.message ?? `HTTP ${result.status ?? '—'}`}`;
  const technologies = result.technologies.map((technology) => technology.name);
  return [
    `HTTP ${result.status ?? '—'}${result.finalUrl && result.finalUrl !== result.url ? ` → ${result.finalUrl}` : ''}`,
    result.infrastructure?.server ? `server ${result.infrastructure.server}` : null,
    result.security ? `security grade ${result.security.grade}` : null,
    technologies.length > 0 ? `${technologies.length} technologies: ${shortList(technologies)}` : 'no technologies detected',
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

export function renderPreview(previews: readonly Preview[], skipped: number): string {
  const summary = core.summary.emptyBuffer();
  summary.addHeading(`Monitor preview: ${previews.length} light scan${previews.length === 1 ? '' : 's'}`, 2);
  summary.addRaw(
    '<p>What each new or changed monitor sees over HTTP (light depth, no browser). The scheduled scans use a real browser and see more.</p>',
    true,
  );
  if (previews.length === 0) summary.addRaw('<p>No monitor was added or changed.</p>', true);
  else {
    summary.addTable([
      ['Monitor', 'URL', 'Result', 'Title', 'Time'].map((data) => ({ data, header: true })),
      ...previews.map((preview) => [
        `${escapeHtml(preview.monitor.name)} <code>${escapeHtml(preview.monitor.id)}</code>`,
        escapeHtml(preview.monitor.url),
        escapeHtml(previewLine(preview)),
        escapeHtml(preview.result?.content?.title ?? ''),
        preview.result ? formatDuration(preview.result.durationMs) : '',
      ]),
    ]);
  }
  if (skipped > 0)
    summary.addRaw(`<p>${skipped} more monitor${skipped === 1 ? ' was' : 's were'} not previewed (at most ${MAX_PREVIEWS} per pull request).</p>`, true);
  const html = summary.stringify();
  summary.emptyBuffer();
  return html;
}

/** Each preview as an annotation on its YAML file: a notice when the site answered, a warning when not. */
export function annotatePreviews(previews: readonly Preview[]): void {
  for (const preview of previews) {
    const properties = { title: `Preview of ${preview.monitor.id}`, file: preview.monitor.file, startLine: 1 };
    if (preview.result?.ok) core.notice(previewLine(preview), properties);
    else core.warning(previewLine(preview), properties);
  }
}

function shortList(names: readonly string[]): string {
  const shown = names.slice(0, TECHNOLOGIES_SHOWN).join(', ');
  return names.length > TECHNOLOGIES_SHOWN ? `${shown}, …` : shown;
}
