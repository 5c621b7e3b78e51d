/**
 * The alerts stage: changes → alerts in the queue → digests by email, plus webhook and GitHub
 * issue notifications. What `run` calls, in order:
 *
 *   const queue = openAlertQueue(dataDir);
 *   await queue.enqueue(monitors.flatMap((monitor) => alertsFor(monitor, newChanges, now)));
 *   const mailer = createMailer(env, outboxDir);
 *   const report = await deliverDigests({ queue, monitors, settings, now, mailer, siteBaseUrl });
 *   mailer.close();
 *   const channels = notificationChannels(env, settings, monitors);  // log channels.notices
 *   const notified = await notifyHighChanges({ queue, monitors, changes: newChanges, now, siteBaseUrl, channels });
 */

export { openAlertQueue, type AlertQueue } from '../store/alert-queue.ts';
export { alertsFor, alertingChanges, notificationsFor } from './select.ts';
export { composeDigest, digestMessageId, type ComposedDigest, type ComposeContext } from './compose.ts';
export { digestsDue, dueAt, periodOf, queueStatus, type DigestPlan, type DigestSchedule, type QueueRow } from './due.ts';
export { planDigests, reconcile, type PlannedDigest } from './plan.ts';
export { createMailer, type Mailer, type OutgoingMessage, type SendResult } from './mailer.ts';
export { deliverDigests, type DeliverOptions, type DeliveryReport, type DigestFailure } from './deliver.ts';
export { notificationChannels, webhookFor, type NotificationChannels } from './channels.ts';
export { notifyHighChanges, type NotifyOptions, type NotifyReport } from './notify.ts';
export { DEFAULT_MAX_ATTEMPTS } from './lifecycle.ts';
export { DEFAULT_OUTBOX_DIR, defaultOutboxDir } from './outbox.ts';
