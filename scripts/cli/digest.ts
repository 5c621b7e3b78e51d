import { relative, resolve } from 'node:path';
import {
  createMailer,
  DEFAULT_OUTBOX_DIR,
  DEFAULT_PREVIEW_DIR,
  deliverDigests,
  emailChannel,
  owedAlerts,
  previewDigests,
  queueStatus,
  type DeliveryReport,
  type PreviewedDigest,
} from '../alerts/index.ts';
import { EnvironmentError, EXIT, UsageError } from '../errors.ts';
import { requireValidConfig } from '../monitors/files.ts';
import { siteBaseUrl } from '../shared/site-links.ts';
import { openAlertQueue } from '../store/alert-queue.ts';
import { openStore } from '../store/store.ts';
import { landscapeSource } from '../insight/source.ts';
import { defineCommand, DIR_OPTIONS, JSON_OPTION, NOW_OPTION } from './command.ts';
import { formatTable } from '../shared/text-table.ts';
import { formatUtc, plural, relativeTime } from '../shared/wording.ts';
import { json, line, type Io } from './io.ts';

type Mode = 'status' | 'preview' | 'send';

interface DigestArgs {
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly now: Date;
  readonly mode: Mode;
  readonly outboxDir: string;
  readonly previewDir: string;
  readonly json: boolean;
}

export const digestCommand = defineCommand<DigestArgs>({
  name: 'digest',
  summary:
    'Show the alert queue and which digests are due. --preview renders the due digests (terminal and HTML files) without changing anything; --send delivers them by SMTP, or as .eml files in the outbox when no SMTP server is configured.',
  usage: '',
  options: {
    ...DIR_OPTIONS,
    now: NOW_OPTION,
    preview: { type: 'boolean', description: `Render the digests due now: text here, HTML in ${DEFAULT_PREVIEW_DIR}/; changes nothing` },
    send: { type: 'boolean', description: 'Send the digests due now and record them in data/alerts/' },
    outbox: { type: 'string', placeholder: '<dir>', description: `Where .eml files go without SMTP (default: ${DEFAULT_OUTBOX_DIR}/)` },
    json: JSON_OPTION,
  },
  parse(input, io) {
    if (input.positionals.length > 0) throw new UsageError(`unexpected argument "${input.positionals[0] ?? ''}"`);
    if (input.flag('preview') && input.flag('send')) throw new UsageError('--preview and --send exclude each other: preview first, then send');
    return {
      ...input.dirs(io.cwd),
      now: input.time('now'),
      mode: input.flag('send') ? 'send' : input.flag('preview') ? 'preview' : 'status',
      outboxDir: resolve(io.cwd, input.string('outbox') ?? DEFAULT_OUTBOX_DIR),
      previewDir: resolve(io.cwd, DEFAULT_PREVIEW_DIR),
      json: input.flag('json'),
    };
  },
  async run(args, io) {
    const { monitors, settings } = await requireValidConfig(args.monitorsDir, io.cwd);
    const queue = openAlertQueue(args.dataDir);
    const base = siteBaseUrl(settings, io.env);
    const show = (path: string) => relative(io.cwd, path) || '.';

    if (args.mode === 'status') {
      const rows = queueStatus(await owedAlerts(queue), settings.digests);
      const due = rows.filter((row) => row.dueAt.getTime() <= args.now.getTime());
      if (args.json) {
        io.out(json({ now: args.now.toISOString(), queue: rows, due: due.length }));
        return EXIT.ok;
      }
      if (rows.length === 0) {
        io.out(line('No alerts are waiting: every change that alerts has been sent.'));
        return EXIT.ok;
      }
      io.out(
        formatTable(
          ['RECIPIENT', 'FREQUENCY', 'ALERTS', 'MONITORS', 'DUE', 'LAST ERROR'],
          rows.map((row) => [
            row.recipient,
            row.frequency,
            String(row.alerts),
            row.monitors.join(', '),
            row.dueAt.getTime() <= args.now.getTime() ? 'now' : `${formatUtc(row.dueAt)} (${relativeTime(row.dueAt, args.now)})`,
            row.lastError === null ? '—' : `${row.lastError} (${plural(row.attempts, 'attempt')})`,
          ]),
        ),
      );
      io.out(
        line(
          due.length === 0
            ? 'Nothing is due yet.'
            : `${due.length === 1 ? 'One digest is' : `${due.length} digests are`} due: \`digest --preview\` shows ${due.length === 1 ? 'it' : 'them'}, \`digest --send\` sends ${due.length === 1 ? 'it' : 'them'}.`,
        ),
      );
      return EXIT.ok;
    }

    if (args.mode === 'preview') {
      const previews = await previewDigests({
        queue,
        monitors,
        settings,
        now: args.now,
        siteBaseUrl: base,
        mailFrom: io.env.MAIL_FROM?.trim() || null,
        previewDir: args.previewDir,
        landscapeSource: landscapeSource(openStore(args.dataDir), args.now),
      });
      if (args.json) io.out(json(previews.map(previewJson)));
      else printPreviews(previews, args.now, show, io);
      return EXIT.ok;
    }

    const mailer = createMailer(io.env, args.outboxDir);
    let report: DeliveryReport;
    try {
      const channel = emailChannel({ monitors, settings, mailer, siteBaseUrl: base, landscapeSource: landscapeSource(openStore(args.dataDir), args.now) });
      report = await deliverDigests(channel, queue, args.now);
    } finally {
      mailer.close();
    }
    if (args.json) io.out(json(report));
    else printReport(report, mailer.description, args.now, show, io);
    if (report.failed > 0) {
      throw new EnvironmentError(
        `${plural(report.failed, 'digest')} could not be sent (${report.failures[0]?.error ?? 'unknown error'}); their alerts stay pending and the next run retries them`,
      );
    }
    return EXIT.ok;
  },
});

