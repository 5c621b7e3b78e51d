import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../scripts/cli/commands.ts';
import { MAX_PREVIEWS, monitorsTouched, previewLine, renderPreview, type Preview } from '../../scripts/github/preview.ts';
import { previewStep, scanWithCli, type ScanUrl } from '../../scripts/github/preview-step.ts';
import { privateNetworksChange } from '../../scripts/github/private-networks.ts';
import { validateConfigs, type ConfigFile } from '../../scripts/monitors/load.ts';
import { commitFiles, gitIn } from '../helpers/git.ts';
import { scan, technology } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

const monitorYaml = (name: string, url: string) => `name: ${name}\nurl: ${url}\nschedule: "0 */6 * * *"\n`;
const FILES: Record<string, string> = {
  'acme/_defaults.yaml': 'tags: [retail]\n',
  'acme/shopwave.yaml': monitorYaml('Shopwave', 'https://shopwave.example/'),
  'acme/cartly.yaml': monitorYaml('Cartly', 'https://cartly.example/'),
  'globex/paynest.yaml': monitorYaml('Paynest', 'https://paynest.example/'),
};
const configFiles = (files: Record<string, string>): ConfigFile[] =>
  Object.entries(files).map(([relPath, text]) => ({ relPath, file: `monitors/${relPath}`, text }));
const { monitors } = validateConfigs(configFiles(FILES));
const byId = (id: string) => monitors.find((monitor) => monitor.id === id) ?? monitors[0];

describe('monitorsTouched', () => {
  it.each([
    { name: 'a changed monitor file', files: ['monitors/globex/paynest.yaml'], expected: ['globex/paynest'] },
    { name: "an organization's defaults: all its monitors", files: ['monitors/acme/_defaults.yaml'], expected: ['acme/shopwave', 'acme/cartly'] },
    { name: 'settings and schemas: none', files: ['monitors/_settings.yaml', 'monitors/monitor.schema.json'], expected: [] },
    { name: 'files elsewhere: none', files: ['README.md', 'data/monitors/acme/shopwave/latest.json'], expected: [] },
  ])('$name', ({ files, expected }) => {
    expect(monitorsTouched(files, monitors).map((monitor) => monitor.id)).toEqual(expected);
  });
});

describe('previewLine and renderPreview', () => {
  const monitor = byId('acme/shopwave');
  if (!monitor) throw new Error('fixture monitor missing');
  const ok: Preview = {
    monitor,
    result: scan({
      monitor: null,
      url: monitor.url,
      finalUrl: 'https://www.shopwave.example/',
      content: null,
      technologies: [technology('Nginx', '1.25.3', ['Web servers']), technology('React')],
    }),
    failure: null,
  };

  it.each([
    {
      name: 'a site that answered',
      preview: ok,
      line: 'HTTP 200 → https://www.shopwave.example/ · server nginx · security grade B · 2 technologies: Nginx, React',
    },
    {
      name: 'a scan that failed',
      preview: { ...ok, result: scan({ ok: false, status: null, error: { kind: 'dns', message: 'getaddrinfo ENOTFOUND' } }) },
      line: 'dns: getaddrinfo ENOTFOUND',
    },
    {
      name: 'a scan command that crashed',
      preview: { ...ok, result: null, failure: 'techscan scan: no browser' },
      line: 'scan failed: techscan scan: no browser',
    },
  ])('$name', ({ preview, line }) => {
    expect(previewLine(preview)).toBe(line);
  });

  it('escapes what the site sent', () => {
    const hostile = {
      ...ok,
      result: scan({
        content: { title: '<script>alert(1)</script>', description: null, canonical: null, headings: [], textHash: 'a'.repeat(64), wordCount: 1 },
      }),
    };
    const html = renderPreview([hostile], 0);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says how many monitors were left out', () => {
    expect(renderPreview([ok], 3)).toContain(`3 more monitors were not previewed (at most ${MAX_PREVIEWS} per pull request).`);
  });
});

