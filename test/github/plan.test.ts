import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../scripts/errors.ts';
import { featureNotices, isDigestHour, parseRequestedIds, planRun, type PlanRequest } from '../../scripts/github/plan.ts';
import { planStep } from '../../scripts/github/plan-step.ts';
import { validateConfigs, type ConfigFile } from '../../scripts/monitors/load.ts';
import { settingsFileSchema } from '../../scripts/schema/monitor.ts';
import { openStore } from '../../scripts/store/store.ts';
import { job, scan } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

const SIX_HOURLY = '"0 */6 * * *"';
const FILES: Record<string, string> = {
  'acme/shopwave.yaml': `name: Shopwave\nurl: https://shopwave.example/\nschedule: ${SIX_HOURLY}\n`,
  'acme/cartly.yaml': `name: Cartly\nurl: https://cartly.example/\nschedule: ${SIX_HOURLY}\nalerts:\n  githubIssue: true\n`,
  'globex/paynest.yaml': `name: Paynest\nurl: https://paynest.example/\nschedule: ${SIX_HOURLY}\nenabled: false\nalerts:\n  githubIssue: true\n`,
};
const configFiles = (files: Record<string, string>): ConfigFile[] =>
  Object.entries(files).map(([relPath, text]) => ({ relPath, file: `monitors/${relPath}`, text }));
const { monitors, settings } = validateConfigs(configFiles(FILES));

const NOW = new Date('2026-11-28T12:17:00Z'); // the 12:00 fire time has passed
const BEFORE_FIRE = new Date('2026-11-28T11:00:00Z');
const AFTER_FIRE = new Date('2026-11-28T12:01:00Z');
const NO_REQUEST: PlanRequest = { requested: [], force: false };
const scannedAt = (entries: Record<string, Date>) => new Map(Object.entries(entries));

describe('planRun', () => {
  it.each([
    {
      name: 'never-scanned monitors are due',
      lastScans: scannedAt({}),
      expected: { scan: true, monitors: ['acme/shopwave', 'acme/cartly'], reason: '2 due: acme/shopwave, acme/cartly' },
    },
    {
      name: 'a monitor whose schedule fired since its last scan is due',
      lastScans: scannedAt({ 'acme/cartly': AFTER_FIRE, 'acme/shopwave': BEFORE_FIRE }),
      expected: { scan: true, monitors: ['acme/shopwave'] },
    },
    {
      name: 'nothing due: the scanning job does not start',
      lastScans: scannedAt({ 'acme/cartly': AFTER_FIRE, 'acme/shopwave': AFTER_FIRE }),
      expected: { scan: false, monitors: [], reason: 'nothing due' },
    },
  ])('$name', ({ lastScans, expected }) => {
    expect(planRun({ monitors, settings, lastScans, now: NOW, request: NO_REQUEST })).toMatchObject({ only: [], force: false, ...expected });
  });

  it('starts the scanning job in the digest hour even when nothing is due', () => {
    const berlinEight = settingsFileSchema.parse({ digests: { hour: 8, timezone: 'Europe/Berlin' } });
    const lastScans = scannedAt({ 'acme/cartly': AFTER_FIRE, 'acme/shopwave': AFTER_FIRE });
    const plan = planRun({ monitors, settings: berlinEight, lastScans, now: new Date('2026-11-28T07:17:00Z'), request: NO_REQUEST });
    expect(plan).toMatchObject({ scan: true, monitors: [], reason: 'nothing due; digest hour' });
  });

  it('scans the requested monitors now, whatever their schedule, disabled ones included', () => {
    const lastScans = scannedAt({ 'acme/cartly': AFTER_FIRE, 'acme/shopwave': AFTER_FIRE });
    const plan = planRun({ monitors, settings, lastScans, now: NOW, request: { requested: ['globex/paynest', 'acme/cartly', 'acme/cartly'], force: false } });
    expect(plan).toMatchObject({ scan: true, only: ['globex/paynest', 'acme/cartly'], force: false, reason: 'requested: globex/paynest, acme/cartly' });
  });

  it('fails fast on an unknown monitor id, with a suggestion', () => {
    const plan = () => planRun({ monitors, settings, lastScans: scannedAt({}), now: NOW, request: { requested: ['acme/cartli'], force: false } });
    expect(plan).toThrow(UsageError);
    expect(plan).toThrow('unknown monitor "acme/cartli" (did you mean "acme/cartly"?)');
  });

  it('forces every enabled monitor', () => {
    const lastScans = scannedAt({ 'acme/cartly': AFTER_FIRE, 'acme/shopwave': AFTER_FIRE });
    const plan = planRun({ monitors, settings, lastScans, now: NOW, request: { requested: [], force: true } });
    expect(plan).toMatchObject({ scan: true, force: true, only: [], monitors: ['acme/shopwave', 'acme/cartly'] });
  });

  it.each([
    { name: 'an enabled monitor with githubIssue asks for issues: write', files: FILES, expected: true },
    {
      name: 'a disabled one does not',
      files: { 'globex/paynest.yaml': FILES['globex/paynest.yaml'] ?? '' },
      expected: false,
    },
    { name: 'nor a monitor without it', files: { 'acme/shopwave.yaml': FILES['acme/shopwave.yaml'] ?? '' }, expected: false },
  ])('$name', ({ files, expected }) => {
    const config = validateConfigs(configFiles(files));
    const plan = planRun({ monitors: config.monitors, settings, lastScans: scannedAt({}), now: NOW, request: NO_REQUEST });
    expect(plan.githubIssues).toBe(expected);
  });
});

