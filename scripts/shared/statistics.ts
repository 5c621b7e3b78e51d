/** Robust summaries of small samples (a scan's measurements, a metric's recent scans). */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** A robust measure of spread: one outlier does not inflate it. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

/** Percentages in records: one decimal, so records stay short and stable. */
export function roundPercent(percent: number): number {
  return Math.round(percent * 10) / 10;
}
