import type { DigestModel } from './model.ts';
import { landscapeText } from './landscape.ts';
import { countsText, footerLines } from './render-html.ts';

/** The plain-text part of a digest: the same content as the HTML, readable in any client. */
export function renderText(model: DigestModel): string {
  const lines = [`TechScan Monitor · ${model.kind}`, model.headline, model.periodLabel, countsText(model), ''];
  for (const organization of model.organizations) {
    lines.push(organization.name.toUpperCase(), '');
    for (const monitor of organization.monitors) {
      lines.push(`  ${monitor.name}${monitor.url ? ` (${monitor.url})` : ''}`);
      for (const item of monitor.entries) {
        lines.push(`    [${item.severity.toUpperCase()}] ${item.summary}`);
        for (const detail of item.details) lines.push(`      ${detail}`);
        lines.push(`      ${item.type} · ${item.when}`);
        if (item.link) lines.push(`      ${item.link}`);
      }
      lines.push('');
    }
  }
  lines.push(...landscapeText(model.landscape));
  if (model.changesLink) lines.push(`All changes: ${model.changesLink}`, '');
  lines.push('-- ');
  lines.push(...footerLines(model));
  return `${lines.join('\n')}\n`;
}
