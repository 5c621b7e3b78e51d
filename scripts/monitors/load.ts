import { defaultsFileSchema, monitorFileSchema, settingsFileSchema, type Monitor, type Settings } from '../schema/monitor.ts';
import { findingsFromIssues, type Finding } from './messages.ts';
import { isMapping, mergeDefaults } from './merge.ts';
import { normaliseMonitor } from './normalise.ts';
import { compareProblems, formatPath, formatProblem, type ConfigPath, type Problem } from './problem.ts';
import { duplicateUrlFindings, layoutProblem, MONITOR_RULES, ruleContext, SETTINGS_RULES, type ConfigRule, type RuleContext } from './rules.ts';
import type { Unreadable } from './config-text.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

/** A YAML file under monitors/, as read from disk. */
export interface ConfigFile {
  /** Path relative to the monitors folder, with forward slashes: `acme/competitor-x.yaml`. */
  readonly relPath: string;
  /** Path shown in messages, relative to the working directory. */
  readonly file: string;
  readonly text: string;
  /** Why the bytes are not a text file we read (too big, not UTF-8, a link); `text` is then empty. */
  readonly unreadable?: Unreadable;
}

export interface MonitorConfig {
  readonly monitors: Monitor[];
  readonly settings: Settings;
  readonly problems: Problem[];
}

export interface ValidationOptions {
  readonly allowPrivateNetworks?: boolean;
}

export const SETTINGS_FILE = '_settings.yaml';
export const DEFAULTS_FILE = '_defaults.yaml';

/**
 * Validates every config file: YAML syntax → schema → normalise → named rules, collecting every
 * problem with its file, line and column instead of stopping at the first. `allowPrivateNetworks`:
 * the command's own opt-in (`run --allow-private-networks`), which admits what the settings file's would.
 */
export function validateConfigs(files: readonly ConfigFile[], { allowPrivateNetworks = false }: ValidationOptions = {}): MonitorConfig {
  const problems: Problem[] = [];
  const report = (source: YamlSource, findings: readonly Finding[], rule: string, fallback?: YamlSource) => {
    for (const finding of findings) problems.push(locate(source, finding, rule, fallback));
  };
  const sources = new Map<string, YamlSource>();
  const parse = (file: ConfigFile) => {
    if (file.unreadable) problems.push({ file: file.file, ...file.unreadable, path: '', rule: 'file' });
    const source = parseYamlSource(file.file, file.text, file.unreadable !== undefined);
    problems.push(...source.syntaxProblems);
    sources.set(file.file, source);
    return source;
  };

  const settingsFile = files.find((file) => file.relPath === SETTINGS_FILE);
  const settingsSource = settingsFile ? parse(settingsFile) : undefined;
  const settings = settingsSource ? validateSettings(settingsSource, report) : settingsFileSchema.parse({});
  const fromSettings = ruleContext(settingsSource?.data);
  const context: RuleContext = { allowPrivateNetworks: allowPrivateNetworks || fromSettings.allowPrivateNetworks };

  const defaultsByOrganization = new Map<string, YamlSource>();
  for (const file of files.filter((entry) => isDefaultsPath(entry.relPath))) {
    const source = parse(file);
    if (source.data === undefined || source.data === null) continue;
    const result = defaultsFileSchema.safeParse(source.data);
    if (!result.success) report(source, findingsFromIssues(result.error.issues, source.data, defaultsFileSchema), 'schema');
    defaultsByOrganization.set(file.relPath.split('/')[0] ?? '', source);
  }

  const monitors: Monitor[] = [];
  const idFiles = new Map<string, string>();
  for (const file of files) {
    if (file.relPath === SETTINGS_FILE || isDefaultsPath(file.relPath)) continue;
    const misplaced = layoutProblem(file.relPath);
    if (misplaced) {
      problems.push({ file: file.file, line: 1, col: 1, path: '', message: misplaced, rule: 'layout' });
      continue;
    }
    const [organization = '', fileName = ''] = file.relPath.split('/');
    const id = `${organization}/${fileName.replace(/\.ya?ml$/, '')}`;
    const sameId = idFiles.get(id);
    if (sameId) {
      problems.push({
        file: file.file,
        line: 1,
        col: 1,
        path: '',
        message: `the monitor id ${id} is already taken by ${sameId}: one of the two files must go`,
        rule: 'layout',
      });
      continue;
    }
    idFiles.set(id, file.file);
    const source = parse(file);
    if (source.data === undefined) continue;
    const defaults = defaultsByOrganization.get(organization);
    const monitor = validateMonitor(source, defaults, report, context, {
      id,
      organization,
      slug: fileName.replace(/\.ya?ml$/, ''),
      file: file.file,
    });
    if (monitor) monitors.push(monitor);
  }

  for (const { monitor, finding } of duplicateUrlFindings(monitors)) {
    const source = sources.get(monitor.file);
    if (source) report(source, [{ ...finding, anchor: 'value' }], 'unique-url');
  }

  return { monitors, settings, problems: dedupe(problems).sort(compareProblems) };
}

