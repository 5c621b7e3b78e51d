/**
 * The alerts stage: changes → records in the alert queue → digests by email, webhook posts and
 * GitHub issue updates. Two parts: the digest (./digest/: what a digest says, when it is due,
 * how it renders) and the channels (./channels/: email, webhook and GitHub issues behind one
 * interface). What `run` calls, in order:
 *
 *   const channels = openChannels({ env, monitors, settings, siteBaseUrl, mailer, landscapeSource });
 *   // log channels.notices; with each scan, queue what its changes owe:
 *   const { alerts, notifications } = owedTo(channels, monitor, newChanges, now);
 *   // after the scans:
 *   const { digests, notified } = await deliverAll(channels, openAlertQueue(dataDir), now);
 */

export { openAlertQueue, type AlertQueue } from '../store/alert-queue.ts';
export { deliverAll, deliverNotifications, openChannels, owedTo, type Channels, type NotifyReport } from './channels/index.ts';
export { alertsFor, deliverDigests, emailChannel, type DeliveryReport } from './channels/email/email.ts';
export { createMailer, type Mailer } from './channels/email/mailer.ts';
export { DEFAULT_OUTBOX_DIR, DEFAULT_PREVIEW_DIR } from './channels/email/outbox.ts';
export { owedAlerts } from './channels/email/queue.ts';
export { previewDigests, type PreviewedDigest } from './channels/email/preview.ts';
export { webhookPayload } from './channels/webhook.ts';
export { issueActionFor } from './channels/github-issue.ts';
export { composeDigest } from './digest/compose.ts';
export { queueStatus } from './digest/due.ts';
