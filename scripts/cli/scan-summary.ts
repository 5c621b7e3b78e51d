import { formatMetric, METRICS } from '../schema/metrics.ts';
import type { ScanResult } from '../schema/scan.ts';
import { VERSION_SOURCE_LABELS } from '../schema/signals.ts';
import { formatBytes, formatDuration, formatMs, NONE, plural } from '../shared/wording.ts';

const HEADINGS_SHOWN = 8;

/** A scan result as a few readable lines for the terminal (`scan <url>` without --json). Pure. */
export function formatScanSummary(result: ScanResult): string {
  const lines: string[] = [];
  const target = result.finalUrl && result.finalUrl !== result.url ? `${result.url} → ${result.finalUrl}` : result.url;
  lines.push(`${result.ok ? '✓' : '✗'} ${target}  ${result.status ?? NONE}  ${result.depth}, ${formatDuration(result.durationMs)}`);
  if (result.error) lines.push(`  ${result.error.kind === 'partial' ? 'partial' : 'error'}: ${result.error.kind} — ${result.error.message}`);

  if (result.technologies.length > 0) {
    lines.push('', `Technologies (${result.technologies.length})`);
    for (const technology of result.technologies) {
      const source = technology.versionSource ? ` · ${VERSION_SOURCE_LABELS[technology.versionSource].short}` : '';
      const version = technology.version ? ` ${technology.version}${source}` : '';
      const confidence = technology.confidence < 100 ? ` (${technology.confidence}%)` : '';
      lines.push(`  ${technology.name}${version}${confidence}  — ${technology.categories.join(', ')}`);
    }
  }

  const performance = result.performance;
  if (performance) {
    const vitals = (['ttfbMs', 'fcpMs', 'lcpMs', 'cls'] as const).flatMap((metric) => {
      const value = performance[metric];
      return value === null ? [] : [`${METRICS[metric].short} ${formatMetric(metric, value)}`];
    });
    const timings = [
      ['DOMContentLoaded', performance.domContentLoadedMs],
      ['load', performance.loadMs],
    ] as const;
    const loaded = timings.flatMap(([name, value]) => (value === null ? [] : [`${name} ${formatMs(value)}`]));
    lines.push('', 'Performance', `  ${[...vitals, ...loaded].join(' · ')}`);
    if (performance.transferBytes !== null) {
      lines.push(
        `  ${formatMetric('transferBytes', performance.transferBytes)} in ${plural(performance.requests ?? 0, 'request')}: ${byType(performance.byType)}`,
      );
    }
  }

  const security = result.security;
  if (security) {
    const algorithm = security.algorithm === undefined ? '' : ` algorithm ${security.algorithm}`;
    lines.push('', `Security: ${security.grade} (score ${security.score}, MDN HTTP Observatory${algorithm})`);
    const width = Math.max(0, ...security.findings.map((finding) => finding.test.length));
    for (const finding of security.findings) {
      const modifier = finding.scoreModifier === 0 ? ' 0' : finding.scoreModifier > 0 ? `+${finding.scoreModifier}` : String(finding.scoreModifier);
      lines.push(`  ${finding.pass ? '✓' : '✗'} ${finding.test.padEnd(width)} ${modifier.padStart(3)}  ${finding.result}: ${finding.description}`);
    }
  }

  const infrastructure = result.infrastructure;
  if (infrastructure) {
    const parts = [
      infrastructure.server && `server ${infrastructure.server}`,
      infrastructure.cdn && `CDN ${infrastructure.cdn}`,
      infrastructure.hosting && `hosting ${infrastructure.hosting}`,
      infrastructure.ip && `IP ${infrastructure.ip}`,
      infrastructure.httpVersion,
      infrastructure.tls &&
        `TLS ${infrastructure.tls.protocol ?? ''} by ${infrastructure.tls.issuer ?? 'unknown issuer'}${infrastructure.tls.validTo ? ` until ${infrastructure.tls.validTo.slice(0, 10)}` : ''}`,
    ].filter((part): part is string => Boolean(part));
    lines.push('', 'Infrastructure', `  ${parts.join(' · ') || NONE}`);
    for (const hop of infrastructure.redirects) lines.push(`  ${hop.status} ${hop.url}`);
  }

  const content = result.content;
  if (content) {
    lines.push('', 'Content', `  title: ${content.title ?? NONE}`);
    if (content.description) lines.push(`  description: ${content.description}`);
    if (content.canonical) lines.push(`  canonical: ${content.canonical}`);
    for (const heading of content.headings.slice(0, HEADINGS_SHOWN)) lines.push(`  ${'#'.repeat(heading.level)} ${heading.text}`);
    if (content.headings.length > HEADINGS_SHOWN) lines.push(`  … ${plural(content.headings.length - HEADINGS_SHOWN, 'more heading')}`);
    const blocks = content.blocks?.length ?? 0;
    const volatile = content.volatile?.length ?? 0;
    lines.push(`  ${plural(content.wordCount, 'word')} in ${plural(blocks, 'text block')}${volatile > 0 ? `, ${volatile} seen to vary between loads` : ''}`);
  }
  if (result.pages && result.pages.length > 0) lines.push('', `Also visited: ${result.pages.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function byType(types: Record<string, { requests: number; bytes: number }>): string {
  return Object.entries(types)
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([type, stats]) => `${type} ${stats.requests} (${formatBytes(stats.bytes)})`)
    .join(', ');
}
