// Calendar days (`YYYY-MM-DD`, as the API sends due dates and ballot dates)
// are local days: parsing them with `new Date()` would read them as UTC
// midnight and show the previous day west of Greenwich.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (match === null) return null;
  const [, y, m, d] = match;
  return new Date(Number(y), Number(m) - 1, Number(d));
}

export function toDay(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function today(now: Date = new Date()): string {
  return toDay(now);
}

export function addDays(day: string, days: number): string {
  const date = parseDay(day);
  if (date === null) return day;
  date.setDate(date.getDate() + days);
  return toDay(date);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null) return 0;
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) -
    Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86_400_000);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** A calendar day in the reader's locale, e.g. "Tue, 3 Mar 2026". */
export function formatDay(day: string): string {
  const date = parseDay(day);
  return date === null ? day : dayFormat.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "today", "tomorrow", "in 3 days", "2 days ago" for a calendar day. */
export function relativeDay(day: string, now: Date = new Date()): string {
  return relative.format(daysBetween(today(now), day), 'day');
}

/** "5 minutes ago", "yesterday", "3 weeks ago" for an instant. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(0, 'minute');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 14 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  if (abs < 60 * 86_400) return relative.format(Math.round(seconds / (7 * 86_400)), 'week');
  if (abs < 365 * 86_400) return relative.format(Math.round(seconds / (30 * 86_400)), 'month');
  return relative.format(Math.round(seconds / (365 * 86_400)), 'year');
}
