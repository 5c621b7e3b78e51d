import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../scripts/errors.ts';
import { MAX_CHANGE_ROWS, renderJobSummary, writeJobSummary, type JobSummaryInput } from '../../scripts/github/summary.ts';
import { validateConfigs } from '../../scripts/monitors/load.ts';
import { changeSchema, type Change } from '../../scripts/schema/change.ts';
import type { Severity } from '../../scripts/schema/common.ts';
import { job } from '../helpers/records.ts';
import { runRecord } from '../publish/run-record.ts';

const SITE = 'https://acme.github.io/techscan/';
const { monitors } = validateConfigs(
  ['shopwave', 'cartly'].map((slug) => ({
    relPath: `acme/${slug}.yaml`,
    file: `monitors/acme/${slug}.yaml`,
    text: `name: ${slug[0]?.toUpperCase()}${slug.slice(1)}\nurl: https://${slug}.example/\nschedule: "0 */6 * * *"\n`,
  })),
);

function change(id: string, severity: Severity, summary: string, monitor = 'acme/shopwave'): Change {
  return changeSchema.parse({
    schemaVersion: 1,
    id,
    monitor,
    severity,
    detectedAt: '2026-11-28T12:18:00.000Z',
    fromScan: 'scan-1',
    toScan: 'scan-2',
    summary,
    type: 'technology_added',
    data: { technology: 'React', version: '19.0.0', previousVersion: null, confidence: 100, categories: ['JavaScript frameworks'] },
  });
}

const failedAttempt = (attempt: number) =>
  job({
    monitor: 'acme/cartly',
    attempt,
    startedAt: `2026-11-28T12:17:0${attempt}.000Z`,
    status: 'timed_out',
    durationMs: 60_000,
    error: { kind: 'timeout', message: 'page load exceeded 60 s <script>alert(1)</script>' },
  });

const input = (overrides: Partial<JobSummaryInput> = {}): JobSummaryInput => ({
  run: runRecord({
    monitors: 2,
    due: 2,
    skipped: 0,
    scanned: 1,
    failed: 1,
    retried: 2,
    changes: { total: 3, high: 1, medium: 1, low: 1 },
    digests: { sent: 2, failed: 0 },
  }),
  jobs: [job({ monitor: 'acme/shopwave', durationMs: 2400 }), failedAttempt(1), failedAttempt(2), failedAttempt(3)],
  changes: [
    change('c-low', 'low', 'jQuery 3.6.0 → 3.7.1'),
    change('c-high', 'high', 'React added <img src=x onerror=alert(1)>'),
    change('c-medium', 'medium', 'Security grade B → C'),
  ],
  monitors,
  siteBaseUrl: SITE,
  digests: { sent: 2, failed: 0 },
  ...overrides,
});

/** Reads the step outputs the runner would: `name<<DELIMITER`, value lines, `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}

// @actions/core remembers the summary file of its first write, so one file serves this suite.
let dir = '';
let summaryFile = '';
let outputFile = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'techscan-summary-'));
  summaryFile = join(dir, 'step-summary.md');
  outputFile = join(dir, 'output.txt');
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Runs writeJobSummary and returns what it printed on stdout (annotations are workflow commands there). */
async function write(summaryInput: JobSummaryInput): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  await writeJobSummary(summaryInput);
  vi.restoreAllMocks();
  return stdout;
}

describe('writeJobSummary', () => {
  it('writes the summary to $GITHUB_STEP_SUMMARY: overview, changes by severity, failures, scanned monitors, digests, links', async () => {
    await write(input());
    const html = await readFile(summaryFile, 'utf8');

    expect(html).toContain('<h2>TechScan run: 2 scans, 3 changes</h2>');
    expect(html).toContain('Scheduled run at 2026-11-28 12:17 UTC · 2 monitors, 2 due, 0 not due · 1 scanned, 1 failed, 2 retries · took 2 min 4 s');
    expect(html).toContain(`<a href="${SITE}">Dashboard</a> · <a href="${SITE}changes/">Changes</a> · <a href="${SITE}runs/">Runs</a>`);
    expect(html).toContain('<tr><th>🔴 high</th><th>🟠 medium</th><th>⚪ low</th></tr><tr><td>1</td><td>1</td><td>1</td></tr>');
    const order = ['c-high', 'c-medium', 'c-low'].map((id) => html.indexOf(`#change-${id}`));
    expect(order.every((position, index) => position > 0 && (index === 0 || position > (order[index - 1] ?? 0)))).toBe(true);
    expect(html).toContain(`<a href="${SITE}monitors/acme/shopwave/">Shopwave</a> <code>acme/shopwave</code>`);
    expect(html).toContain('<h3>Failures (1)</h3>');
    expect(html).toMatch(
      /Cartly<\/a> <code>acme\/cartly<\/code><\/td><td>⏱️ timed out<\/td><td><code>timeout<\/code> page load exceeded 60 s &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td><td>3<\/td>/,
    );
    expect(html).toContain('<h3>Scanned monitors (2)</h3>');
    expect(html).toMatch(/Shopwave<\/a> <code>acme\/shopwave<\/code><\/td><td>https:\/\/shopwave.example\/<\/td><td>✅ ok<\/td><td>1<\/td><td>2.4 s<\/td>/);
    expect(html).toContain('<p>2 digests sent.</p>');
  });

  it('escapes text from scanned sites: no markup of theirs reaches the page', async () => {
    await write(input());
    const html = await readFile(summaryFile, 'utf8');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('React added &lt;img src=x onerror=alert(1)&gt;');
  });

  it('sets the step outputs changes, high_changes and failed in $GITHUB_OUTPUT', async () => {
    await write(input());
    expect(parseOutputs(await readFile(outputFile, 'utf8'))).toEqual({ changes: '3', high_changes: '1', failed: '1' });
  });

  it('annotates each failed monitor on its YAML file', async () => {
    const stdout = await write(input());
    expect(stdout).toContain('::warning title=TechScan scan failed,file=monitors/acme/cartly.yaml::acme/cartly: timeout: page load exceeded 60 s');
    expect(stdout).not.toContain('acme/shopwave');
  });

  it('appends: a second run in the same job keeps the first summary', async () => {
    await write(input());
    await write(
      input({ run: runRecord({ id: 'run-2', scanned: 0, failed: 0, due: 0, changes: { total: 0, high: 0, medium: 0, low: 0 } }), jobs: [], changes: [] }),
    );
    const html = await readFile(summaryFile, 'utf8');
    expect(html.match(/<h2>/g)).toHaveLength(2);
    expect(html).toContain('<p>Nothing was due.</p>');
  });

  it('refuses to run outside GitHub Actions instead of printing workflow commands', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    await expect(writeJobSummary(input())).rejects.toThrow(EnvironmentError);
    expect(await readFile(outputFile, 'utf8')).toBe('');
  });
});

describe('renderJobSummary', () => {
  it('leaves links out when no site URL is known', () => {
    const html = renderJobSummary(input({ siteBaseUrl: null }));
    expect(html).not.toContain('<a ');
    expect(html).toContain('Shopwave <code>acme/shopwave</code>');
  });

  it(`lists at most ${MAX_CHANGE_ROWS} changes and links to the rest`, () => {
    const many = Array.from({ length: MAX_CHANGE_ROWS + 10 }, (_, index) => change(`c${index}`, 'low', `change ${index}`));
    const html = renderJobSummary(input({ changes: many }));
    expect(html.match(/#change-c\d+/g)).toHaveLength(MAX_CHANGE_ROWS);
    expect(html).toContain(`… and 10 more changes on <a href="${SITE}changes/">the site</a>.`);
  });
});
