import pLimit, { type LimitFunction } from 'p-limit';
import {
  alertSchema,
  digestSchema,
  notificationSchema,
  pendingFileSchema,
  type Alert,
  type Digest,
  type Notification,
  type PendingFile,
} from '../schema/alert.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import { prettyJson } from '../shared/canonical-json.ts';
import { readTextIfExists, writeFileAtomic } from './files.ts';
import { layout } from './layout.ts';
import { MonthlyLog, type ReadOptions } from './monthly-log.ts';
import { parseJsonText, parseRecord } from './records.ts';

/**
 * The alert queue under data/alerts/: what every channel owes, and what it delivered.
 *
 * - `pending.json`: alerts and notifications not yet delivered, rewritten atomically;
 * - `history/YYYY-MM.jsonl`: delivered or given-up alerts, by the month their change was detected;
 * - `notifications/YYYY-MM.jsonl`: the same for webhook posts and GitHub issue updates;
 * - `digests/YYYY-MM.jsonl`: one record per digest handed to SMTP or the outbox, by period end.
 *
 * A closed record is appended to its history before it leaves pending.json, so a run killed in
 * between leaves it in both; readers then trust the history. Every append is idempotent by id.
 * Changes to pending.json are read-modify-write, so they take turns (see `inTurn`).
 */
export interface AlertQueue {
  readonly dataDir: string;
  /** Queues the alerts not already known (pending, sent or failed); returns those queued. */
  enqueue(alerts: readonly Alert[]): Promise<Alert[]>;
  /** Alerts waiting for a digest, in queue order (oldest first). */
  pending(): Promise<Alert[]>;
  /** Saves new states: pending alerts are rewritten in place, sent and failed ones move to the history. */
  update(alerts: readonly Alert[]): Promise<void>;
  /** Delivered and given-up alerts whose change was detected at or after `since`. */
  history(options?: ReadOptions): Promise<Alert[]>;

  recordDigest(digest: Digest): Promise<void>;
  /** Sent digests, by the end of their period. */
  digests(options?: ReadOptions): Promise<Digest[]>;

  enqueueNotifications(notifications: readonly Notification[]): Promise<Notification[]>;
  pendingNotifications(): Promise<Notification[]>;
  updateNotifications(notifications: readonly Notification[]): Promise<void>;
  notificationHistory(options?: ReadOptions): Promise<Notification[]>;
}

interface Queued {
  readonly id: string;
  readonly status: Alert['status'];
  readonly change: { readonly detectedAt: string };
}

const EMPTY: PendingFile = { schemaVersion: SCHEMA_VERSION, alerts: [], notifications: [] };

/**
 * One turn at a time per pending.json in this process: a run's pool finishes scans side by side,
 * and two that read the file before either wrote it would each write back only their own alerts.
 * Keyed by path, so every queue opened on the same data/ shares the turn.
 */
const turns = new Map<string, LimitFunction>();
function inTurn<T>(file: string, work: () => Promise<T>): Promise<T> {
  let turn = turns.get(file);
  if (!turn) {
    turn = pLimit(1);
    turns.set(file, turn);
  }
  return turn(work);
}

export function openAlertQueue(dataDir: string): AlertQueue {
  const paths = layout(dataDir);
  const alertLog = new MonthlyLog(
    paths.alertHistoryDir,
    alertSchema,
    (alert) => alert.change.detectedAt,
    (alert) => alert.id,
  );
  const notificationLog = new MonthlyLog(
    paths.notificationsDir,
    notificationSchema,
    (notification) => notification.change.detectedAt,
    (notification) => notification.id,
  );
  const digestLog = new MonthlyLog(
    paths.digestsDir,
    digestSchema,
    (digest) => digest.periodEnd,
    (digest) => digest.messageId,
  );

  async function readPending(): Promise<PendingFile> {
    const text = await readTextIfExists(paths.alertsPending);
    if (text === null) return EMPTY;
    return parseRecord(pendingFileSchema, parseJsonText(text, paths.alertsPending), paths.alertsPending);
  }

  async function writePending(file: PendingFile): Promise<void> {
    await writeFileAtomic(paths.alertsPending, prettyJson(pendingFileSchema.parse(file)));
  }

  const alerts = section<Alert>({
    history: alertLog,
    get: (file) => file.alerts,
    set: (file, records) => ({ ...file, alerts: records }),
  });
  const notifications = section<Notification>({
    history: notificationLog,
    get: (file) => file.notifications,
    set: (file, records) => ({ ...file, notifications: records }),
  });

  /** One kind of queued record (alerts or notifications): its array in pending.json and its history log. */
  function section<T extends Queued>(kind: {
    history: { read(options: ReadOptions): Promise<readonly Queued[]>; append(records: readonly T[]): Promise<unknown> };
    get: (file: PendingFile) => readonly T[];
    set: (file: PendingFile, records: T[]) => PendingFile;
  }) {
    /** Ids of `records` already in the history: closed, whatever pending.json says. */
    async function closedIds(records: readonly T[]): Promise<Set<string>> {
      if (records.length === 0) return new Set();
      const since = records.map((record) => record.change.detectedAt).sort()[0];
      return new Set((await kind.history.read({ since })).map((record) => record.id));
    }

    return {
      async pending(): Promise<T[]> {
        const queued = kind.get(await readPending());
        const closed = await closedIds(queued);
        return queued.filter((record) => !closed.has(record.id));
      },

      enqueue: (records: readonly T[]): Promise<T[]> => inTurn(paths.alertsPending, () => enqueue(records)),
      update: (records: readonly T[]): Promise<void> => inTurn(paths.alertsPending, () => update(records)),
    };

    async function enqueue(records: readonly T[]): Promise<T[]> {
      const file = await readPending();
      const known = new Set([...kind.get(file).map((record) => record.id), ...(await closedIds(records))]);
      const fresh = records.filter((record) => {
        if (known.has(record.id)) return false;
        known.add(record.id);
        return true;
      });
      if (fresh.length > 0) await writePending(kind.set(file, [...kind.get(file), ...fresh]));
      return fresh;
    }

    async function update(records: readonly T[]): Promise<void> {
      if (records.length === 0) return;
      // History first: a run killed before the rewrite below leaves the record closed, not lost.
      await kind.history.append(records.filter((record) => record.status !== 'pending'));
      const file = await readPending();
      // Records a killed run closed but left in pending.json are dropped here, for good.
      const stale = await closedIds(kind.get(file));
      const queued = kind.get(file).filter((record) => !stale.has(record.id));
      const updates = new Map(records.map((record) => [record.id, record]));
      const queuedIds = new Set(queued.map((record) => record.id));
      const next = [...queued.map((record) => updates.get(record.id) ?? record), ...records.filter((record) => !queuedIds.has(record.id))].filter(
        (record) => record.status === 'pending',
      );
      await writePending(kind.set(file, next));
    }
  }

  return {
    dataDir,
    enqueue: alerts.enqueue,
    pending: alerts.pending,
    update: alerts.update,
    history: (options) => alertLog.read(options),
    async recordDigest(digest) {
      await digestLog.append([digest]);
    },
    digests: (options) => digestLog.read(options),
    enqueueNotifications: notifications.enqueue,
    pendingNotifications: notifications.pending,
    updateNotifications: notifications.update,
    notificationHistory: (options) => notificationLog.read(options),
  };
}
