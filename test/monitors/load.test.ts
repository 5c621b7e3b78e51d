import { describe, expect, it } from 'vitest';
import { validateConfigs, type ConfigFile } from '../../scripts/monitors/load.ts';
import { CHANGE_TYPES } from '../../scripts/schema/change-types.ts';

function files(entries: Record<string, string>): ConfigFile[] {
  return Object.entries(entries).map(([relPath, text]) => ({ relPath, file: `monitors/${relPath}`, text }));
}

const THREE_LINES = 'name: Competitor X\nurl: https://x.example\nschedule: "@daily"\n';

describe('schema defaults', () => {
  it('makes a three-line file a complete monitor', () => {
    const { monitors, problems } = validateConfigs(files({ 'acme/competitor-x.yaml': THREE_LINES }));
    expect(problems).toEqual([]);
    expect(monitors).toHaveLength(1);
    const [monitor] = monitors;
    expect(monitor).toMatchObject({
      id: 'acme/competitor-x',
      organization: 'acme',
      slug: 'competitor-x',
      file: 'monitors/acme/competitor-x.yaml',
      name: 'Competitor X',
      url: 'https://x.example/',
      schedule: '@daily',
      timezone: 'UTC',
      enabled: true,
      tags: [],
      scan: {
        depth: 'standard',
        track: { technologies: true, performance: true, security: true, content: true },
        timeoutSeconds: 60,
        retries: 2,
        maxPages: 5,
        ignore: { selectors: [], patterns: [] },
      },
      alerts: {
        enabled: true,
        triggers: [...CHANGE_TYPES],
        minSeverity: 'medium',
        recipients: [],
        digest: 'daily',
        performanceThresholdPercent: 20,
        githubIssue: false,
      },
      changes: {
        confidenceFloor: 50,
        confirmScans: 2,
        removalAfterScans: 2,
        recentScans: 20,
        downAfterFailures: 2,
        performance: {
          baselineScans: 5,
          confirmScans: 2,
          noiseDeviations: 3,
          floors: { ttfbMs: 100, fcpMs: 200, lcpMs: 300, cls: 0.1, transferBytes: 51_200 },
        },
        content: {},
        certificateExpiryDays: 14,
        severity: {},
      },
    });
    expect(monitor?.alerts.webhook).toBeUndefined();
  });

  it('uses repository-wide settings defaults when there is no _settings.yaml', () => {
    const { settings } = validateConfigs(files({ 'acme/x.yaml': THREE_LINES }));
    expect(settings).toEqual({
      allowPrivateNetworks: false,
      site: {},
      digests: { hour: 8, weekday: 'monday', timezone: 'UTC' },
      mail: {},
      fanOut: { targetShardMinutes: 20, maxShards: 10 },
      retention: { fullScansDays: 90 },
    });
  });
});

