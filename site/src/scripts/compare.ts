/**
 * The compare page's picker. The page is pre-rendered with its default selection; this script
 * applies the selection in the URL (`?m=org/a,org/b`), fetching each column as a pre-rendered
 * HTML fragment, lets the reader add and remove sites, and keeps the URL in step so it can be
 * shared. Differences from the reference are computed by the same functions the build uses,
 * from the figures each column carries in data attributes.
 */
import type { PerformanceMetric } from '../../../scripts/schema/monitor.ts';
import {
  chartViewBox,
  COMPARE_METRICS,
  differences,
  gradeNote,
  INFRA_FIELDS,
  MAX_COLUMNS,
  metricNote,
  MIN_COLUMNS,
  missingNote,
  parseSelection,
  referenceOf,
  TECHNOLOGY_NOTES,
  type ColumnDifferences,
  type ColumnFacts,
  type InfraField,
} from '../lib/compare.ts';
import { readCompareIndex, type CompareIndexEntry as IndexEntry } from '../lib/compare-index.ts';
const DIFF_CLASSES = ['diff-only-here', 'diff-other-version', 'diff-better', 'diff-worse', 'diff-field'];

const form = document.querySelector<HTMLFormElement>('form[data-compare-picker]');
const grid = document.querySelector<HTMLElement>('[data-compare-grid]');

function columnsOf(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[data-compare-column]')];
}

function numberOrNull(text: string | undefined): number | null {
  return text === undefined || text === '' ? null : Number(text);
}

function factsOf(column: HTMLElement): ColumnFacts {
  const metric = (name: PerformanceMetric) => numberOrNull(column.querySelector<HTMLElement>(`[data-metric="${name}"]`)?.dataset.value);
  const field = (name: InfraField) => column.querySelector<HTMLElement>(`[data-field="${name}"]`)?.dataset.value || null;
  return {
    id: column.dataset.id ?? '',
    self: column.dataset.self === 'true',
    technologies: new Map([...column.querySelectorAll<HTMLElement>('[data-tech]')].map((item) => [item.dataset.tech ?? '', item.dataset.version || null])),
    grade: column.dataset.grade || null,
    metrics: { ttfbMs: metric('ttfbMs'), fcpMs: metric('fcpMs'), lcpMs: metric('lcpMs'), cls: metric('cls'), transferBytes: metric('transferBytes') },
    infra: { hosting: field('hosting'), cdn: field('cdn'), tlsIssuer: field('tlsIssuer') },
  };
}

function mark(element: Element | null, kind: string | null, note: string): void {
  if (!element) return;
  element.classList.remove(...DIFF_CLASSES);
  if (kind) element.classList.add(kind);
  const noteElement = element.querySelector('[data-note]');
  if (noteElement) noteElement.textContent = note;
}

function paint(column: HTMLElement, diff: ColumnDifferences | null, isReference: boolean): void {
  column.classList.toggle('is-reference', isReference);
  const badge = column.querySelector<HTMLElement>('[data-reference-badge]');
  if (badge) badge.hidden = !isReference;
  for (const item of column.querySelectorAll<HTMLElement>('[data-tech]')) {
    const kind = diff?.technologies.get(item.dataset.tech ?? '') ?? null;
    mark(item, kind ? `diff-${kind}` : null, kind ? TECHNOLOGY_NOTES[kind] : '');
  }
  const missing = column.querySelector('[data-missing]');
  if (missing) missing.textContent = diff ? missingNote(diff.missing) : '';
  mark(column.querySelector('[data-grade-cell]'), diff?.grade ? `diff-${diff.grade}` : null, diff?.grade ? gradeNote(diff.grade) : '');
  for (const metric of COMPARE_METRICS) {
    const ratio = diff?.metrics[metric];
    mark(
      column.querySelector(`[data-metric="${metric}"]`),
      ratio === undefined ? null : ratio > 0 ? 'diff-worse' : 'diff-better',
      ratio === undefined ? '' : metricNote(metric, ratio),
    );
  }
  for (const field of INFRA_FIELDS) {
    const cell = column.querySelector(`[data-field="${field}"]`);
    cell?.classList.toggle('diff-field', diff?.infra.has(field) ?? false);
  }
}

