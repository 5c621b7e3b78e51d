import { relative } from 'node:path';
import { listChanges, type ChangeFilter } from '../store/changes.ts';
import { EXIT, UsageError } from '../errors.ts';
import { didYouMean } from '../monitors/suggest.ts';
import { CHANGE_TYPES, type ChangeType } from '../schema/change-types.ts';
import { MONITOR_ID_PATTERN, SEVERITIES, type Severity } from '../schema/common.ts';
import { openStore } from '../store/store.ts';
import { defineCommand, DIR_OPTIONS, JSON_OPTION, type ParsedInput } from './command.ts';
import { formatTable } from '../shared/text-table.ts';
import { formatUtc, plural } from '../shared/wording.ts';
import { json, line } from './io.ts';

interface ChangesArgs {
  readonly dataDir: string;
  readonly filter: ChangeFilter;
  readonly json: boolean;
}

const MAX_LIMIT = 1_000_000;

export const changesCommand = defineCommand<ChangesArgs>({
  name: 'changes',
  summary: 'List the recorded changes, newest first: what changed at which competitor, and how much it matters.',
  usage: '',
  options: {
    ...DIR_OPTIONS,
    monitor: { type: 'string', placeholder: '<id>', description: 'Only this monitor (e.g. acme/competitor-x)' },
    since: { type: 'string', placeholder: '<iso>', description: 'Only changes detected at or after this time (e.g. 2026-11-01)' },
    type: {
      type: 'string',
      multiple: true,
      placeholder: '<type>',
      description: 'Only this change type (repeat or comma-separate for several, e.g. technology_added)',
    },
    'min-severity': { type: 'string', placeholder: 'low|medium|high', description: 'Only changes at least this severe' },
    limit: { type: 'string', placeholder: '<n>', description: 'Only the newest n changes' },
    json: JSON_OPTION,
  },
  parse: (input, io) => ({
    dataDir: input.dirs(io.cwd).dataDir,
    filter: parseFilter(input),
    json: input.flag('json'),
  }),
  async run(args, io) {
    const store = openStore(args.dataDir);
    const monitor = args.filter.monitor;
    if (monitor !== undefined) {
      const stored = await store.monitorIds();
      if (!stored.includes(monitor)) {
        const where = relative(io.cwd, args.dataDir) || '.';
        throw new UsageError(`--monitor: nothing is recorded for "${monitor}" in ${where}/${didYouMean(monitor, stored)}`);
      }
    }
    const { changes, monitorsWithData } = await listChanges(store, args.filter);
    if (args.json) {
      io.out(json(changes));
      return EXIT.ok;
    }
    if (changes.length === 0) {
      io.out(
        line(
          monitorsWithData === 0
            ? 'No changes recorded yet: nothing has been scanned. A monitor reports changes from its second scan on (the first is its baseline).'
            : 'No changes match.',
        ),
      );
      return EXIT.ok;
    }
    io.out(
      formatTable(
        ['DETECTED', 'MONITOR', 'SEVERITY', 'TYPE', 'SUMMARY'],
        changes.map((change) => [formatUtc(change.detectedAt), change.monitor, change.severity, change.type, change.summary]),
      ),
    );
    io.out(line(`${plural(changes.length, 'change')} (${bySeverity(changes)})`));
    return EXIT.ok;
  },
});

function parseFilter(input: ParsedInput): ChangeFilter {
  const monitor = input.string('monitor');
  if (monitor !== undefined && !MONITOR_ID_PATTERN.test(monitor)) {
    throw new UsageError(`--monitor: "${monitor}" is not a monitor id (<organization>/<slug>, e.g. acme/competitor-x)`);
  }
  const since = input.string('since') === undefined ? undefined : input.time('since').toISOString();
  const types = input
    .list('type')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
    .map(changeType);
  const minSeverity = input.string('min-severity');
  const limit = input.integer('limit', { min: 1, max: MAX_LIMIT });
  return {
    ...(monitor === undefined ? {} : { monitor }),
    ...(since === undefined ? {} : { since }),
    ...(types.length === 0 ? {} : { types }),
    ...(minSeverity === undefined ? {} : { minSeverity: severity(minSeverity) }),
    ...(limit === undefined ? {} : { limit }),
  };
}

function changeType(value: string): ChangeType {
  const found = CHANGE_TYPES.find((type) => type === value);
  if (found) return found;
  throw new UsageError(`--type: "${value}" is not a change type${didYouMean(value, CHANGE_TYPES)}; one of: ${CHANGE_TYPES.join(', ')}`);
}

function severity(value: string): Severity {
  const found = SEVERITIES.find((level) => level === value);
  if (found) return found;
  throw new UsageError(`--min-severity: "${value}" is not a severity; one of: ${SEVERITIES.join(', ')}`);
}

function bySeverity(changes: readonly { severity: Severity }[]): string {
  return [...SEVERITIES]
    .reverse()
    .map((level) => `${changes.filter((change) => change.severity === level).length} ${level}`)
    .join(', ');
}
