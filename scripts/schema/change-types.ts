import { z } from 'zod';

export const CHANGE_TYPES = [
  'technology_added',
  'technology_removed',
  'technology_version_changed',
  'performance_degraded',
  'performance_improved',
  'security_header_added',
  'security_header_removed',
  'security_header_changed',
  'security_grade_changed',
  'infrastructure_changed',
  'certificate_expiring',
  'redirect_changed',
  'content_changed',
  'site_down',
  'site_recovered',
] as const;

export const changeType = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof changeType>;