describe('organization defaults', () => {
  const defaults = [
    'schedule: "0 */6 * * *"',
    'tags: [retail, b2b]',
    'scan:',
    '  depth: light',
    '  ignore:',
    '    selectors: [".promo"]',
    'alerts:',
    '  recipients: [Intel@Acme.example]',
    '  digest: weekly',
    '',
  ].join('\n');

  it('merges under each monitor of the folder, key by key', () => {
    const { monitors, problems } = validateConfigs(
      files({
        'acme/_defaults.yaml': defaults,
        'acme/a.yaml': 'name: A\nurl: https://a.example\n',
        'acme/b.yaml': 'name: B\nurl: https://b.example\nschedule: "@hourly"\ntags: [saas]\nscan:\n  timeoutSeconds: 30\nalerts:\n  digest: immediate\n',
        'globex/c.yaml': THREE_LINES,
      }),
    );
    expect(problems).toEqual([]);
    const [a, b, c] = monitors;
    expect(a).toMatchObject({ schedule: '0 */6 * * *', tags: ['retail', 'b2b'], scan: { depth: 'light', ignore: { selectors: ['.promo'] } } });
    expect(a?.alerts).toMatchObject({ recipients: ['intel@acme.example'], digest: 'weekly' });
    // The monitor's own values win; lists replace, mappings merge.
    expect(b).toMatchObject({ schedule: '@hourly', tags: ['saas'], scan: { depth: 'light', timeoutSeconds: 30 } });
    expect(b?.alerts).toMatchObject({ recipients: ['intel@acme.example'], digest: 'immediate' });
    // Another organization's monitors are untouched.
    expect(c).toMatchObject({ schedule: '@daily', tags: [], scan: { depth: 'standard' } });
  });

  it('reports a bad value that came from the defaults at its line in the defaults file', () => {
    const { problems } = validateConfigs(files({ 'acme/_defaults.yaml': 'scan:\n  timeoutSeconds: 2\n', 'acme/a.yaml': THREE_LINES }));
    expect(problems).toEqual([
      { file: 'monitors/acme/_defaults.yaml', line: 2, col: 19, path: 'scan.timeoutSeconds', message: 'must be at least 5, got 2', rule: 'schema' },
    ]);
  });

  it('refuses the retired changes.content.minChangedPercent with what replaced it, at its line', () => {
    const { problems } = validateConfigs(files({ 'acme/a.yaml': `${THREE_LINES}changes:\n  content:\n    minChangedPercent: 5\n` }));
    expect(problems).toEqual([
      {
        file: 'monitors/acme/a.yaml',
        line: 6,
        col: 24,
        path: 'changes.content.minChangedPercent',
        message:
          'content is compared block by block against the states each block had in recent scans (changes.recentScans), so a share of changed text no longer applies; remove this key',
        rule: 'schema',
      },
    ]);
  });

  it('lets a monitor without a schedule take the one from the defaults, and reports it missing otherwise', () => {
    const withDefaults = validateConfigs(files({ 'acme/_defaults.yaml': 'schedule: "@weekly"\n', 'acme/a.yaml': 'name: A\nurl: https://a.example\n' }));
    expect(withDefaults.monitors[0]?.schedule).toBe('@weekly');
    const without = validateConfigs(files({ 'acme/a.yaml': 'name: A\nurl: https://a.example\n' }));
    expect(without.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(['schedule: is required']);
  });
});

describe('monitor ids', () => {
  it.each([
    ['acme/competitor-x.yaml', 'acme/competitor-x'],
    ['acme/competitor-x.yml', 'acme/competitor-x'],
    ['big-co/site-2.yaml', 'big-co/site-2'],
  ])('%s → %s', (relPath, id) => {
    const { monitors } = validateConfigs(files({ [relPath]: THREE_LINES }));
    expect(monitors.map((monitor) => monitor.id)).toEqual([id]);
  });
});

describe('normalisation', () => {
  it('normalises the URL so spellings of one page compare equal', () => {
    const { monitors } = validateConfigs(files({ 'acme/x.yaml': 'name: X\nurl: " HTTPS://WWW.X.example:443/Path#top "\nschedule: "@daily"\n' }));
    expect(monitors[0]?.url).toBe('https://www.x.example/Path');
  });

  it('changes the rules hash with the scan rules and not with alert settings', () => {
    const hash = (extra: string) => validateConfigs(files({ 'acme/x.yaml': THREE_LINES + extra })).monitors[0]?.rulesHash;
    const base = hash('');
    expect(hash('alerts:\n  minSeverity: high\n')).toBe(base);
    expect(hash('scan:\n  ignore:\n    selectors: [".promo"]\n')).not.toBe(base);
    expect(hash('scan:\n  depth: light\n')).not.toBe(base);
  });
});

describe('settings', () => {
  it('reads _settings.yaml and locates its problems', () => {
    const { settings, problems } = validateConfigs(
      files({ '_settings.yaml': 'digests:\n  hour: 7\n  timezone: Europe/Paris\nsite:\n  url: https://intel.acme.example/\n' }),
    );
    expect(problems).toEqual([]);
    expect(settings.digests).toEqual({ hour: 7, weekday: 'monday', timezone: 'Europe/Paris' });
    expect(settings.site.url).toBe('https://intel.acme.example/');

    const broken = validateConfigs(files({ '_settings.yaml': 'digests:\n  hour: 25\n  timezone: Nowhere/City\n' }));
    expect(broken.problems.map((problem) => `${problem.line}:${problem.col} ${problem.path}: ${problem.message}`)).toEqual([
      '2:9 digests.hour: must be at most 23, got 25',
      '3:13 digests.timezone: "Nowhere/City" is not an IANA time zone (e.g. Europe/Berlin)',
    ]);
  });

  it('reads the fan-out limits and locates their problems', () => {
    const { settings, problems } = validateConfigs(files({ '_settings.yaml': 'fanOut:\n  targetShardMinutes: 30\n  maxShards: 4\n' }));
    expect(problems).toEqual([]);
    expect(settings.fanOut).toEqual({ targetShardMinutes: 30, maxShards: 4 });

    const broken = validateConfigs(files({ '_settings.yaml': 'fanOut:\n  maxShards: 0\n  shards: 3\n' }));
    expect(broken.problems.map((problem) => `${problem.line}:${problem.col} ${problem.path}`)).toEqual(['2:14 fanOut.maxShards', '3:3 fanOut.shards']);
  });
});

describe('one pass', () => {
  it('reports schema and rule problems of the same file together', () => {
    const text = [
      'name: Competitor X',
      'url: not a url',
      'schedule: "61 * * * *"',
      'alerts:',
      '  recipients: [bob@]',
      'scan:',
      '  ignore:',
      '    patterns: ["(unclosed"]',
      '',
    ].join('\n');
    const { monitors, problems } = validateConfigs(files({ 'acme/x.yaml': text }));
    expect(monitors).toEqual([]);
    expect(problems.map((problem) => `${problem.line}:${problem.col} ${problem.rule} ${problem.path}: ${problem.message}`)).toEqual([
      '2:6 schema url: "not a url" is not an http(s) URL',
      '3:11 schedule schedule: "61 * * * *" is not a valid cron expression: Constraint error, got value 61 expected range 0-59',
      '5:16 schema alerts.recipients[0]: "bob@" is not an email address',
      '8:16 ignore-patterns scan.ignore.patterns[0]: not a valid regular expression: /(unclosed/giu: Unterminated group',
    ]);
  });
});

describe('private network targets', () => {
  const monitor = (url: string) => `name: Intranet\nurl: "${url}"\nschedule: "@daily"\n`;
  /** A literal private, loopback or metadata address in every notation, and what validate names. */
  const REFUSED: readonly [url: string, names: string][] = [
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254, a link-local (cloud metadata) address'],
    ['http://2852039166/', '169.254.169.254, a link-local (cloud metadata) address'],
    ['http://0xa9fea9fe/', '169.254.169.254, a link-local (cloud metadata) address'],
    ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe, a link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6 address'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254, a private (unique local) (cloud metadata) address'],
    ['http://127.0.0.1:8080/', '127.0.0.1, a loopback address'],
    ['http://2130706433/', '127.0.0.1, a loopback address'],
    ['http://0x7f.1/', '127.0.0.1, a loopback address'],
    ['http://017700000001/', '127.0.0.1, a loopback address'],
    ['http://127.1/', '127.0.0.1, a loopback address'],
    ['http://[::1]/', '::1, a loopback address'],
    ['http://localhost:3000/', 'localhost, a loopback address'],
    ['https://10.1.2.3/', '10.1.2.3, a private address'],
    ['https://192.168.0.10/', '192.168.0.10, a private address'],
    ['https://100.64.0.7/', '100.64.0.7, a carrier-grade NAT (100.64.0.0/10) address'],
    ['http://0.0.0.0/', '0.0.0.0, an unspecified address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal, a cloud metadata address'],
  ];

  it.each(REFUSED)('refuses %s', (url, names) => {
    const { problems } = validateConfigs(files({ 'acme/intranet.yaml': monitor(url) }));
    expect(problems.map((problem) => `${problem.line}:${problem.col} ${problem.rule} ${problem.path}: ${problem.message}`)).toEqual([
      `2:6 private-network url: ${url} names ${names}: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true`,
    ]);
  });

  it('accepts them all when _settings.yaml opts in, and a public address always', () => {
    const opted = Object.fromEntries(REFUSED.map(([url], index) => [`acme/site-${index}.yaml`, monitor(url).replace('Intranet', `Intranet ${index}`)]));
    const { problems, monitors, settings } = validateConfigs(files({ '_settings.yaml': 'allowPrivateNetworks: true\n', ...opted }));
    expect(problems.filter((problem) => problem.rule === 'private-network')).toEqual([]);
    expect(monitors.length).toBeGreaterThan(0);
    expect(settings.allowPrivateNetworks).toBe(true);
    expect(validateConfigs(files({ 'acme/public.yaml': monitor('https://93.184.215.14/') })).problems).toEqual([]);
  });

  it("accepts them all with the command's own opt-in (run --allow-private-networks), settings file or not", () => {
    const opted = Object.fromEntries(REFUSED.map(([url], index) => [`acme/site-${index}.yaml`, monitor(url).replace('Intranet', `Intranet ${index}`)]));
    const { problems, monitors } = validateConfigs(files(opted), { allowPrivateNetworks: true });
    expect(problems.filter((problem) => problem.rule === 'private-network')).toEqual([]);
    expect(monitors.length).toBeGreaterThan(0);
  });

  it('reads the opt-in even when the settings file has other problems', () => {
    const { problems } = validateConfigs(
      files({ '_settings.yaml': 'allowPrivateNetworks: true\ndigests: { hour: 99 }\n', 'acme/x.yaml': monitor('http://10.0.0.1/') }),
    );
    expect(problems.map((problem) => problem.rule)).toEqual(['schema']);
  });
});
