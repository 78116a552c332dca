import { toDay } from '../lib/days';
import { formatDayMonth, formatMonth, formatWeekdayName } from '../lib/format';
// Dates for the calendar of solidarity actions: months, weeks starting on
// Monday, and actions grouped by the local day they take place on.

export interface CalendarDay {
  /** Local calendar day, "YYYY-MM-DD". */
  day: string;
  date: Date;
  inMonth: boolean;
}


/** Monday: weeks in Great Britain start on it. */
export const WEEK_STARTS_ON = 1;

function parseMonth(month: string): { year: number; index: number } {
  const [year, m] = month.split('-').map(Number);
  return { year: year ?? 1970, index: (m ?? 1) - 1 };
}

/** "YYYY-MM" of a local date. */
export function monthOf(date: Date): string {
  return toDay(date).slice(0, 7);
}

export function shiftMonth(month: string, delta: number): string {
  const { year, index } = parseMonth(month);
  return monthOf(new Date(year, index + delta, 1));
}

export function monthLabel(month: string): string {
  const { year, index } = parseMonth(month);
  return formatMonth(new Date(year, index, 1));
}

/** The month's first and last instants in local time, as ISO times for the API's filters. */
export function monthRange(month: string): { from: string; to: string } {
  const { year, index } = parseMonth(month);
  const start = new Date(year, index, 1);
  const end = new Date(new Date(year, index + 1, 1).getTime() - 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** The first day of the week holding `date`. */
export function startOfWeek(date: Date, weekStartsOn = WEEK_STARTS_ON): Date {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const offset = (start.getDay() - weekStartsOn + 7) % 7;
  start.setDate(start.getDate() - offset);
  return start;
}

/** Whole weeks covering the month, for a month grid; days of the months around it are marked. */
export function monthGrid(month: string, weekStartsOn = WEEK_STARTS_ON): CalendarDay[][] {
  const { year, index } = parseMonth(month);
  const cursor = startOfWeek(new Date(year, index, 1), weekStartsOn);
  const last = new Date(year, index + 1, 0);
  const weeks: CalendarDay[][] = [];
  while (cursor <= last) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i += 1) {
      const date = new Date(cursor);
      week.push({ day: toDay(date), date, inMonth: date.getMonth() === index });
      cursor.setDate(cursor.getDate() + 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** Short and long weekday names in order, starting on the week's first day. */
export function weekdayNames(weekStartsOn = WEEK_STARTS_ON): { short: string; long: string }[] {
  // 5 January 2026 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const date = new Date(2026, 0, 5 + ((weekStartsOn - 1 + i + 7) % 7));
    return { short: formatWeekdayName(date, 'short'), long: formatWeekdayName(date, 'long') };
  });
}

/** The local calendar day an instant falls on. */
export function localDay(iso: string): string {
  return toDay(new Date(iso));
}

/** Items by the local day they take place on, each day's in time order. */
export function groupByDay<T extends { occurs_at: string }>(items: readonly T[]): Map<string, T[]> {
  const days = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => Date.parse(a.occurs_at) - Date.parse(b.occurs_at));
  for (const item of sorted) {
    const day = localDay(item.occurs_at);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return days;
}

export interface WeekGroup<T> {
  /** The week's first day, "YYYY-MM-DD". */
  start: string;
  /** "2 Mar – 8 Mar". */
  label: string;
  items: T[];
}

/** Items grouped by the week they take place in, weeks and items in time order. */
export function groupByWeek<T extends { occurs_at: string }>(
  items: readonly T[],
  weekStartsOn = WEEK_STARTS_ON,
): WeekGroup<T>[] {
  const weeks = new Map<string, WeekGroup<T>>();
  const sorted = [...items].sort((a, b) => Date.parse(a.occurs_at) - Date.parse(b.occurs_at));
  for (const item of sorted) {
    const start = startOfWeek(new Date(item.occurs_at), weekStartsOn);
    const key = toDay(start);
    let group = weeks.get(key);
    if (group === undefined) {
      const end = new Date(start);
      end.setDate(end.getDate() + 6);
      group = { start: key, label: `${formatDayMonth(start)} – ${formatDayMonth(end)}`, items: [] };
      weeks.set(key, group);
    }
    group.items.push(item);
  }
  return [...weeks.values()];
}

/** Money raised by these actions, in pounds (the API's decimal strings added up in pence). */
export function totalRaised(items: readonly { money_raised: string | null }[]): number {
  const pence = items.reduce((sum, item) => {
    const amount = item.money_raised === null ? 0 : Number(item.money_raised);
    return Number.isFinite(amount) ? sum + Math.round(amount * 100) : sum;
  }, 0);
  return pence / 100;
}
