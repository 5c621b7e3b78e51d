import { historyDepth, MIN_HISTORY_SCANS } from '../changes/index.ts';
import { relative } from 'node:path';
import { EXIT } from '../errors.ts';
import { GITHUB_ACTIONS_BOT, publishData } from '../publish/index.ts';
import { requireValidConfig } from '../monitors/files.ts';
import { plural } from '../shared/wording.ts';
import { formatTable } from '../shared/text-table.ts';
import { compactStore, cutoffMonth, type MonitorCompaction } from '../store/compaction.ts';
import { openStore } from '../store/store.ts';
import { defineCommand, DIR_OPTIONS, JSON_OPTION, NOW_OPTION } from './command.ts';
import { json, line } from './io.ts';

interface CompactArgs {
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly now: Date;
  readonly dryRun: boolean;
  readonly publish: boolean;
  readonly json: boolean;
}

export const compactCommand = defineCommand<CompactArgs>({
  name: 'compact',
  summary:
    'Roll whole months of full scan summaries and job records older than retention.fullScansDays (monitors/_settings.yaml, default 90) up into per-day history. Change records, alerts and runs are never compacted; a monitor keeps the newest scans change detection reads. Safe to rerun and to kill.',
  usage: '',
  options: {
    ...DIR_OPTIONS,
    now: NOW_OPTION,
    'dry-run': { type: 'boolean', description: 'Print what would be compacted; write nothing' },
    publish: { type: 'boolean', description: 'Commit data/ and push it (rebasing when the branch moved), as `run --publish` does' },
    json: JSON_OPTION,
  },
  parse: (input, io) => ({
    ...input.dirs(io.cwd),
    now: input.time('now'),
    dryRun: input.flag('dry-run'),
    publish: input.flag('publish'),
    json: input.flag('json'),
  }),
  async run(args, io) {
    const { monitors, settings } = await requireValidConfig(args.monitorsDir, io.cwd);
    const depths = new Map(monitors.map((monitor) => [monitor.id, historyDepth(monitor)]));
    const { fullScansDays } = settings.retention;
    const compacted = await compactStore(openStore(args.dataDir), {
      now: args.now,
      fullScansDays,
      // A monitor whose config is gone is no longer scanned; its history keeps the minimum depth.
      keepScans: (monitor) => depths.get(monitor) ?? MIN_HISTORY_SCANS,
      dryRun: args.dryRun,
    });
    // Also with nothing compacted now: a killed earlier compaction may have left work to commit.
    if (args.publish && !args.dryRun) {
      const published = await publishData({
        repoDir: io.cwd,
        paths: [relative(io.cwd, args.dataDir) || '.'],
        message: compactionMessage(compacted, cutoffMonth(args.now, fullScansDays)),
        author: GITHUB_ACTIONS_BOT,
      });
      io.err(
        line(published.committed ? `Published ${published.commit?.slice(0, 7) ?? ''} (${plural(published.attempts, 'push attempt')}).` : 'Nothing to publish.'),
      );
    }
    if (args.json) {
      io.out(json({ dryRun: args.dryRun, fullScansDays, keepFrom: cutoffMonth(args.now, fullScansDays), monitors: compacted }));
      return EXIT.ok;
    }
    const verb = args.dryRun ? 'Would compact' : 'Compacted';
    if (compacted.length === 0) {
      io.out(
        line(`Nothing to compact: no month before ${cutoffMonth(args.now, fullScansDays)} has full history (retention: ${plural(fullScansDays, 'day')}).`),
      );
      return EXIT.ok;
    }
    const rows = compacted.flatMap(({ monitor, months }) =>
      months.map((month) => [monitor, month.month, String(month.scans), String(month.jobs), String(month.days)]),
    );
    io.out(formatTable(['MONITOR', 'MONTH', 'SCANS', 'JOBS', 'DAYS'], rows));
    const scans = compacted.flatMap((entry) => entry.months).reduce((sum, month) => sum + month.scans, 0);
    io.out(
      line(
        `${verb} ${plural(rows.length, 'month')} of ${plural(compacted.length, 'monitor')}: ${plural(scans, 'full scan')} into per-day history (full history kept from ${cutoffMonth(args.now, fullScansDays)}).`,
      ),
    );
    return EXIT.ok;
  },
});

/** `data: compact 14 months of 5 monitors (full history kept from 2026-09)`, with a line per monitor. */
function compactionMessage(compacted: readonly MonitorCompaction[], keptFrom: string): string {
  const months = compacted.reduce((sum, entry) => sum + entry.months.length, 0);
  const body = compacted.map((entry) => `${entry.monitor}: ${entry.months.map((month) => month.month).join(', ')}`);
  return `data: compact ${plural(months, 'month')} of ${plural(compacted.length, 'monitor')} (full history kept from ${keptFrom})\n\n${body.join('\n')}\n`;
}
