import { stringify } from 'csv-stringify/sync';
import type { Change } from '../../../scripts/schema/change.ts';
import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';
import type { MonitorView, SiteModel } from './model.ts';

/**
 * The CSV files published with the site for spreadsheets and BI tools. Columns are stable:
 * new ones are only ever appended (site/README.md documents each). UTF-8 with a byte order mark
 * (so Excel reads it as UTF-8), a header row, CRLF between records, RFC 4180 quoting by
 * csv-stringify. Text that could start a spreadsheet formula is neutralised the OWASP way.
 */

type Cell = string | number | boolean | null;

export interface Column<T> {
  readonly name: string;
  readonly value: (row: T) => Cell;
}

export interface ExportFile {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly csv: (model: SiteModel) => string;
}

/** A cell starting with one of these is read as a formula by spreadsheets (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to text a spreadsheet would evaluate; other text is unchanged. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv<T>(columns: readonly Column<T>[], rows: Iterable<T>): string {
  const records: Cell[][] = [];
  for (const row of rows) records.push(columns.map((column) => column.value(row)));
  return stringify(records, {
    bom: true,
    header: true,
    columns: columns.map((column) => column.name),
    record_delimiter: 'windows',
    cast: {
      // Numbers are written as numbers (a negative score stays -5); only text is neutralised.
      string: (value) => neutralise(value),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
}

function* each<T, R>(items: readonly T[], rows: (item: T) => Iterable<R>): Iterable<R> {
  for (const item of items) yield* rows(item);
}

const monitorColumns: Column<MonitorView>[] = [
  { name: 'id', value: (m) => m.id },
  { name: 'organization', value: (m) => m.organization },
  { name: 'name', value: (m) => m.name },
  { name: 'url', value: (m) => m.url },
  { name: 'tags', value: (m) => m.tags.join(' ') },
  { name: 'self', value: (m) => m.self },
  { name: 'enabled', value: (m) => m.enabled },
  { name: 'configured', value: (m) => m.configured },
  { name: 'status', value: (m) => m.status },
  { name: 'last_scan_at', value: (m) => m.latestScan?.scannedAt ?? null },
  { name: 'next_due', value: (m) => m.nextDue },
  { name: 'grade', value: (m) => m.history.lastGood?.security?.grade ?? null },
  { name: 'score', value: (m) => m.history.lastGood?.security?.score ?? null },
  { name: 'technologies', value: (m) => (m.history.lastGood ? m.history.stack.length : null) },
  { name: 'changes', value: (m) => m.changes.length },
  { name: 'title', value: (m) => m.history.lastGood?.content?.title ?? null },
  { name: 'page', value: (m) => SITE_PATHS.monitor(m.id) },
];

interface ObservationRow {
  readonly monitor: MonitorView;
  readonly observation: MonitorView['history']['observations'][number];
}

const technologyColumns: Column<ObservationRow>[] = [
  { name: 'monitor', value: (r) => r.monitor.id },
  { name: 'technology', value: (r) => r.observation.technology },
  { name: 'version', value: (r) => r.observation.version },
  { name: 'categories', value: (r) => r.observation.categories.join('; ') },
  { name: 'first_seen', value: (r) => r.observation.firstSeen },
  { name: 'last_seen', value: (r) => r.observation.lastSeen },
  { name: 'scans', value: (r) => r.observation.scans },
  {
    name: 'current',
    value: (r) => r.monitor.history.stack.some((entry) => entry.name === r.observation.technology && entry.version === r.observation.version),
  },
];

const changeColumns: Column<Change>[] = [
  { name: 'id', value: (c) => c.id },
  { name: 'monitor', value: (c) => c.monitor },
  { name: 'detected_at', value: (c) => c.detectedAt },
  { name: 'type', value: (c) => c.type },
  { name: 'severity', value: (c) => c.severity },
  { name: 'summary', value: (c) => c.summary },
  { name: 'from_scan', value: (c) => c.fromScan },
  { name: 'to_scan', value: (c) => c.toScan },
  { name: 'data', value: (c) => JSON.stringify(c.data) },
  { name: 'page', value: (c) => SITE_PATHS.change(c.monitor, c.id) },
];

interface DayRow {
  readonly monitor: string;
  readonly day: MonitorView['history']['daily'][number];
}

const performanceColumns: Column<DayRow>[] = [
  { name: 'monitor', value: (r) => r.monitor },
  { name: 'day', value: (r) => r.day.period },
  { name: 'scans', value: (r) => r.day.okScans },
  { name: 'ttfb_ms', value: (r) => r.day.medians.ttfbMs },
  { name: 'fcp_ms', value: (r) => r.day.medians.fcpMs },
  { name: 'lcp_ms', value: (r) => r.day.medians.lcpMs },
  { name: 'cls', value: (r) => r.day.medians.cls },
  { name: 'transfer_bytes', value: (r) => r.day.medians.transferBytes },
];

const gradeColumns: Column<DayRow>[] = [
  { name: 'monitor', value: (r) => r.monitor },
  { name: 'day', value: (r) => r.day.period },
  { name: 'grade', value: (r) => r.day.grade },
  { name: 'score', value: (r) => r.day.score },
];

const dayRows = (model: SiteModel) => each(model.monitors, (monitor) => monitor.history.daily.map((day) => ({ monitor: monitor.id, day })));

function file<T>(name: string, title: string, columns: readonly Column<T>[], rows: (model: SiteModel) => Iterable<T>): ExportFile {
  return { name, title, columns: columns.map((column) => column.name), csv: (model) => toCsv(columns, rows(model)) };
}

export const EXPORT_FILES = {
  monitors: file('monitors', 'Monitors', monitorColumns, (model) => model.monitors),
  technologies: file('technologies', 'Technology observations', technologyColumns, (model) =>
    each(model.monitors, (monitor) => monitor.history.observations.map((observation) => ({ monitor, observation }))),
  ),
  changes: file('changes', 'Changes', changeColumns, (model) => model.changes),
  performance: file('performance-daily', 'Daily performance medians', performanceColumns, dayRows),
  grades: file('grades-daily', 'Security grades by day', gradeColumns, (model) =>
    each(model.monitors, (monitor) => monitor.history.daily.filter((day) => day.grade !== null).map((day) => ({ monitor: monitor.id, day }))),
  ),
} as const;
