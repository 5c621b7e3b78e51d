import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.ts';

const validateReport = z.object({
  valid: z.boolean(),
  problems: z.array(z.object({ file: z.string(), line: z.number(), col: z.number(), path: z.string(), message: z.string() })),
});

const BROKEN = join(FIXTURES, 'monitors-broken');
const shown = relative(REPO_ROOT, BROKEN);

/** Every broken fixture and the exact line validate prints for it. */
const EXPECTED: readonly [file: string, message: string][] = [
  ['acme/Bad Name.yaml:1:1', '"acme/Bad Name" cannot be a monitor id: folder and file names are lowercase letters, digits and hyphens'],
  ['acme/bad-cron.yaml:3:11', 'schedule: "61 * * * *" is not a valid cron expression: Constraint error, got value 61 expected range 0-59'],
  ['acme/bad-depth.yaml:5:10', 'scan.depth: "fast" is not one of light, standard, deep'],
  ['acme/bad-email.yaml:7:7', 'alerts.recipients[1]: "bob@" is not an email address'],
  ['acme/bad-regex.yaml:6:16', 'scan.ignore.patterns[0]: not a valid regular expression: /(unclosed/giu: Unterminated group'],
  ['acme/bad-severity-override.yaml:6:5', 'changes.severity.tech_added: unknown key "tech_added" (did you mean "technology_added"?)'],
  ['acme/bad-tag.yaml:4:8', 'tags[0]: "Retail" is not a tag: use lowercase letters, digits and hyphens'],
  ['acme/bad-timezone.yaml:4:11', 'timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)'],
  [
    'acme/bad-trigger.yaml:5:14',
    'alerts.triggers[0]: "tech_added" is not one of technology_added, technology_removed, technology_version_changed, … (15 values) (did you mean "technology_added"?)',
  ],
  ['acme/bad-webhook.yaml:5:12', 'alerts.webhook: "not a url" is not an http(s) URL'],
  ['acme/duplicate-key.yaml:2:1', 'YAML: Map keys must be unique'],
  ['acme/empty.yaml:1:1', 'empty file: a monitor needs at least name, url and schedule'],
  ['acme/ftp-url.yaml:2:6', 'url: "ftp://files.example/" is not an http(s) URL'],
  ['acme/list-not-mapping.yaml:1:1', 'expected a mapping of keys (name, url, schedule, …)'],
  ['acme/missing-name.yaml:1:1', 'name: is required'],
  ['acme/nested-unknown-key.yaml:5:3', 'scan.dept: unknown key "dept" (did you mean "depth"?)'],
  ['acme/reference.yaml:2:6', `url: https://reference.example/ is already monitored by acme/duplicate-url (${shown}/acme/duplicate-url.yaml)`],
  ['acme/short-timeout.yaml:5:19', 'scan.timeoutSeconds: must be at least 5, got 1'],
  ['acme/six-field-cron.yaml:3:11', 'schedule: "0 0 * * * *" has 6 fields; a schedule has 5 (minute hour day-of-month month day-of-week)'],
  ['acme/unknown-key.yaml:4:1', 'tgas: unknown key "tgas" (did you mean "tags"?)'],
  ['acme/wrong-type.yaml:4:10', 'enabled: expected true or false, got "yes"'],
  ['acme/yaml-syntax.yaml:1:22', 'YAML: Missing closing "quote'],
  ['globex/_defaults.yaml:3:11', 'alerts.digest: "hourly" is not one of immediate, daily, weekly'],
  ['nested/deeper/too-deep.yaml:1:1', 'monitor files sit directly in an organization folder (monitors/<organization>/<slug>.yaml), not deeper'],
  ['stray.yaml:1:1', 'monitor files belong in an organization folder: move it to monitors/<organization>/'],
];

describe('validate on broken configs', () => {
  it('reports every problem in every file with file:line:col, and exits 1', async () => {
    const result = await runCli(['validate', '--monitors', BROKEN]);
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, -1)).toEqual(EXPECTED.map(([where, message]) => `${shown}/${where}: ${message}`));
    expect(lines.at(-1)).toBe(`✗ ${EXPECTED.length} problems in ${EXPECTED.length} files`);
    expect(result.code).toBe(1);
  });

  it.each(EXPECTED)('%s alone is reported when its path is given', async (where, message) => {
    const file = join(BROKEN, where.replace(/:\d+:\d+$/, ''));
    const result = await runCli(['validate', '--monitors', BROKEN, '--json', file]);
    const report = validateReport.parse(JSON.parse(result.stdout));
    expect(report.valid).toBe(false);
    const formatted = report.problems.map(
      (problem) => `${problem.file}:${problem.line}:${problem.col}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`,
    );
    expect(formatted).toEqual([`${shown}/${where}: ${message}`]);
    expect(result.code).toBe(1);
  });

  it('points at a file outside the monitors folder and at a missing file', async () => {
    const result = await runCli(['validate', '--monitors', BROKEN, 'README.md', 'monitors/acme/nope.yaml']);
    expect(result.stdout).toContain(`README.md:1:1: not inside the monitors folder (${shown}/)`);
    expect(result.stdout).toContain('monitors/acme/nope.yaml:1:1: file not found');
    expect(result.code).toBe(1);
  });

  it('emits GitHub annotations with file and line inside Actions', async () => {
    const result = await spawnCli(['validate', '--monitors', BROKEN], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error title=techscan validate (schema),file=${shown}/acme/bad-email.yaml,line=7,col=7::alerts.recipients[1]: "bob@" is not an email address`,
    );
    expect(result.stdout.match(/^::error /gm)).toHaveLength(EXPECTED.length);
  });
});

describe('validate on the example monitors', () => {
  it('passes', async () => {
    const result = await runCli(['validate']);
    expect(result.stdout).toMatch(/^✓ \d+ monitors valid\n$/);
    expect(result.code).toBe(0);
  });
});
