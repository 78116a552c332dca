import { isActionKind, type ActionKind } from './labels';

export type ActionView = 'list' | 'calendar';

/** What the solidarity actions page shows, kept in its URL. */
export interface ActionSearch {
  view?: ActionView;
  /** The calendar's month, "YYYY-MM". */
  month?: string;
  kind?: ActionKind[];
  dispute?: string;
  q?: string;
}

export function isMonth(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value)) return false;
  const month = Number(value.slice(5));
  return month >= 1 && month <= 12;
}

export function validateActionSearch(search: Record<string, unknown>): ActionSearch {
  const out: ActionSearch = {};
  if (search.view === 'list' || search.view === 'calendar') out.view = search.view;
  if (isMonth(search.month)) out.month = search.month;
  const rawKind = Array.isArray(search.kind) ? search.kind : search.kind === undefined ? [] : [search.kind];
  const kind = rawKind.filter(isActionKind);
  if (kind.length > 0) out.kind = kind;
  if (typeof search.dispute === 'string' && /^[0-9a-f-]{36}$/i.test(search.dispute)) out.dispute = search.dispute;
  if (typeof search.q === 'string' && search.q.trim() !== '') out.q = search.q.trim().slice(0, 200);
  return out;
}

/** Prefill for a new action, e.g. when recorded from a dispute's page. */
export interface NewActionSearch {
  dispute?: string;
}

export function validateNewActionSearch(search: Record<string, unknown>): NewActionSearch {
  return typeof search.dispute === 'string' && /^[0-9a-f-]{36}$/i.test(search.dispute)
    ? { dispute: search.dispute }
    : {};
}