function previewJson(item: PreviewedDigest) {
  return {
    recipient: item.digest.recipient,
    frequency: item.digest.frequency,
    period: item.digest.period,
    subject: item.digest.subject,
    messageId: item.digest.messageId,
    retry: item.plan.messageId !== null,
    alertIds: item.digest.alertIds,
    text: item.digest.text,
    htmlFile: item.htmlFile,
  };
}

function printPreviews(previews: readonly PreviewedDigest[], now: Date, show: (path: string) => string, io: Io): void {
  if (previews.length === 0) {
    io.out(line(`No digest is due at ${formatUtc(now)}; plain \`digest\` shows when the waiting alerts go out.`));
    return;
  }
  for (const { digest, plan, htmlFile } of previews) {
    io.out(line(`──── To: ${digest.recipient} · ${digest.frequency}${plan.messageId === null ? '' : ' · retry'}`));
    io.out(line(`Subject: ${digest.subject}`));
    io.out(line(`Message-ID: ${digest.messageId}`));
    io.out(line());
    io.out(digest.text);
    io.out(line(`HTML: ${show(htmlFile)}`));
    io.out(line());
  }
  io.out(line(`${plural(previews.length, 'digest')} would be sent; nothing was changed. \`digest --send\` sends ${previews.length === 1 ? 'it' : 'them'}.`));
}

function printReport(report: DeliveryReport, via: string, now: Date, show: (path: string) => string, io: Io): void {
  if (report.alertsRecovered > 0) {
    io.out(line(`${plural(report.alertsRecovered, 'alert')} had been sent by an interrupted run; recorded as sent.`));
  }
  if (report.sent === 0 && report.failed === 0) {
    io.out(line(`No digest is due at ${formatUtc(now)}.`));
    return;
  }
  if (report.sent > 0) {
    const what = `${plural(report.sent, 'digest')} (${plural(report.alertsSent, 'alert')})`;
    if (report.outboxDir !== null) {
      io.out(line(`No SMTP server configured (set SMTP_URL, or SMTP_HOST and friends): wrote ${what} to ${show(report.outboxDir)}/`));
      for (const digest of report.digests) io.out(line(`  ${digest.location ?? ''}  ${digest.recipient}: ${digest.subject}`));
    } else {
      io.out(line(`Sent ${what} via ${via}:`));
      for (const digest of report.digests) io.out(line(`  ${digest.recipient}: ${digest.subject}`));
    }
  }
  for (const failure of report.failures) {
    io.err(line(`could not send the ${failure.frequency} digest to ${failure.recipient} (${plural(failure.alerts, 'alert')}): ${failure.error}`));
  }
  if (report.alertsGivenUp > 0) {
    io.err(
      line(
        `${plural(report.alertsGivenUp, 'alert')} reached the attempt limit and ${report.alertsGivenUp === 1 ? 'is' : 'are'} marked failed in data/alerts/history/.`,
      ),
    );
  }
}
