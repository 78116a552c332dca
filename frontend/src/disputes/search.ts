import i18next from 'i18next';
import { isDisputeStatus } from '../shared/disputeLabels';
import type { DisputeStatus } from '../api/disputeTypes';

export type DisputeView = 'board' | 'list';

/** What the disputes page shows, kept in its URL. */
export interface DisputeSearch {
  view?: DisputeView;
  status?: DisputeStatus[];
  workplace?: string;
  union?: string;
  q?: string;
  sort?: DisputeSort;
}

export const DISPUTE_SORTS = ['-updated_at', '-started_on', 'started_on', 'title'] as const;
export type DisputeSort = (typeof DISPUTE_SORTS)[number];

export function disputeSortLabel(sort: DisputeSort): string {
  switch (sort) {
    case '-updated_at':
      return i18next.t('Recently changed');
    case '-started_on':
      return i18next.t('Started, newest first');
    case 'started_on':
      return i18next.t('Started, oldest first');
    case 'title':
      return i18next.t('Title, A to Z');
  }
}

function isDisputeSort(value: unknown): value is DisputeSort {
  return typeof value === 'string' && (DISPUTE_SORTS as readonly string[]).includes(value);
}

function text(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

export function validateDisputeSearch(search: Record<string, unknown>): DisputeSearch {
  const out: DisputeSearch = {};
  if (search.view === 'list' || search.view === 'board') out.view = search.view;
  const rawStatus = Array.isArray(search.status) ? search.status : search.status === undefined ? [] : [search.status];
  const status = rawStatus.filter(isDisputeStatus);
  if (status.length > 0) out.status = status;
  const workplace = text(search.workplace, 64);
  if (workplace !== undefined) out.workplace = workplace;
  const union = text(search.union, 100);
  if (union !== undefined) out.union = union;
  const q = text(search.q);
  if (q !== undefined) out.q = q;
  if (isDisputeSort(search.sort)) out.sort = search.sort;
  return out;
}
