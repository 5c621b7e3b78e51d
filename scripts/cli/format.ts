/** `2026-11-28 14:05 UTC`: times in tables, to the minute. */
export function formatTime(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '—';
  const iso = typeof date === 'string' ? date : date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