/** Marks differences against the reference and puts every chart of a metric on one scale. */
function apply(container: HTMLElement): void {
  const columns = columnsOf(container);
  const facts = columns.map(factsOf);
  const reference = referenceOf(facts);
  columns.forEach((column, index) => {
    const own = facts[index];
    const isReference = own !== undefined && own === reference;
    paint(column, reference && own && !isReference ? differences(reference, own) : null, isReference);
  });
  for (const metric of COMPARE_METRICS) {
    const charts = [...container.querySelectorAll<SVGElement>(`svg[data-chart="${metric}"]`)];
    const scale = Math.max(0, ...charts.map((chart) => Number(chart.dataset.max ?? 0)));
    for (const chart of charts) chart.setAttribute('viewBox', chartViewBox(scale > 0 ? scale : 1));
  }
  container.style.setProperty('--columns', String(columns.length));
}

async function fetchIndex(url: string): Promise<IndexEntry[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const entries = readCompareIndex(await response.json());
  if (!entries) throw new Error(`${url}: not a list of monitors`);
  return entries;
}

async function fetchColumn(url: string): Promise<HTMLElement> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const column = doc.querySelector<HTMLElement>('[data-compare-column]');
  if (!column) throw new Error(`${url}: no compare column in the page`);
  return document.importNode(column, true);
}

async function setUp(picker: HTMLFormElement, container: HTMLElement): Promise<void> {
  const output = picker.querySelector('output');
  const say = (text: string) => {
    if (output) output.textContent = text;
  };
  const entries = await fetchIndex(picker.dataset.index ?? '');
  const known = new Map(entries.map((entry) => [entry.id, entry]));
  const columnBase = picker.dataset.columns ?? '';
  const options = picker.querySelector('datalist');
  for (const entry of entries) {
    const option = document.createElement('option');
    option.value = entry.id;
    option.label = entry.name;
    options?.append(option);
  }
  const chosenList = picker.querySelector('[data-compare-chosen]');
  const current = () => columnsOf(container).map((column) => column.dataset.id ?? '');

  const renderChosen = () => {
    if (!chosenList) return;
    chosenList.replaceChildren(
      ...current().map((id) => {
        const item = document.createElement('li');
        item.textContent = `${known.get(id)?.name ?? id} `;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove ${known.get(id)?.name ?? id}`);
        remove.disabled = current().length <= MIN_COLUMNS;
        remove.addEventListener(
          'click',
          () =>
            void show(
              current().filter((other) => other !== id),
              true,
            ),
        );
        item.append(remove);
        return item;
      }),
    );
  };

  const show = async (ids: readonly string[], updateUrl: boolean) => {
    const selection = parseSelection(ids, known);
    if (!selection) {
      say(`Compare at least ${MIN_COLUMNS} sites.`);
      return;
    }
    say('Loading…');
    const have = new Map(columnsOf(container).map((column) => [column.dataset.id ?? '', column]));
    const columns = await Promise.all(selection.map((id) => have.get(id) ?? fetchColumn(`${columnBase}${id}/`)));
    container.replaceChildren(...columns);
    apply(container);
    renderChosen();
    say(`${selection.length} sites compared.`);
    if (updateUrl) window.history.replaceState(null, '', `${window.location.pathname}?m=${selection.join(',')}${window.location.hash}`);
  };

  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    const field = picker.elements.namedItem('add');
    if (!(field instanceof HTMLInputElement)) return;
    const wanted = field.value.trim();
    const entry = known.get(wanted) ?? entries.find((candidate) => candidate.name.toLowerCase() === wanted.toLowerCase());
    if (!entry) return say(`No monitored site is called “${wanted}”.`);
    if (current().includes(entry.id)) return say(`${entry.name} is already compared.`);
    if (current().length >= MAX_COLUMNS) return say(`At most ${MAX_COLUMNS} sites: remove one first.`);
    field.value = '';
    void show([...current(), entry.id], true);
  });

  picker.hidden = false;
  const requested = new URLSearchParams(window.location.search).getAll('m');
  if (requested.length > 0) await show(requested, false);
  else {
    apply(container);
    renderChosen();
  }
}

if (form && grid) {
  setUp(form, grid).catch((error: unknown) => {
    const output = form.querySelector('output');
    if (output) output.textContent = `The picker could not load: ${error instanceof Error ? error.message : String(error)}`;
    console.error(error);
  });
}
