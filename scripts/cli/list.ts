import { EXIT } from '../errors.ts';
import { requireValidConfig } from '../monitors/files.ts';
import { lastCoveredTimes } from '../schedule/coverage.ts';
import { due } from '../schedule/due.ts';
import { openStore } from '../store/store.ts';
import { defineCommand, DIR_OPTIONS, JSON_OPTION, NOW_OPTION } from './command.ts';
import { formatUtc } from '../shared/wording.ts';
import { json } from './io.ts';
import { formatTable } from '../shared/text-table.ts';

interface ListArgs {
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly now: Date;
  readonly json: boolean;
}

export const listCommand = defineCommand<ListArgs>({
  name: 'list',
  summary: 'List the monitors with their schedule, last scan and next due time.',
  usage: '',
  options: { ...DIR_OPTIONS, now: NOW_OPTION, json: JSON_OPTION },
  parse: (input, io) => ({ ...input.dirs(io.cwd), now: input.time('now'), json: input.flag('json') }),
  async run(args, io) {
    const { monitors } = await requireValidConfig(args.monitorsDir, io.cwd);
    const store = openStore(args.dataDir);
    const lastScans = new Map<string, string>();
    for (const monitor of monitors) {
      const latest = await store.latestScan(monitor.id);
      if (latest) lastScans.set(monitor.id, latest.scannedAt);
    }
    const rows = due(monitors, await lastCoveredTimes(store, monitors), args.now).map((decision) => ({
      id: decision.monitor.id,
      name: decision.monitor.name,
      url: decision.monitor.url,
      schedule: decision.monitor.schedule,
      timezone: decision.monitor.timezone,
      enabled: decision.monitor.enabled,
      lastScan: lastScans.get(decision.monitor.id) ?? null,
      due: decision.due,
      nextDue: decision.nextDue?.toISOString() ?? null,
    }));

    if (args.json) {
      io.out(json(rows));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      io.out('No monitors yet. Add one as monitors/<organization>/<slug>.yaml (see README.md).\n');
      return EXIT.ok;
    }
    io.out(
      formatTable(
        ['ID', 'NAME', 'URL', 'SCHEDULE', 'LAST SCAN', 'NEXT DUE', 'ENABLED'],
        rows.map((row) => [
          row.id,
          row.name,
          row.url,
          row.timezone === 'UTC' ? row.schedule : `${row.schedule} (${row.timezone})`,
          formatUtc(row.lastScan),
          !row.enabled ? '—' : row.due ? 'now' : formatUtc(row.nextDue),
          row.enabled ? 'yes' : 'no',
        ]),
      ),
    );
    return EXIT.ok;
  },
});
