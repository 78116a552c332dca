import { parseDay } from '../lib/days';

// Locale-aware formatting of the dates, money and counts on dispute and action pages.

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const dayTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const count = new Intl.NumberFormat(undefined);
// Disputes and ballots follow the law of Great Britain, so money is in pounds.
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' });

export { parseDay, toDay as toIsoDay } from '../lib/days';

export function formatDay(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = parseDay(iso);
  return date === null ? iso : day.format(date);
}

export function formatLongDay(date: Date): string {
  return longDay.format(date);
}

export function formatDayTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayTime.format(date);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : time.format(date);
}

export function formatCount(value: number): string {
  return count.format(value);
}

/** Money as the API sends it (a decimal string) or a number, in pounds. */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(amount) ? money.format(amount) : String(value);
}

/** Whole days from today until a calendar day (negative when it has passed). */
export function daysFromToday(iso: string, today: Date = new Date()): number | null {
  const date = parseDay(iso);
  if (date === null) return null;
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((date.getTime() - start.getTime()) / 86_400_000);
}

/** "today", "tomorrow", "in 5 days", "3 days ago". */
export function relativeDays(iso: string, today: Date = new Date()): string {
  const days = daysFromToday(iso, today);
  if (days === null) return '';
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${formatCount(days)} days` : `${formatCount(-days)} days ago`;
}