type Report = (source: YamlSource, findings: readonly Finding[], rule: string, fallback?: YamlSource) => void;

function validateSettings(source: YamlSource, report: Report): Settings {
  const data = source.data ?? {};
  const result = settingsFileSchema.safeParse(data);
  if (!result.success) report(source, findingsFromIssues(result.error.issues, data, settingsFileSchema), 'schema');
  runRules(SETTINGS_RULES, data, ruleContext(data), source, report);
  return result.success ? result.data : settingsFileSchema.parse({});
}

/** Every rule whose fields are valid, whatever else is wrong: true when none found anything. */
function runRules(rules: readonly ConfigRule[], data: unknown, context: RuleContext, source: YamlSource, report: Report, defaults?: YamlSource): boolean {
  let clean = true;
  for (const rule of rules) {
    const findings = rule.check(data, context);
    if (findings.length > 0) clean = false;
    report(source, withAnchor(findings), rule.name, defaults);
  }
  return clean;
}

function validateMonitor(
  source: YamlSource,
  defaults: YamlSource | undefined,
  report: Report,
  context: RuleContext,
  identity: { id: string; organization: string; slug: string; file: string },
): Monitor | undefined {
  if (source.data === null || source.data === undefined) {
    report(source, [{ path: [], anchor: 'value', message: 'empty file: a monitor needs at least name, url and schedule' }], 'schema');
    return undefined;
  }
  if (!isMapping(source.data)) {
    report(source, [{ path: [], anchor: 'value', message: 'expected a mapping of keys (name, url, schedule, …)' }], 'schema');
    return undefined;
  }
  const merged = mergeDefaults(isMapping(defaults?.data) ? defaults.data : undefined, source.data);
  const result = monitorFileSchema.safeParse(merged);
  if (!result.success) report(source, findingsFromIssues(result.error.issues, merged, monitorFileSchema), 'schema', defaults);
  const rulesPassed = runRules(MONITOR_RULES, merged, context, source, report, defaults);
  const clean = result.success && rulesPassed && source.syntaxProblems.length === 0;
  return clean ? normaliseMonitor(result.data, identity) : undefined;
}

function withAnchor(findings: readonly { path: ConfigPath; message: string }[]): Finding[] {
  return findings.map((finding) => ({ ...finding, anchor: 'value' }));
}

/** Points at the finding in the monitor file, else in the defaults it came from, else near it. */
function locate(source: YamlSource, finding: Finding, rule: string, fallback?: YamlSource): Problem {
  const at = (candidate: YamlSource) => (finding.anchor === 'key' ? candidate.keyAt(finding.path) : candidate.valueAt(finding.path));
  const inSource = at(source);
  const inFallback = inSource ? undefined : fallback && at(fallback);
  const [file, position] = inSource
    ? [source.file, inSource]
    : inFallback && fallback
      ? [fallback.file, inFallback]
      : [source.file, source.nearest(finding.path)];
  return { file, ...position, path: formatPath(finding.path), message: finding.message, rule };
}

function isDefaultsPath(relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.length === 2 && parts[1] === DEFAULTS_FILE;
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
