import type { Grade } from '../../../scripts/schema/scan.ts';
import type { MonitorStatus } from './model.ts';

/** shields.io endpoint badges: https://shields.io/badges/endpoint-badge */
export interface ShieldsEndpoint {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: string;
}

const GRADE_COLORS: Record<string, string> = { A: 'brightgreen', B: 'green', C: 'yellow', D: 'orange', F: 'red' };

export function gradeBadge(grade: Grade | null | undefined): ShieldsEndpoint {
  if (!grade) return { schemaVersion: 1, label: 'security', message: 'not graded', color: 'lightgrey' };
  return { schemaVersion: 1, label: 'security', message: grade, color: GRADE_COLORS[grade.charAt(0)] ?? 'lightgrey' };
}

export function statusBadge(status: MonitorStatus, enabled: boolean): ShieldsEndpoint {
  if (!enabled && status === 'never-scanned') return { schemaVersion: 1, label: 'status', message: 'disabled', color: 'lightgrey' };
  switch (status) {
    case 'ok':
      return { schemaVersion: 1, label: 'status', message: 'ok', color: 'brightgreen' };
    case 'failing':
      return { schemaVersion: 1, label: 'status', message: 'failing', color: 'red' };
    case 'never-scanned':
      return { schemaVersion: 1, label: 'status', message: 'never scanned', color: 'lightgrey' };
  }
}
