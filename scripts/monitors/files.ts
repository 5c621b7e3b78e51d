import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigError } from '../errors.ts';
import { isDirectory } from '../store/files.ts';
import type { ConfigFile } from './load.ts';
import { validateConfigs, type MonitorConfig } from './load.ts';

const YAML_FILE = /\.ya?ml$/;

/** Every YAML file below the monitors folder, in a stable order. */
export async function readConfigFiles(monitorsDir: string, cwd: string): Promise<ConfigFile[]> {
  if (!(await isDirectory(monitorsDir))) {
    throw new ConfigError(`monitors folder not found: ${relative(cwd, monitorsDir) || monitorsDir}`);
  }
  const entries = await readdir(monitorsDir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && YAML_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(monitorsDir, path).split(sep).some((part) => part.startsWith('.')))
    .sort();
  return Promise.all(
    paths.map(async (path) => ({
      relPath: relative(monitorsDir, path).split(sep).join('/'),
      file: relative(cwd, path),
      text: await readFile(path, 'utf8'),
    })),
  );
}

export async function loadMonitorConfig(monitorsDir: string, cwd: string): Promise<MonitorConfig> {
  return validateConfigs(await readConfigFiles(monitorsDir, cwd));
}

/** For commands that need a valid configuration: every problem, or the monitors. */
export async function requireValidConfig(monitorsDir: string, cwd: string): Promise<MonitorConfig> {
  const config = await loadMonitorConfig(monitorsDir, cwd);
  if (config.problems.length > 0) {
    const count = config.problems.length;
    throw new ConfigError(
      `${count} problem${count === 1 ? '' : 's'} in monitor configs; run \`npm run techscan -- validate\` to see them`,
      config.problems,
    );
  }
  return config;
}
