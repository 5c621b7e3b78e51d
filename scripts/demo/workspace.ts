import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../errors.ts';
import { DEMO_ORGANIZATION, DEMO_RECIPIENT, type Competitor } from './cast.ts';

/**
 * The demo's own folder: its monitors/, data/, outbox/ and built site/, never the repository's.
 * A marker file says the folder is the demo's, so a later demo may replace it and nothing else
 * is ever deleted.
 */

export interface Workspace {
  readonly dir: string;
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly outboxDir: string;
  readonly siteDir: string;
}

const MARKER = '.techscan-demo';
const MARKER_TEXT = 'Made by `npm run demo`; the next demo replaces this folder.\n';

export function workspaceIn(dir: string): Workspace {
  return {
    dir,
    monitorsDir: join(dir, 'monitors'),
    dataDir: join(dir, 'data'),
    outboxDir: join(dir, 'outbox'),
    siteDir: join(dir, 'site'),
  };
}

/** An empty workspace at `dir`: created, or emptied when an earlier demo made it. */
export async function prepareWorkspace(dir: string): Promise<Workspace> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) throw new UsageError(`--dir: ${dir} is a file, not a folder`);
  if (info) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new UsageError(`--dir: ${dir} is not empty and was not made by the demo; pick an empty or new folder`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  const workspace = workspaceIn(dir);
  await mkdir(workspace.monitorsDir, { recursive: true });
  await mkdir(workspace.dataDir, { recursive: true });
  await writeFile(join(dir, MARKER), MARKER_TEXT);
  return workspace;
}

/** Settings every demo monitor shares; the comments are for the reader of the file. */
const DEMO_DEFAULTS = `# The demo's competitors share these settings (see the configuration reference in the README).
# They are tuned so two scans can show a change: real monitors wait for a change to hold over
# a few scans, so a flapping script or one slow scan never alarms.
schedule: "0 */6 * * *"
scan:
  depth: standard
  timeoutSeconds: 30
  retries: 1
alerts:
  recipients: [${DEMO_RECIPIENT}]
  digest: immediate
  minSeverity: low
changes:
  removalAfterScans: 1
  confirmScans: 1
  downAfterFailures: 1
  performance:
    baselineScans: 1
    confirmScans: 1
    # Paint timings in a browser that has just started swing by a second or more on a small,
    # busy machine: in the demo, the time to first byte and the page weight tell.
    floors: { ttfbMs: 500, fcpMs: 3000, lcpMs: 3000 }
`;

/** One YAML file per competitor, pointing at its local address, and the shared defaults. */
export async function writeMonitors(monitorsDir: string, competitors: readonly { competitor: Competitor; url: string }[]): Promise<string[]> {
  const folder = join(monitorsDir, DEMO_ORGANIZATION);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, '_defaults.yaml'), DEMO_DEFAULTS);
  // The demo's competitors are on 127.0.0.1: its monitors opt in to loopback (and resolve nothing else).
  await writeFile(join(monitorsDir, '_settings.yaml'), '# The demo sites run on this machine.\nallowPrivateNetworks: true\n');
  const files: string[] = [];
  for (const { competitor, url } of competitors) {
    const file = join(folder, `${competitor.slug}.yaml`);
    const monitor = { name: competitor.name, url, description: competitor.description, tags: [...competitor.tags] };
    await writeFile(file, `# A demo competitor, served on this machine while the demo runs.\n${stringify(monitor)}`);
    files.push(file);
  }
  return files;
}
