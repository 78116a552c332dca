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

export const DISPUTE_SORTS = {
  '-updated_at': 'Recently changed',
  '-started_on': 'Started, newest first',
  started_on: 'Started, oldest first',
  title: 'Title, A to Z',
} as const;
export type DisputeSort = keyof typeof DISPUTE_SORTS;

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
  if (typeof search.sort === 'string' && search.sort in DISPUTE_SORTS) out.sort = search.sort as DisputeSort;
  return out;
}
