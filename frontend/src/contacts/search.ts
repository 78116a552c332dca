import type { ContactFilters, MembershipStatus } from '../api/contacts';
import { isSpokenLanguage } from '../lib/spokenLanguages';

const MEMBERSHIP: readonly MembershipStatus[] = ['member', 'non_member', 'lapsed', 'unknown'];
const SORTS = new Set([
  'full_name',
  '-full_name',
  'assessment_level',
  '-assessment_level',
  'last_conversation_at',
  '-last_conversation_at',
  '-updated_at',
  '-created_at',
]);
const ID = /^[0-9a-f-]{36}$/i;

function text(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim().slice(0, max);
  return trimmed === '' ? undefined : trimmed;
}

function id(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

/** Language codes as the URL holds them, "pl,ro": known codes only, each once. */
function languages(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const codes = [...new Set(value.split(',').map((code) => code.trim()))].filter(isSpokenLanguage).slice(0, 20);
  return codes.length > 0 ? codes.join(',') : undefined;
}

/** Reads the contacts list's filters from its URL, dropping anything invalid. */
export function validateContactSearch(search: Record<string, unknown>): ContactFilters {
  const level = text(search.level);
  const levelNumber = Number(level);
  const membership = text(search.membership);
  const sort = text(search.sort);
  const quiet = Number(search.quiet);
  const filters: ContactFilters = {
    q: text(search.q),
    workplace: id(search.workplace),
    department: id(search.department),
    shift: id(search.shift),
    level:
      level === 'unassessed'
        ? level
        : Number.isInteger(levelNumber) && levelNumber >= 1 && levelNumber <= 5
          ? levelNumber
          : undefined,
    membership: MEMBERSHIP.find((m) => m === membership),
    tag: text(search.tag, 50),
    organiser: id(search.organiser),
    speaks: languages(search.speaks),
    quiet: Number.isInteger(quiet) && quiet >= 1 && quiet <= 3650 ? quiet : undefined,
    sort: sort !== undefined && SORTS.has(sort) ? sort : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

export interface MergeSearch {
  /** The other record of the same person. */
  with?: string;
}

export function validateMergeSearch(search: Record<string, unknown>): MergeSearch {
  const other = id(search.with);
  return other === undefined ? {} : { with: other };
}

export interface EditContactSearch {
  /** A change queued on this device that someone else's change got in before: open it on the conflict screen. */
  queued?: string;
}

export function validateEditContactSearch(search: Record<string, unknown>): EditContactSearch {
  const queued = id(search.queued);
  return queued === undefined ? {} : { queued };
}

export interface QuickLogSearch {
  /** A contact to log a conversation with, e.g. from their page. */
  contact?: string;
  /** The call list the conversation came from, to go back to once it is saved. */
  list?: string;
}

export function validateQuickLogSearch(search: Record<string, unknown>): QuickLogSearch {
  const contact = id(search.contact);
  const list = id(search.list);
  return { ...(contact === undefined ? {} : { contact }), ...(list === undefined ? {} : { list }) };
}

export interface WorkplacesSearch {
  q?: string;
}

export function validateWorkplacesSearch(search: Record<string, unknown>): WorkplacesSearch {
  const q = text(search.q);
  return q === undefined ? {} : { q };
}

export interface WorkplaceSearch {
  /** A shift whose cells the wall chart shows instead of all shifts. */
  shift?: string;
  /** A language: the wall chart shows only the people who speak it. */
  language?: string;
}

export function validateWorkplaceSearch(search: Record<string, unknown>): WorkplaceSearch {
  const shift = typeof search.shift === 'string' && (search.shift === 'none' || ID.test(search.shift)) ? search.shift : undefined;
  const language = typeof search.language === 'string' && isSpokenLanguage(search.language) ? search.language : undefined;
  return { ...(shift === undefined ? {} : { shift }), ...(language === undefined ? {} : { language }) };
}

export interface FollowUpsSearch {
  view?: 'everyone' | 'done';
}

export function validateFollowUpsSearch(search: Record<string, unknown>): FollowUpsSearch {
  return search.view === 'everyone' || search.view === 'done' ? { view: search.view } : {};
}
