import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';
import i18next from 'i18next';
import { translatedLabels } from '../lib/labels';

export type ContactReadEntry = components['schemas']['ContactReadEntry'];
export type ReadKind = ContactReadEntry['kind'];
export type TopReader = components['schemas']['TopReader'];
export type ReadAlertSettings = components['schemas']['ReadAlertSettings'];

export const readKeys = {
  all: (groupId: string) => ['groups', groupId, 'read-audit'] as const,
  contact: (groupId: string, contactId: string) => [...readKeys.all(groupId), 'contact', contactId] as const,
};

/** Who has looked at one person, newest first. */
export const contactReadsQuery = (groupId: string, contactId: string) =>
  infiniteQueryOptions({
    queryKey: readKeys.contact(groupId, contactId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/audit/reads/contacts/{contact_id}', {
          params: {
            path: { group_id: groupId, contact_id: contactId },
            query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export const topReadersQuery = (groupId: string, days: number) =>
  queryOptions({
    queryKey: [...readKeys.all(groupId), 'top', days],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/audit/reads/top', {
          params: { path: { group_id: groupId }, query: { days } },
        }),
      ),
  });

export const readAlertQuery = (groupId: string) =>
  queryOptions({
    queryKey: [...readKeys.all(groupId), 'settings'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/audit/reads/settings', { params: { path: { group_id: groupId } } })),
  });

export function saveReadAlert(groupId: string, body: ReadAlertSettings) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/audit/reads/settings', { params: { path: { group_id: groupId } }, body }),
  );
}

/** What each kind of read was, in words. */
export const READ_KIND_LABELS = translatedLabels<ReadKind>({
  contact: () => i18next.t('Opened their page'),
  contact_history: () => i18next.t('Read their timeline'),
  contact_conversations: () => i18next.t('Read their conversations'),
  contact_assessments: () => i18next.t('Read their assessments'),
  conversation: () => i18next.t('Read a conversation with them'),
  follow_up: () => i18next.t('Read a follow-up about them'),
  dispute_contact: () => i18next.t('Read how they are linked to a dispute'),
  action: () => i18next.t('Read a solidarity action they took part in'),
  fund_entry: () => i18next.t('Read a strike fund payment to them'),
  contact_list: () => i18next.t('Saw them in a contact list'),
  conversation_list: () => i18next.t('Saw them in a conversation list'),
  follow_up_list: () => i18next.t('Saw them in a follow-up list'),
  dispute_contact_list: () => i18next.t('Saw them in a dispute’s people'),
  action_list: () => i18next.t('Saw them in a solidarity action list'),
  fund_entry_list: () => i18next.t('Saw them among a strike fund’s payments'),
  test_worker_list: () => i18next.t('Saw them in a structure test’s list'),
  ballot_roll: () => i18next.t('Saw them on a ballot roll'),
  duplicate_check: () => i18next.t('Found them with a duplicate check'),
  wall_chart: () => i18next.t('Read a wall chart'),
  committee_coverage: () => i18next.t('Saw them in the committee coverage'),
  change_feed: () => i18next.t('Read them through the change feed'),
  export: () => i18next.t('Exported them'),
  subject_access: () => i18next.t('Made a subject access bundle'),
});
