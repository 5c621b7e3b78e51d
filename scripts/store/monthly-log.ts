import { join } from 'node:path';
import type { z } from 'zod';
import { canonicalJson } from '../shared/canonical-json.ts';
import { rm } from 'node:fs/promises';
import { appendLines, listDir, readCompleteLines, writeFileAtomic } from './files.ts';
import { MONTH_FILE, monthOf } from './layout.ts';
import { parseJsonText, parseRecord } from './records.ts';

const MONTH_LENGTH = 7;

export interface ReadOptions {
  /** Only records at or after this ISO time. */
  readonly since?: string;
  /** Only the newest this many records. */
  readonly limit?: number;
}

/**
 * A directory of append-only monthly JSONL files holding one kind of record. Appends are
 * idempotent by id, so a retried run never writes a record twice.
 */
export class MonthlyLog<S extends z.ZodType> {
  constructor(
    private readonly dir: string,
    private readonly schema: S,
    private readonly timeOf: (record: z.infer<S>) => string,
    private readonly idOf: (record: z.infer<S>) => string,
    /** The schema versions its records may carry. */
    private readonly versions?: readonly number[],
  ) {}

  /** Appends the records not already present; returns those appended. */
  async append(records: readonly z.infer<S>[]): Promise<z.infer<S>[]> {
    const byMonth = new Map<string, z.infer<S>[]>();
    for (const record of records) {
      const month = monthOf(this.timeOf(record));
      byMonth.set(month, [...(byMonth.get(month) ?? []), record]);
    }
    const appended: z.infer<S>[] = [];
    for (const [month, monthRecords] of [...byMonth].sort(([a], [b]) => a.localeCompare(b))) {
      const file = join(this.dir, `${month}.jsonl`);
      const known = new Set((await this.readFile(file)).map(this.idOf));
      const fresh = monthRecords.filter((record) => {
        const id = this.idOf(record);
        if (known.has(id)) return false;
        known.add(id);
        return true;
      });
      await appendLines(
        file,
        fresh.map((record) => canonicalJson(this.schema.parse(record))),
      );
      appended.push(...fresh);
    }
    return appended;
  }

  /** Records in file order (oldest first), filtered by `since` and cut to the newest `limit`. */
  async read({ since, limit }: ReadOptions = {}): Promise<z.infer<S>[]> {
    const months = (await listDir(this.dir)).filter((name) => MONTH_FILE.test(name)).reverse();
    const sinceMonth = since === undefined ? undefined : monthOf(since);
    const chunks: z.infer<S>[][] = [];
    let count = 0;
    for (const name of months) {
      if (sinceMonth !== undefined && name.slice(0, 7) < sinceMonth) break;
      const records = (await this.readFile(join(this.dir, name))).filter((record) => since === undefined || this.timeOf(record) >= since);
      chunks.unshift(records);
      count += records.length;
      if (limit !== undefined && count >= limit) break;
    }
    const all = chunks.flat();
    return limit === undefined ? all : all.slice(Math.max(0, all.length - limit));
  }

  /** The months that have a file, `YYYY-MM`, oldest first. */
  async months(): Promise<string[]> {
    return (await listDir(this.dir)).filter((name) => MONTH_FILE.test(name)).map((name) => name.slice(0, MONTH_LENGTH));
  }

  readMonth(month: string): Promise<z.infer<S>[]> {
    return this.readFile(this.fileOf(month));
  }

  /** Writes a whole month file at once (temp file and rename): a reader sees all of it or none. */
  async replaceMonth(month: string, records: readonly z.infer<S>[]): Promise<void> {
    await writeFileAtomic(this.fileOf(month), records.map((record) => `${canonicalJson(this.schema.parse(record))}\n`).join(''));
  }

  async removeMonth(month: string): Promise<void> {
    await rm(this.fileOf(month), { force: true });
  }

  private fileOf(month: string): string {
    return join(this.dir, `${month}.jsonl`);
  }

  private async readFile(file: string): Promise<z.infer<S>[]> {
    const lines = await readCompleteLines(file);
    return lines.map(({ line, text }) => {
      const where = `${file}:${line}`;
      return parseRecord(this.schema, parseJsonText(text, where), where, this.versions);
    });
  }
}
