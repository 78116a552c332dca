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

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant as a `datetime-local` value in the reader's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${toDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO instant for the API. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