describe('previewStep on a real pull-request merge', () => {
  let dir = '';
  let summaryFile = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'techscan-preview-'));
    summaryFile = join(dir, 'step-summary.md');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await writeFile(summaryFile, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  /** A repository whose base commit has the fixtures and whose head adds one monitor and edits another. */
  async function pullRequest(added: Record<string, string>): Promise<string> {
    const repo = await tempDir();
    await gitIn(repo).raw(['init', '--quiet', '--initial-branch=main']);
    await commitFiles(repo, Object.fromEntries(Object.entries(FILES).map(([path, text]) => [`monitors/${path}`, text])), 'base');
    await commitFiles(repo, { 'README.md': 'unrelated\n', ...added }, 'pull request');
    return repo;
  }

  async function capture(action: () => Promise<Preview[]>): Promise<{ previews: Preview[]; stdout: string }> {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
    const previews = await action();
    vi.restoreAllMocks();
    return { previews, stdout };
  }

  it('previews the added and changed monitors only, in the summary and on the diff', async () => {
    const repo = await pullRequest({
      'monitors/globex/ledgerly.yaml': monitorYaml('Ledgerly', 'https://ledgerly.example/'),
      'monitors/acme/cartly.yaml': monitorYaml('Cartly', 'https://www.cartly.example/'),
    });
    const scanned: string[] = [];
    // The scanner is an edge passed in; this test is about choosing monitors and reporting.
    const recordingScan: ScanUrl = async (monitor) => {
      scanned.push(monitor.url);
      return monitor.id === 'acme/cartly'
        ? { result: scan({ monitor: null, url: monitor.url, ok: false, status: 503, error: { kind: 'http_error', message: 'HTTP 503' } }), failure: null }
        : { result: scan({ monitor: null, url: monitor.url }), failure: null };
    };

    const { stdout } = await capture(() => previewStep({ cwd: repo, base: 'HEAD^1', head: 'HEAD', scan: recordingScan }));

    expect(scanned.sort()).toEqual(['https://ledgerly.example/', 'https://www.cartly.example/']);
    const html = await readFile(summaryFile, 'utf8');
    expect(html).toContain('<h2>Monitor preview: 2 light scans</h2>');
    expect(html).toContain('Ledgerly <code>globex/ledgerly</code>');
    expect(stdout).toContain('::notice title=Preview of globex/ledgerly,file=monitors/globex/ledgerly.yaml,line=1::HTTP 200');
    expect(stdout).toContain('::warning title=Preview of acme/cartly,file=monitors/acme/cartly.yaml,line=1::http_error: HTTP 503');
  });

  const scanCommand = COMMANDS.some((command) => command.name === 'scan');
  describe.skipIf(!scanCommand)('through the real `scan` command', () => {
    let server: Server;
    let origin = '';
    let connections = 0;
    beforeAll(async () => {
      server = createServer((_, response) => {
        response.writeHead(200, { 'content-type': 'text/html', server: 'fixture' });
        response.end('<!doctype html><title>Fixture &amp; co</title><h1>Hello</h1>');
      });
      server.on('connection', () => (connections += 1));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      origin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : '';
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('keeps the guard on even when the pull request opts in, and annotates the opt-in', async () => {
      const repo = await pullRequest({
        'monitors/_settings.yaml': 'digests: { hour: 8 }\nallowPrivateNetworks: true\n',
        'monitors/globex/fixture.yaml': monitorYaml('Fixture', origin),
      });
      const { previews, stdout } = await capture(() => previewStep({ cwd: repo, base: 'HEAD^1', head: 'HEAD', scan: scanWithCli }));
      expect(previews).toHaveLength(1);
      expect(previews[0]?.result).toMatchObject({ url: origin, ok: false, depth: 'light', error: { kind: 'private_address' } });
      expect(connections).toBe(0);
      expect(stdout).toContain(
        '::warning title=allowPrivateNetworks changed,file=monitors/_settings.yaml,line=2::This pull request sets allowPrivateNetworks: true',
      );
      expect(stdout).toMatch(
        /::warning title=Preview of globex\/fixture,file=monitors\/globex\/fixture.yaml,line=1::private_address: 127\.0\.0\.1 is a loopback address/,
      );
    }, 60_000);
  });
});

describe('privateNetworksChange', () => {
  it.each([
    ['no settings file on either side', null, null, null],
    ['turned on', 'site: {}\n', 'site: {}\nallowPrivateNetworks: true\n', { allowed: true, line: 2 }],
    ['on in a new settings file', null, 'allowPrivateNetworks: true\n', { allowed: true, line: 1 }],
    ['turned off', 'allowPrivateNetworks: true\n', 'allowPrivateNetworks: false\n', { allowed: false, line: 1 }],
    ['removed', 'allowPrivateNetworks: true\n', 'site: {}\n', { allowed: false, line: 1 }],
    ['unchanged', 'allowPrivateNetworks: true\n', 'digests: { hour: 9 }\nallowPrivateNetworks: true\n', null],
    ['not a boolean', null, 'allowPrivateNetworks: "yes"\n', null],
  ] as const)('%s', (_name, base, head, expected) => {
    const change = privateNetworksChange(base, head);
    if (expected === null) expect(change).toBeNull();
    else expect(change).toMatchObject(expected);
  });
});
