import { queryOptions } from '@tanstack/react-query';
import i18next from 'i18next';
import { api, unwrap } from './client';
import { receiveFile, type DownloadedFile } from './files';
import { fieldErrorMessage } from './errors';
import type { components } from './schema';
import { translatedLabels } from '../lib/labels';

export type ImportRead = components['schemas']['ImportRead'];
export type ImportPreview = components['schemas']['ImportPreview'];
export type PreviewRow = components['schemas']['PreviewRow'];
export type RowProblem = components['schemas']['RowError'];
export type ImportKind = components['schemas']['ImportKind'];
export type FileEncoding = components['schemas']['FileEncoding'];
export type Delimiter = components['schemas']['Delimiter'];
export type ImportMapping = components['schemas']['ImportMappingUpdate'];
export type ImportAction = PreviewRow['action'];

export const importKeys = {
  all: (groupId: string) => ['groups', groupId, 'imports'] as const,
  one: (groupId: string, importId: string) => [...importKeys.all(groupId), importId] as const,
};

/** How to read a CSV file when the person chose rather than leaving it to detection. */
export interface Reading {
  encoding?: FileEncoding;
  delimiter?: Delimiter;
}

/** Sends the file (CSV or .xlsx): the server reads it and guesses a mapping; nothing is imported yet. */
export function uploadImport(groupId: string, file: File, kind: ImportKind, reading: Reading = {}) {
  const form = new FormData();
  form.append('file', file);
  form.append('kind', kind);
  if (reading.encoding !== undefined) form.append('encoding', reading.encoding);
  if (reading.delimiter !== undefined) form.append('delimiter', reading.delimiter);
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/imports', {
      params: { path: { group_id: groupId } },
      // The form is sent as it is (multipart): the typed body only satisfies the schema.
      body: { file: file.name, kind, encoding: reading.encoding ?? null, delimiter: reading.delimiter ?? null },
      bodySerializer: () => form,
    }),
  );
}

export function deleteImport(groupId: string, importId: string) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/imports/{import_id}', {
      params: { path: { group_id: groupId, import_id: importId } },
    }),
  );
}

export function saveMapping(groupId: string, importId: string, body: ImportMapping) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/imports/{import_id}/mapping', {
      params: { path: { group_id: groupId, import_id: importId } },
      body,
    }),
  );
}

/** The rows shown in the preview (the totals cover the whole file). */
export const PREVIEW_ROWS = 100;

export function previewImport(groupId: string, importId: string) {
  return unwrap(
    api.GET('/api/v1/groups/{group_id}/imports/{import_id}/preview', {
      params: { path: { group_id: groupId, import_id: importId }, query: { limit: PREVIEW_ROWS } },
    }),
  );
}

export function runImport(groupId: string, importId: string, skipInvalidRows: boolean) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/imports/{import_id}/run', {
      params: { path: { group_id: groupId, import_id: importId } },
      body: { skip_invalid_rows: skipInvalidRows },
    }),
  );
}

/** An import's state; polled while it runs. */
export const importQuery = (groupId: string, importId: string) =>
  queryOptions({
    queryKey: importKeys.one(groupId, importId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/imports/{import_id}', {
          params: { path: { group_id: groupId, import_id: importId } },
        }),
      ),
  });

/** Every row of the file with its outcome (holds personal data). */
export function downloadImportReport(groupId: string, importId: string): Promise<DownloadedFile> {
  return receiveFile(
    () =>
      api.GET('/api/v1/groups/{group_id}/imports/{import_id}/report.csv', {
        params: { path: { group_id: groupId, import_id: importId } },
        parseAs: 'blob',
      }),
    'import-report.csv',
  );
}

