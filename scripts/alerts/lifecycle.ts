/**
 * The states of a queued alert or notification, as pure transitions: pending → (attempted) →
 * sent, or back to pending with the error, or failed once the attempts reach the cap.
 */

/** Attempts (one per run) before an undeliverable alert is given up and reported. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** The longest error text kept in a record. */
const MAX_ERROR_LENGTH = 500;

interface Deliverable {
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  readonly sentAt: string | null;
}

export function attempted<T extends Deliverable>(record: T, at: Date): T {
  return { ...record, attempts: record.attempts + 1, lastAttemptAt: at.toISOString() };
}

export function delivered<T extends Deliverable>(record: T, at: Date | string): T {
  return { ...record, status: 'sent', lastError: null, sentAt: typeof at === 'string' ? at : at.toISOString() };
}

/** After a failed attempt: pending again with the error, or failed when the cap is reached. */
export function attemptFailed<T extends Deliverable>(record: T, error: string, maxAttempts: number): T {
  const lastError = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
  return { ...record, status: record.attempts >= maxAttempts ? 'failed' : 'pending', lastError };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
