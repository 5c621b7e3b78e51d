/**
 * The starter file for a new monitor, as the "Add a monitor" page prefills it on GitHub.
 * Values are JSON strings, which YAML reads as double-quoted scalars, so any name is safe.
 */
export interface NewMonitor {
  readonly organization: string;
  readonly slug: string;
  readonly name: string;
  readonly url: string;
  readonly schedule: string;
}

export const EXAMPLE_MONITOR: NewMonitor = {
  organization: 'your-organization',
  slug: 'competitor-x',
  name: 'Competitor X',
  url: 'https://www.competitor-x.example/',
  schedule: '0 */6 * * *',
};

export const SCHEDULE_CHOICES: readonly { readonly value: string; readonly label: string }[] = [
  { value: '0 */6 * * *', label: 'every 6 hours' },
  { value: '@hourly', label: 'hourly' },
  { value: '@daily', label: 'daily' },
  { value: '@weekly', label: 'weekly' },
];

export function monitorFile(monitor: NewMonitor): string {
  return `monitors/${monitor.organization}/${monitor.slug}.yaml`;
}

export function monitorTemplate(monitor: NewMonitor): string {
  return [
    '# yaml-language-server: $schema=../monitor.schema.json',
    `name: ${JSON.stringify(monitor.name)}`,
    `url: ${JSON.stringify(monitor.url)}`,
    `schedule: ${JSON.stringify(monitor.schedule)}`,
    '',
  ].join('\n');
}