/** The fields a column can feed, in words (the server's field names as keys). */
export const IMPORT_FIELD_LABELS: Readonly<Record<string, string>> = translatedLabels({
  full_name: () => i18next.t('Full name'),
  first_name: () => i18next.t('First name'),
  last_name: () => i18next.t('Last name'),
  email: () => i18next.t('Email'),
  phone: () => i18next.t('Phone'),
  workplace: () => i18next.t('Workplace'),
  department: () => i18next.t('Department'),
  shift: () => i18next.t('Shift'),
  job_title: () => i18next.t('Job title'),
  union: () => i18next.t('Union'),
  membership_status: () => i18next.t('Membership'),
  preferred_language: () => i18next.t('Preferred language'),
  tags: () => i18next.t('Tags'),
  notes: () => i18next.t('Notes'),
  source: () => i18next.t('Source'),
  lawful_basis: () => i18next.t('Lawful basis'),
  consent_note: () => i18next.t('Consent note'),
  external_id: () => i18next.t('External id'),
  name: () => i18next.t('Name'),
  employer: () => i18next.t('Employer'),
  sector: () => i18next.t('Sector'),
  address: () => i18next.t('Address'),
  postcode: () => i18next.t('Postcode'),
  unions: () => i18next.t('Unions'),
  estimated_headcount: () => i18next.t('Estimated headcount'),
});

export const ENCODING_LABELS = translatedLabels<FileEncoding>({
  'utf-8': () => i18next.t('UTF-8'),
  'utf-8-sig': () => i18next.t('UTF-8 with a byte order mark'),
  'utf-16': () => i18next.t('UTF-16 (“Unicode text”)'),
  'windows-1250': () => i18next.t('Central European (Windows-1250)'),
  'windows-1251': () => i18next.t('Cyrillic (Windows-1251)'),
  'windows-1252': () => i18next.t('Western European (Windows-1252)'),
  'windows-1253': () => i18next.t('Greek (Windows-1253)'),
  'windows-1254': () => i18next.t('Turkish (Windows-1254)'),
  'windows-1257': () => i18next.t('Baltic (Windows-1257)'),
  'iso-8859-2': () => i18next.t('Central European (ISO-8859-2)'),
  'iso-8859-15': () => i18next.t('Western European (ISO-8859-15)'),
});

export const DELIMITER_LABELS = translatedLabels<Delimiter>({
  comma: () => i18next.t('Commas'),
  semicolon: () => i18next.t('Semicolons'),
  tab: () => i18next.t('Tabs'),
});

export const ACTION_LABELS = translatedLabels<ImportAction>({
  create: () => i18next.t('Will be added'),
  update: () => i18next.t('Will update a record'),
  skip: () => i18next.t('Will be skipped'),
  fail: () => i18next.t('Has a problem'),
});

const MATCH_KEY_LABELS: Readonly<Record<string, string>> = translatedLabels({
  email: () => i18next.t('email address'),
  phone: () => i18next.t('phone number'),
  external_id: () => i18next.t('external id'),
  name: () => i18next.t('name'),
});

function number(value: string | number | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** A row's problem in the reader's language, from its stable code and values. */
export function problemMessage(problem: RowProblem): string {
  const ctx = problem.ctx;
  switch (problem.type) {
    case 'name_required':
      return i18next.t('A name is needed to add someone.');
    case 'missing':
      return i18next.t('This is required.');
    case 'not_membership_status':
      return i18next.t('“{value}” is not a membership status: use yes, no or lapsed.', {
        value: String(ctx.value ?? ''),
      });
    case 'not_a_language':
      return i18next.t('“{value}” is not a language we know: write its name in English or in itself, or its code (such as Polish, polski or pl).', {
        value: String(ctx.value ?? ''),
      });
    case 'needs_workplace':
      return ctx.part === 'shift'
        ? i18next.t('A shift needs its workplace: map a workplace column or choose a default workplace.')
        : i18next.t('A department needs its workplace: map a workplace column or choose a default workplace.');
    case 'ambiguous_match':
      return i18next.t(
        '{records, plural, one {# record has} other {# records have}} the same {matchedBy}: merge them first or match by another column.',
        { records: number(ctx.records), matchedBy: MATCH_KEY_LABELS[String(ctx.key)] ?? String(ctx.key) },
      );
    case 'ambiguous_place':
      return i18next.t('{places, plural, one {# place is} other {# places are}} called “{name}”: rename one.', {
        places: number(ctx.places),
        name: String(ctx.name ?? ''),
      });
    default:
      // The row's other problems are the field rules the API's own forms are refused by.
      return fieldErrorMessage('validation_error', problem.type, ctx);
  }
}
