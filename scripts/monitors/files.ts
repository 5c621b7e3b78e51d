import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigError } from '../errors.ts';
import { isDirectory } from '../store/files.ts';
import { decodeConfig, MAX_CONFIG_BYTES } from './config-text.ts';
import type { ConfigFile } from './load.ts';
import { validateConfigs, type MonitorConfig, type ValidationOptions } from './load.ts';

const YAML_FILE = /\.ya?ml$/;

/** Every YAML file below the monitors folder, in a stable order. */
export async function readConfigFiles(monitorsDir: string, cwd: string): Promise<ConfigFile[]> {
  if (!(await isDirectory(monitorsDir))) {
    throw new ConfigError(`monitors folder not found: ${relative(cwd, monitorsDir) || monitorsDir}`);
  }
  const entries = await readdir(monitorsDir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && YAML_FILE.test(entry.name))
    .map((entry) => ({ path: join(entry.parentPath, entry.name), link: entry.isSymbolicLink() }))
    // Hidden folders are skipped; a hidden file is reported (its name cannot be a monitor id), never ignored.
    .filter(
      ({ path }) =>
        !relative(monitorsDir, path)
          .split(sep)
          .slice(0, -1)
          .some((part) => part.startsWith('.')),
    )
    .sort((a, b) => a.path.localeCompare(b.path));
  return Promise.all(
    paths.map(async ({ path, link }): Promise<ConfigFile> => {
      const identity = { relPath: relative(monitorsDir, path).split(sep).join('/'), file: relative(cwd, path) };
      // A link could point anywhere on the machine (a pull request can add one): never followed.
      if (link) return { ...identity, text: '', unreadable: { line: 1, col: 1, message: 'is a symbolic link; monitor files must be regular files' } };
      const decoded = decodeConfig(...(await readBounded(path)));
      return 'text' in decoded ? { ...identity, text: decoded.text } : { ...identity, text: '', unreadable: decoded.unreadable };
    }),
  );
}

/** At most one byte past the limit is read, so a huge file costs nothing; returns the bytes and the file's size. */
async function readBounded(path: string): Promise<[Uint8Array, number]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_CONFIG_BYTES + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return [buffer.subarray(0, bytesRead), size];
  } finally {
    await handle.close();
  }
}

export async function loadMonitorConfig(monitorsDir: string, cwd: string, options: ValidationOptions = {}): Promise<MonitorConfig> {
  return validateConfigs(await readConfigFiles(monitorsDir, cwd), options);
}

/** For commands that need a valid configuration: every problem, or the monitors. */
export async function requireValidConfig(monitorsDir: string, cwd: string, options: ValidationOptions = {}): Promise<MonitorConfig> {
  const config = await loadMonitorConfig(monitorsDir, cwd, options);
  if (config.problems.length > 0) {
    const count = config.problems.length;
    throw new ConfigError(`${count} problem${count === 1 ? '' : 's'} in monitor configs; run \`npm run techscan -- validate\` to see them`, config.problems);
  }
  return config;
}
