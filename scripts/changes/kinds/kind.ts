import { z } from 'zod';
import { schemaVersion, severity, timestamp, type Severity } from '../../schema/common.ts';
import type { Monitor } from '../../schema/monitor.ts';
import type { ScanResult } from '../../schema/scan.ts';

/**
 * What a change kind is. Each change type is defined once, by `defineKind`, in the module of
 * its family (scripts/changes/kinds/<family>.ts), which also holds the family's detector:
 * the data the record carries, what the change is about (its subject), the GitHub issue topic,
 * the label, the default severity rules and the details every surface shows. The registry
 * (./index.ts) lists the families; the record schema, the severity table, the digest, the site,
 * webhooks and issues all read the kinds from it and never name a type themselves.
 */

/** What every change record carries, whatever its type. */
export const changeBase = {
  schemaVersion,
  id: z.string(),
  monitor: z.string(),
  severity,
  detectedAt: timestamp,
  fromScan: z.string().nullable().describe('the scan compared against'),
  toScan: z.string().describe('the scan the change was found in'),
  summary: z.string().describe('one plain-text line, e.g. "React 18.2.0 → 19.0.0"'),
  subject: z.string().optional().describe('what the change is about (a technology, a header, a metric…); derived from the data when absent'),
};

/** A change record of any type, registered or not: what code that reads kinds through a lookup takes. */
export type ChangeRecord = z.infer<z.ZodObject<typeof changeBase>> & { readonly type: string; readonly data: unknown };

/** One row of the severity table: the first row of a type whose condition holds decides. */
export interface SeverityRule<Data> {
  /** The condition in words, as the README shows it. */
  readonly when: string;
  readonly severity: Severity;
  /** Left out, the rule holds whatever the data: every kind's last rule is one of those. */
  readonly applies?: (data: Data) => boolean;
}

/** One labelled line about a change; values are plain text (page text among them: escape where shown). */
export interface Detail {
  readonly label: string;
  readonly value: string;
  /** Short enough and telling enough for a digest entry or an issue line, not only the site. */
  readonly brief?: boolean;
  /** The value is text from the scanned page (shown in quotes where it stands among ours). */
  readonly excerpt?: boolean;
}

interface KindSpec<Type extends string, Data extends z.ZodObject> {
  readonly type: Type;
  /** "Technology added". */
  readonly label: string;
  readonly data: Data;
  /** What within a monitor the change is about; with the type and the scan it makes the id. */
  readonly subject: (data: z.infer<Data>) => string;
  /** Changes with the same topic share a GitHub issue; by default the type and the subject. */
  readonly topic?: (data: z.infer<Data>) => string;
  /** Read top to bottom; the last rule has no condition. */
  readonly severity: readonly SeverityRule<z.infer<Data>>[];
  readonly details: (data: z.infer<Data>) => Detail[];
}

/** A kind seen from code that handles every type alike: it reads the record's data itself. */
export interface KindView {
  readonly subject: string;
  readonly topic: string;
  readonly details: Detail[];
  /** The position of the severity rule that decides, in the kind's rules. */
  readonly rule: number;
  readonly severity: Severity;
}

/** A kind as code that handles every type alike sees it. */
export interface ChangeKind {
  readonly type: string;
  readonly label: string;
  readonly record: z.ZodObject;
  /** The severity rules in words, as the README's table shows them. */
  readonly rules: readonly { readonly when: string; readonly severity: Severity; readonly unconditional: boolean }[];
  /** Reads a record's data (validating it) and says what the kind says about it. */
  view(data: unknown): KindView;
}

export function defineKind<const Type extends string, Data extends z.ZodObject>(spec: KindSpec<Type, Data>) {
  const topic = spec.topic ?? ((data: z.infer<Data>) => `${spec.type}:${spec.subject(data)}`);
  const ruleFor = (data: z.infer<Data>): { index: number; severity: Severity } => {
    const index = spec.severity.findIndex((candidate) => candidate.applies?.(data) ?? true);
    const rule = spec.severity[index];
    if (!rule) throw new Error(`no severity rule of ${spec.type} applies: its last rule must be unconditional`);
    return { index, severity: rule.severity };
  };
  return {
    type: spec.type,
    label: spec.label,
    data: spec.data,
    record: z.object({ ...changeBase, type: z.literal(spec.type), data: spec.data }),
    rules: spec.severity.map((rule) => ({ when: rule.when, severity: rule.severity, unconditional: rule.applies === undefined })),
    /** What a detector returns for this kind; the stage adds the common fields. */
    finding(body: { summary: string; fromScan: string | null; data: z.infer<Data> }): Finding {
      return { type: spec.type, subject: spec.subject(body.data), ...body };
    },
    view(data: unknown): KindView {
      const parsed = spec.data.parse(data);
      const rule = ruleFor(parsed);
      return { subject: spec.subject(parsed), topic: topic(parsed), details: spec.details(parsed), rule: rule.index, severity: rule.severity };
    },
  };
}

/** The type-specific part of a change record, as a detector found it. */
export interface Finding {
  readonly type: string;
  readonly subject: string;
  readonly summary: string;
  /** The scan the change was measured against; null when there is none (site_down of a new monitor). */
  readonly fromScan: string | null;
  readonly data: unknown;
}

/** What every detector gets: the monitor, its recent history and the new scan. */
export interface DetectionContext {
  readonly monitor: Monitor;
  /** The monitor's scans before `scan`, oldest first, cut to historyDepth(monitor). */
  readonly earlier: readonly ScanResult[];
  readonly scan: ScanResult;
  /** Wording of content blocks by hash: the earlier scans' (as stored) and this scan's. */
  readonly blockTexts: (hash: string) => string | null;
}

/** A family: the kinds one detector finds. */
export interface ChangeFamily<Kinds extends readonly ChangeKind[]> {
  readonly name: string;
  readonly kinds: Kinds;
  readonly detect: (context: DetectionContext) => Finding[];
  /** Failed and blocked scans reach only the families that judge them (availability). */
  readonly judgesFailedScans?: boolean;
}

export function defineFamily<const Kinds extends readonly ChangeKind[]>(family: ChangeFamily<Kinds>): ChangeFamily<Kinds> {
  return family;
}
