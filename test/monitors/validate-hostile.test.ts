import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfigFiles } from '../../scripts/monitors/files.ts';
import { validateConfigs, type ConfigFile } from '../../scripts/monitors/load.ts';
import { formatProblem } from '../../scripts/monitors/problem.ts';
import { z } from 'zod';
import { runCli } from '../helpers/cli.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Hostile monitor configs: YAML bombs, self-referencing anchors, merge keys, deep nesting, huge
 * and non-UTF-8 files, symbolic links, control characters and header injection in names,
 * recipients, the sender and webhook URLs, private and metadata targets in every notation,
 * path-traversal file names, colliding ids. Each one is rejected within a second with located
 * messages, and nothing crashes.
 */

const HOSTILE = join(FIXTURES, 'monitors-hostile');
const shown = relative(REPO_ROOT, HOSTILE);
const WITHIN_MS = 1_000;

const report = z.object({
  valid: z.boolean(),
  problems: z.array(z.object({ file: z.string(), line: z.number(), col: z.number(), path: z.string(), message: z.string() })),
});

/** Every file of the corpus and exactly what validate says about it. */
const EXPECTED: readonly [file: string, problems: readonly string[]][] = [
  [
    '_settings.yaml',
    [
      '2:9: mail.from: "TechScan <techscan@acme.example>\\r\\nBcc: all@evil.example" must not contain control characters (line breaks, tabs, NUL, bidi overrides)',
    ],
  ],
  ['acme/....yaml', ['1:1: "acme/..." cannot be a monitor id: folder and file names are lowercase letters, digits and hyphens']],
  ['acme/..\\..\\evil.yaml', ['1:1: "acme/..\\..\\evil" cannot be a monitor id: folder and file names are lowercase letters, digits and hyphens']],
  [
    'acme/..%2f..%2fetc%2fpasswd.yaml',
    ['1:1: "acme/..%2f..%2fetc%2fpasswd" cannot be a monitor id: folder and file names are lowercase letters, digits and hyphens'],
  ],
  ['acme/alias-cycle.yaml', ['4:14: YAML: an alias refers to a value that contains it']],
  ['acme/anchor-reuse.yaml', ['6:3: alerts.webhook: expected text, got a list']],
  ['acme/billion-laughs.yaml', ['5:10: YAML: aliases expand to too much data (at most 50 alias uses): a YAML bomb?']],
  ['acme/complex-key.yaml', ['1:1: [ a, b ]: unknown key "[ a, b ]"']],
  ['acme/constructor-key.yaml', ['5:3: scan.constructor: unknown key "constructor"']],
  ['acme/crlf-line-endings.yaml', ['5:10: scan.depth: "fast" is not one of light, standard, deep']],
  ['acme/deep-nesting.yaml', ['1:1: YAML: nested deeper than 16 levels']],
  ['acme/duplicate-url-key.yaml', ['4:1: YAML: Map keys must be unique']],
  ['acme/empty-key.yaml', ['4:1: unknown key ""']],
  ['acme/huge-name.yaml', ['1:7: name: must be at most 120 characters']],
  ['acme/huge.yaml', ['1:1: file is 70060 bytes; a config file may have at most 65536']],
  ['acme/js-tag.yaml', ['4:14: YAML: Unresolved tag: tag:yaml.org,2002:js/function']],
  ['acme/key-case.yaml', ['4:1: Name: unknown key "Name" (did you mean "name"?)']],
  ['acme/latin1.yaml', ['1:11: file is not valid UTF-8 (save it as UTF-8)']],
  ['acme/link.yaml', ['1:1: is a symbolic link; monitor files must be regular files']],
  ['acme/many-recipients.yaml', ['6:5: alerts.recipients: must have at most 100 items']],
  [
    'acme/merge-key.yaml',
    [
      '1:1: name: is required',
      '1:1: url: is required',
      '1:1: schedule: is required',
      '1:1: base: unknown key "base" (did you mean "name"?)',
      '5:1: <<: unknown key "<<"',
    ],
  ],
  ['acme/multi-document.yaml', ['4:1: YAML: Source contains multiple documents; please use YAML.parseAllDocuments()']],
  ['acme/name-bidi.yaml', ['1:7: name: "Acme \\u202egnp.exe" must not contain control characters (line breaks, tabs, NUL, bidi overrides)']],
  ['acme/name-crlf.yaml', ['1:7: name: "Acme\\r\\nBcc: victim@evil.example" must not contain control characters (line breaks, tabs, NUL, bidi overrides)']],
  ['acme/name-list.yaml', ['1:7: name: expected text, got a list']],
  ['acme/name-nul.yaml', ['1:7: name: "Acme\\u0000" must not contain control characters (line breaks, tabs, NUL, bidi overrides)']],
  ['acme/name-tab.yaml', ['1:7: name: "Acme\\tCorp" must not contain control characters (line breaks, tabs, NUL, bidi overrides)']],
  ['acme/never-fires.yaml', ['3:11: schedule: "0 0 31 2 *" is not a valid cron expression: Invalid explicit day of month definition']],
  ['acme/nul-byte.yaml', ['4:15: file contains a NUL byte']],
  ['acme/proto-key.yaml', ['4:1: __proto__: unknown key "__proto__"']],
  ['acme/recipient-crlf.yaml', ['5:16: alerts.recipients[0]: "intel@acme.example\\r\\nBcc: all@evil.example" is not an email address']],
  ['acme/recipient-header.yaml', ['5:16: alerts.recipients[0]: "Bcc: a@evil.example" is not an email address']],
  ['acme/recipient-list.yaml', ['5:16: alerts.recipients[0]: "a@acme.example, b@evil.example" is not an email address']],
  ['acme/scalar.yaml', ['1:1: expected a mapping of keys (name, url, schedule, \u2026)']],
  ['acme/schedule-number.yaml', ['3:11: schedule: expected text, got 5']],
  ['acme/step-zero.yaml', ['3:11: schedule: "*/0 * * * *" is not a valid cron expression: Constraint error, cannot repeat at every 0 time.']],
  ['acme/threshold-nan.yaml', ['5:32: alerts.performanceThresholdPercent: expected a number, got NaN']],
  ['acme/timeout-infinity.yaml', ['5:19: scan.timeoutSeconds: expected a number, got Infinity']],
  ['acme/too-many-patterns.yaml', ['7:5: scan.ignore.patterns: must have at most 50 items']],
  ['acme/twin.yml', ['1:1: the monitor id acme/twin is already taken by test/fixtures/monitors-hostile/acme/twin.yaml: one of the two files must go']],
  ['acme/url-credentials.yaml', ['2:6: url: must not carry a user name or password (they would be recorded and published)']],
  [
    'acme/url-decimal.yaml',
    [
      '2:6: url: http://2130706433/ names 127.0.0.1, a loopback address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true',
    ],
  ],
  ['acme/url-file.yaml', ['2:6: url: "file:///etc/passwd" is not an http(s) URL']],
  [
    'acme/url-hex.yaml',
    [
      '2:6: url: http://0x7f.1/ names 127.0.0.1, a loopback address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true',
    ],
  ],
  [
    'acme/url-mapped.yaml',
    [
      '2:6: url: http://[::ffff:169.254.169.254]/ names ::ffff:a9fe:a9fe, a link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6 address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true',
    ],
  ],
  ['acme/url-mapping.yaml', ['2:6: url: expected text, got a mapping']],
  [
    'acme/url-metadata.yaml',
    [
      '2:6: url: http://169.254.169.254/latest/meta-data/ names 169.254.169.254, a link-local (cloud metadata) address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true',
    ],
  ],
  [
    'acme/url-octal.yaml',
    [
      '2:6: url: http://017700000001/ names 127.0.0.1, a loopback address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true',
    ],
  ],
  ['acme/url-too-long.yaml', ['2:6: url: must be at most 2048 characters']],
  ['acme/utf16.yaml', ['1:1: file is UTF-16; save it as UTF-8']],
  ['acme/utf8-bom.yaml', ['4:10: enabled: expected true or false, got "yes"']],
  ['acme/very-deep-nesting.yaml', ['4:23: YAML: nested deeper than 16 levels']],
  ['acme/webhook-credentials.yaml', ['5:12: alerts.webhook: must not carry a user name or password (they would be recorded and published)']],
  ['acme/webhook-crlf.yaml', ['5:12: alerts.webhook: must not contain spaces or control characters']],
  ['acme/webhook-javascript.yaml', ['5:12: alerts.webhook: "javascript:alert(1)" is not an http(s) URL']],
  ['acme/webhook-space.yaml', ['5:12: alerts.webhook: must not contain spaces or control characters']],
];

