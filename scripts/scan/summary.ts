import type { ScanResult } from '../schema/scan.ts';
import { VERSION_SOURCE_LABELS } from '../schema/signals.ts';

/** A scan result as a few readable lines for the terminal (`scan <url>` without --json). Pure. */
export function formatScanSummary(result: ScanResult): string {
  const lines: string[] = [];
  const target = result.finalUrl && result.finalUrl !== result.url ? `${result.url} → ${result.finalUrl}` : result.url;
  lines.push(`${result.ok ? '✓' : '✗'} ${target}  ${result.status ?? '—'}  ${result.depth}, ${seconds(result.durationMs)}`);
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
    const metrics = [
      ['TTFB', ms(performance.ttfbMs)],
      ['FCP', ms(performance.fcpMs)],
      ['LCP', ms(performance.lcpMs)],
      ['CLS', performance.cls === null ? null : String(performance.cls)],
      ['DOMContentLoaded', ms(performance.domContentLoadedMs)],
      ['load', ms(performance.loadMs)],
    ].filter((entry): entry is [string, string] => entry[1] !== null);
    lines.push('', 'Performance', `  ${metrics.map(([name, value]) => `${name} ${value}`).join(' · ')}`);
    if (performance.transferBytes !== null) lines.push(`  ${kilobytes(performance.transferBytes)} in ${performance.requests ?? 0} requests: ${byType(performance.byType)}`);
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
      infrastructure.tls && `TLS ${infrastructure.tls.protocol ?? ''} by ${infrastructure.tls.issuer ?? 'unknown issuer'}${infrastructure.tls.validTo ? ` until ${infrastructure.tls.validTo.slice(0, 10)}` : ''}`,
    ].filter((part): part is string => Boolean(part));
    lines.push('', 'Infrastructure', `  ${parts.join(' · ') || '—'}`);
    for (const hop of infrastructure.redirects) lines.push(`  ${hop.status} ${hop.url}`);
  }

  const content = result.content;
  if (content) {
    lines.push('', 'Content', `  title: ${content.title ?? '—'}`);
    if (content.description) lines.push(`  description: ${content.description}`);
    if (content.canonical) lines.push(`  canonical: ${content.canonical}`);
    for (const heading of content.headings.slice(0, 8)) lines.push(`  ${'#'.repeat(heading.level)} ${heading.text}`);
    if (content.headings.length > 8) lines.push(`  … ${content.headings.length - 8} more headings`);
    const blocks = content.blocks?.length ?? 0;
    const volatile = content.volatile?.length ?? 0;
    lines.push(`  ${content.wordCount} words in ${blocks} text ${blocks === 1 ? 'block' : 'blocks'}${volatile > 0 ? `, ${volatile} seen to vary between loads` : ''}`);
  }
  if (result.pages && result.pages.length > 0) lines.push('', `Also visited: ${result.pages.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function ms(value: number | null): string | null {
  return value === null ? null : value >= 1000 ? seconds(value) : `${value} ms`;
}

function seconds(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function byType(types: Record<string, { requests: number; bytes: number }>): string {
  return Object.entries(types)
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([type, stats]) => `${type} ${stats.requests} (${kilobytes(stats.bytes)})`)
    .join(', ');
}