describe('isDigestHour', () => {
  it.each([
    ['08:17 UTC, digests at 8 UTC', { hour: 8 }, '2026-11-28T08:17:00Z', true],
    ['09:17 UTC, digests at 8 UTC', { hour: 8 }, '2026-11-28T09:17:00Z', false],
    ['07:17 UTC is 08:17 in Berlin in winter', { hour: 8, timezone: 'Europe/Berlin' }, '2026-11-28T07:17:00Z', true],
    ['06:17 UTC is 08:17 in Berlin in summer', { hour: 8, timezone: 'Europe/Berlin' }, '2026-07-01T06:17:00Z', true],
    ['midnight is hour 0', { hour: 0 }, '2026-11-28T00:17:00Z', true],
  ])('%s', (_, digests, now, expected) => {
    expect(isDigestHour(settingsFileSchema.parse({ digests }), new Date(now))).toBe(expected);
  });
});

describe('parseRequestedIds', () => {
  it.each([
    ['', []],
    ['acme/a', ['acme/a']],
    [' acme/a  acme/b,globex/c ,\n', ['acme/a', 'acme/b', 'globex/c']],
  ])('%j', (text, expected) => {
    expect(parseRequestedIds(text)).toEqual(expected);
  });
});

describe('featureNotices', () => {
  const withFrom = settingsFileSchema.parse({ mail: { from: 'TechScan <techscan@acme.example>' } });
  it.each([
    {
      name: 'no SMTP: one notice, digests go to the outbox',
      secrets: { smtp: false, mailFrom: false },
      settings,
      expected: [/^Email digests are off: no SMTP_URL or SMTP_HOST secret/],
    },
    { name: 'SMTP without a sender', secrets: { smtp: true, mailFrom: false }, settings, expected: [/set the MAIL_FROM secret or mail.from/] },
    { name: 'SMTP with MAIL_FROM', secrets: { smtp: true, mailFrom: true }, settings, expected: [] },
    { name: 'SMTP with mail.from in settings', secrets: { smtp: true, mailFrom: false }, settings: withFrom, expected: [] },
  ])('$name', ({ secrets, settings: repoSettings, expected }) => {
    const notices = featureNotices(secrets, repoSettings);
    expect(notices).toHaveLength(expected.length);
    expected.forEach((pattern, index) => expect(notices[index]).toMatch(pattern));
  });
});

describe('planStep (the workflow step)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('reads monitors/ and data/ from the checkout and writes the step outputs', async () => {
    const repo = await tempDir();
    for (const [relPath, text] of Object.entries(FILES)) {
      await mkdir(join(repo, 'monitors', relPath, '..'), { recursive: true });
      await writeFile(join(repo, 'monitors', relPath), text);
    }
    await openStore(join(repo, 'data')).writeLatestScan(scan({ monitor: 'acme/cartly', scannedAt: AFTER_FIRE.toISOString() }));
    const outputFile = join(repo, 'github-output');
    await writeFile(outputFile, '');
    vi.stubEnv('GITHUB_OUTPUT', outputFile);
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });

    const plan = await planStep({ TECHSCAN_NOW: NOW.toISOString(), HAS_SMTP: 'false', HAS_MAIL_FROM: 'false' }, repo);
    vi.restoreAllMocks();

    expect(plan.monitors).toEqual(['acme/shopwave']);
    const outputs = Object.fromEntries([...(await readFile(outputFile, 'utf8')).matchAll(/^(\w+)<<(\S+)\n(.*)\n\2$/gm)].map((match) => [match[1], match[3]]));
    expect(outputs).toEqual({ scan: 'true', only: '', force: 'false', github_issues: 'true', count: '1', now: NOW.toISOString(), shards: '1', matrix: '[1]' });
    expect(stdout).toContain('Plan: scan (1 due: acme/shopwave)');
    expect(stdout.match(/::notice::Email digests are off/g)).toHaveLength(1);
  });

  it('splits the due monitors into shards when their recent scans take longer than one job should run', async () => {
    const repo = await tempDir();
    for (const [relPath, text] of Object.entries(FILES)) {
      await mkdir(join(repo, 'monitors', relPath, '..'), { recursive: true });
      await writeFile(join(repo, 'monitors', relPath), text);
    }
    await writeFile(join(repo, 'monitors', '_settings.yaml'), 'fanOut:\n  targetShardMinutes: 1\n  maxShards: 3\n');
    // Both scanned before the 12:00 fire time, each scan taking ten minutes: due, and costly.
    const tenMinutes = 600_000;
    await openStore(join(repo, 'data')).appendJobs(
      ['acme/shopwave', 'acme/cartly'].map((monitor) =>
        job({ id: monitor, monitor, runId: 'run-1', scheduledFor: BEFORE_FIRE.toISOString(), startedAt: BEFORE_FIRE.toISOString(), durationMs: tenMinutes }),
      ),
    );
    const outputFile = join(repo, 'github-output');
    await writeFile(outputFile, '');
    vi.stubEnv('GITHUB_OUTPUT', outputFile);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await planStep({ TECHSCAN_NOW: NOW.toISOString() }, repo);
    vi.restoreAllMocks();

    const outputs = Object.fromEntries([...(await readFile(outputFile, 'utf8')).matchAll(/^(\w+)<<(\S+)\n(.*)\n\2$/gm)].map((match) => [match[1], match[3]]));
    // 20 minutes of scans at 5 at once is 4 one-minute jobs; capped by the two monitors.
    expect(outputs).toMatchObject({ count: '2', shards: '2', matrix: '[1,2]' });
  });
});
