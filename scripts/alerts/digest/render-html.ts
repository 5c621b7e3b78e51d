import type { Severity } from '../../schema/common.ts';
import type { DigestEntry, DigestModel, MonitorGroup, OrganizationGroup } from './model.ts';
import { landscapeHtml } from './landscape.ts';
import { escapeHtml as h } from '../../shared/html.ts';
import { plural } from '../../shared/wording.ts';

/**
 * The HTML part of a digest: table layout and inline styles only, which is what Gmail, Outlook
 * and Apple Mail render alike (no <style> blocks, no external CSS, no images, no scripts).
 * Every string from the model is escaped here.
 */

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const COLOR = { text: '#111827', muted: '#6b7280', faint: '#9ca3af', rule: '#e5e7eb', page: '#f3f4f6', link: '#1d4ed8' };
const SEVERITY_STYLE: Readonly<Record<Severity, { readonly fg: string; readonly bg: string }>> = {
  high: { fg: '#991b1b', bg: '#fee2e2' },
  medium: { fg: '#92400e', bg: '#fef3c7' },
  low: { fg: '#374151', bg: '#e5e7eb' },
};

export function renderHtml(model: DigestModel): string {
  const preheader = `${model.headline}. ${countsText(model)}.`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${h(model.subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:${COLOR.page};">`,
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${h(preheader)}</div>`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLOR.page};">`,
    '<tr><td align="center" style="padding:24px 12px;">',
    `<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid ${COLOR.rule};border-radius:8px;font-family:${FONT};color:${COLOR.text};">`,
    header(model),
    ...model.organizations.map(organization),
    landscapeHtml(model.landscape),
    footer(model),
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(model: DigestModel): string {
  const pills = (['high', 'medium', 'low'] as const)
    .filter((level) => model.counts[level] > 0)
    .map((level) => badge(level, `${model.counts[level]} ${level}`))
    .join('&nbsp;');
  return row(
    '24px 28px 8px',
    [
      `<div style="font-size:12px;letter-spacing:0.08em;text-transform:uppercase;color:${COLOR.muted};">TechScan Monitor · ${h(model.kind)}</div>`,
      `<h1 style="margin:6px 0 4px;font-size:22px;line-height:1.3;font-weight:700;color:${COLOR.text};">${h(model.headline)}</h1>`,
      `<div style="font-size:14px;line-height:1.5;color:${COLOR.muted};">${h(model.periodLabel)}</div>`,
      `<div style="margin-top:12px;">${pills}</div>`,
    ].join('\n'),
  );
}

function organization(group: OrganizationGroup): string {
  return [
    row(
      '20px 28px 0',
      `<div style="font-size:12px;letter-spacing:0.08em;text-transform:uppercase;color:${COLOR.muted};border-bottom:1px solid ${COLOR.rule};padding-bottom:6px;">${h(group.name)}</div>`,
    ),
    ...group.monitors.map(monitor),
  ].join('\n');
}

function monitor(group: MonitorGroup): string {
  const name = `<span style="font-size:17px;font-weight:600;color:${COLOR.text};">${h(group.name)}</span>`;
  const title = group.link ? `<a href="${h(group.link)}" style="text-decoration:none;">${name}</a>` : name;
  const url = group.url ? ` <span style="font-size:13px;color:${COLOR.muted};">${h(group.url)}</span>` : '';
  return [
    row('14px 28px 2px', `${title}${url}`),
    row('0 28px', `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${group.entries.map(entry).join('\n')}\n</table>`),
  ].join('\n');
}

function entry(item: DigestEntry): string {
  const meta = [h(item.type), h(item.when)];
  if (item.link) meta.push(`<a href="${h(item.link)}" style="color:${COLOR.link};text-decoration:underline;">View change</a>`);
  const details = item.details.map((line) => `<div style="margin-top:4px;font-size:13px;line-height:1.45;color:#374151;">${h(line)}</div>`).join('');
  return [
    '<tr>',
    `<td valign="top" width="72" style="width:72px;padding:10px 8px 10px 0;border-bottom:1px solid ${COLOR.page};">${badge(item.severity, item.severity)}</td>`,
    `<td valign="top" style="padding:10px 0;border-bottom:1px solid ${COLOR.page};">`,
    `<div style="font-size:15px;line-height:1.45;color:${COLOR.text};">${h(item.summary)}</div>`,
    details,
    `<div style="margin-top:4px;font-size:12px;line-height:1.5;color:${COLOR.muted};">${meta.join(' · ')}</div>`,
    '</td>',
    '</tr>',
  ].join('');
}

function footer(model: DigestModel): string {
  const button = model.changesLink
    ? `<a href="${h(model.changesLink)}" style="display:inline-block;padding:10px 16px;background:${COLOR.text};color:#ffffff;border-radius:6px;font-size:14px;font-weight:600;text-decoration:none;">All changes on the dashboard</a>`
    : '';
  return row(
    '24px 28px 28px',
    [
      button,
      `<p style="margin:${button ? '20px' : '0'} 0 0;font-size:12px;line-height:1.5;color:${COLOR.faint};">${footerLines(model).map(h).join('<br>')}</p>`,
    ].join('\n'),
  );
}

function badge(level: Severity, label: string): string {
  const style = SEVERITY_STYLE[level];
  return `<span style="display:inline-block;padding:2px 8px;border-radius:10px;background:${style.bg};color:${style.fg};font-size:11px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;">${h(label)}</span>`;
}

function row(padding: string, content: string): string {
  return `<tr><td style="padding:${padding};">${content}</td></tr>`;
}

export function countsText(model: DigestModel): string {
  const parts = (['high', 'medium', 'low'] as const).filter((level) => model.counts[level] > 0).map((level) => `${model.counts[level]} ${level}`);
  return `${plural(model.total, 'change')}: ${parts.join(', ')}`;
}

export function footerLines(model: DigestModel): string[] {
  const files = model.configFiles.length > 0 ? `: ${model.configFiles.join(', ')}` : '';
  return [`You get this digest because you are listed in alerts.recipients${files}.`, 'Recipients, triggers and frequency are changed by pull request.'];
}
