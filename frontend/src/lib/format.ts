import i18next from 'i18next';
import { daysBetween, parseDay, today } from './days';
import { preferredLanguage } from './languages';

// Dates, times, numbers and money in the reader's language, by Intl. British
// English is the default: dd/mm/yyyy, 24-hour times. Formatters are built
// once per language.

/** The Intl locale of the language the page is read in. */
export function readerLocale(): string {
  return preferredLanguage([i18next.language]).intlLocale;
}

type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat;

const cache = new Map<string, Formatter>();

function cached<T extends Formatter>(
  name: string,
  make: (locale: string) => T,
): T {
  const current = readerLocale();
  const key = `${current} ${name}`;
  let formatter = cache.get(key);
  if (formatter === undefined) {
    formatter = make(current);
    cache.set(key, formatter);
  }
  return formatter as T;
}

const dayFormat = () => cached('day', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' }));
const weekdayFormat = () =>
  cached('weekday', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
const dateTimeFormat = () =>
  cached('dateTime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }));
const timeFormat = () => cached('time', (l) => new Intl.DateTimeFormat(l, { timeStyle: 'short', hourCycle: 'h23' }));
const countFormat = () => cached('count', (l) => new Intl.NumberFormat(l));
// Disputes and ballots follow the law of Great Britain, so money is in pounds
// whatever language the page is read in.
const moneyFormat = () => cached('money', (l) => new Intl.NumberFormat(l, { style: 'currency', currency: 'GBP' }));
const relativeFormat = () => cached('relative', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
const monthFormat = () => cached('month', (l) => new Intl.DateTimeFormat(l, { month: 'long', year: 'numeric' }));
const weekdayShortFormat = () => cached('weekdayShort', (l) => new Intl.DateTimeFormat(l, { weekday: 'short' }));
const weekdayLongFormat = () => cached('weekdayLong', (l) => new Intl.DateTimeFormat(l, { weekday: 'long' }));
const dayMonthFormat = () => cached('dayMonth', (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short' }));
const listFormat = () => cached('list', (l) => new Intl.ListFormat(l, { style: 'long', type: 'conjunction' }));

function instant(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * How a time is typed in a form: the way the app writes times (24-hour, as
 * `formatTime` does), never the 12 or 24 hours a browser's own time field
 * takes from the device's settings.
 */
export function timeFieldFormat(): '24h' | '12h' {
  const cycle = timeFormat().resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? '12h' : '24h';
}

/** An instant's date, e.g. "3 Mar 2026". */
export function formatDate(iso: string): string {
  const date = instant(iso);
  return date === null ? iso : dayFormat().format(date);
}

/** An instant's date and time, e.g. "3 Mar 2026, 14:05". */
export function formatDateTime(iso: string): string {
  const date = instant(iso);
  return date === null ? iso : dateTimeFormat().format(date);
}

/** An instant's time of day, e.g. "14:05". */
export function formatTime(iso: string): string {
  const date = instant(iso);
  return date === null ? iso : timeFormat().format(date);
}

/** A calendar day (`YYYY-MM-DD`), e.g. "3 Mar 2026". */
export function formatDay(day: string | null | undefined): string {
  if (day === null || day === undefined) return '';
  const date = parseDay(day);
  return date === null ? day : dayFormat().format(date);
}

/** A calendar day with its weekday, e.g. "Tue, 3 Mar 2026". */
export function formatWeekday(day: string | Date): string {
  const date = typeof day === 'string' ? parseDay(day) : day;
  return date === null ? String(day) : weekdayFormat().format(date);
}

export function formatCount(value: number): string {
  return countFormat().format(value);
}

/** Money as the API sends it (a decimal string) or a number, in pounds. */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(amount) ? moneyFormat().format(amount) : String(value);
}

/** A month and its year, e.g. "March 2026". */
export function formatMonth(date: Date): string {
  return monthFormat().format(date);
}

/** A weekday's name, e.g. "Mon" or "Monday". */
export function formatWeekdayName(date: Date, width: 'short' | 'long'): string {
  return (width === 'short' ? weekdayShortFormat() : weekdayLongFormat()).format(date);
}

/** A day and month without the year, e.g. "2 Mar". */
export function formatDayMonth(date: Date): string {
  return dayMonthFormat().format(date);
}

/** Names joined as the language joins a list: "Acme, Bolt and Crane". */
export function formatList(items: readonly string[]): string {
  return listFormat().format(items);
}

/** Whole days from today until a calendar day (negative when it has passed). */
export function daysFromToday(day: string, now: Date = new Date()): number | null {
  return parseDay(day) === null ? null : daysBetween(today(now), day);
}

/** "today", "tomorrow", "in 3 days", "2 days ago" for a calendar day. */
export function relativeDay(day: string, now: Date = new Date()): string {
  const days = daysFromToday(day, now);
  return days === null ? '' : relativeFormat().format(days, 'day');
}

/** "5 minutes ago", "yesterday", "3 weeks ago" for an instant. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const relative = relativeFormat();
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

/** Percentages and percentage points are shown to two decimal places at most. */
export function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

/** 52 -> "52%", 58.82 -> "58.82%"; a dash while the figure is unknown. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  // The sign's place and spacing differ between languages, so it is part of the message.
  return i18next.t('{percent}%', { percent: formatCount(hundredths(value)) });
}