function formatted(problems: z.infer<typeof report>['problems']): string[] {
  return problems.map((problem) => `${problem.file}:${problem.line}:${problem.col}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
}

describe('validate on hostile configs', () => {
  it('has a corpus of at least 40 files', () => {
    expect(EXPECTED.length).toBeGreaterThanOrEqual(40);
  });

  let corpus: ConfigFile[] = [];
  beforeAll(async () => void (corpus = await readConfigFiles(HOSTILE, REPO_ROOT)));

  it.each(EXPECTED)('%s is rejected within a second, with located messages', (file, problems) => {
    // The file alone (a colliding id needs the file it collides with).
    const files = corpus.filter((entry) => entry.relPath === file || (file === 'acme/twin.yml' && entry.relPath === 'acme/twin.yaml'));
    const started = performance.now();
    const result = validateConfigs(files);
    const elapsed = performance.now() - started;
    expect(result.problems.filter((problem) => problem.file === `${shown}/${file}`).map(formatProblem)).toEqual(
      problems.map((problem) => `${shown}/${file}:${problem}`),
    );
    expect(result.monitors.map((monitor) => monitor.file)).not.toContain(`${shown}/${file}`);
    expect(elapsed).toBeLessThan(WITHIN_MS);
  });

  it('reports the whole corpus in one run, every file, and exits 1', async () => {
    const result = await runCli(['validate', '--monitors', HOSTILE]);
    const lines = result.stdout.trim().split('\n');
    const count = EXPECTED.reduce((sum, [, problems]) => sum + problems.length, 0);
    expect(lines.slice(0, -1)).toEqual(EXPECTED.flatMap(([file, problems]) => problems.map((problem) => `${shown}/${file}:${problem}`)));
    expect(lines.at(-1)).toBe(`✗ ${count} problems in ${EXPECTED.length} files`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  /** Generated, not committed: sizes no repository should hold. */
  it.each([
    [
      'a 30 MB file',
      () => `name: Big\nurl: https://big.example/\nschedule: "@daily"\n# ${'x'.repeat(30 * 1024 * 1024)}\n`,
      /^1:1: file is 314\d{5} bytes; a config file may have at most 65536$/,
    ],
    ['a 60 KB bracket bomb', () => `tags: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n`, /^1:23: YAML: nested deeper than 16 levels$/],
  ] as const)('%s is rejected within a second', async (_name, content, expected) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'acme'));
    await writeFile(join(dir, 'acme', 'generated.yaml'), content());
    const started = performance.now();
    const result = await runCli(['validate', '--monitors', dir, '--json'], { cwd: dir });
    const elapsed = performance.now() - started;
    const problems = formatted(report.parse(JSON.parse(result.stdout)).problems).map((problem) => problem.replace('acme/generated.yaml:', ''));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
    expect(elapsed).toBeLessThan(WITHIN_MS);
  });
});
