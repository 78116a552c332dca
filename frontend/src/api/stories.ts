import createClient from 'openapi-fetch';
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { unwrapUpdate } from './conflict';
import type { GroupId } from './types';
import type { components, paths } from './schema';

export type Story = components['schemas']['StoryRead'];
export type StoryCreate = components['schemas']['StoryCreate'];
export type StoryUpdate = components['schemas']['StoryUpdate'];
export type StoryStatus = components['schemas']['StoryStatus'];
type StoryPage = components['schemas']['StoryPage'];
export type TipLink = components['schemas']['TipLinkRead'];
export type TipSubmission = components['schemas']['TipSubmission'];

/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export const storyKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'stories'] as const,
  board: (groupId: GroupId) => ['groups', groupId, 'stories', 'board'] as const,
  detail: (groupId: GroupId, storyId: string) => ['groups', groupId, 'stories', 'one', storyId] as const,
  tipLink: (groupId: GroupId) => ['groups', groupId, 'tip-link'] as const,
};

/** Every story in the pool (a group's pool is small: an editorial meeting's worth). */
export const storyBoardQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: storyKeys.board(groupId),
    queryFn: async () => {
      const items: Story[] = [];
      let cursor: string | null = null;
      do {
        const page: StoryPage = await unwrap(
          api.GET('/api/v1/groups/{group_id}/stories', {
            params: {
              path: { group_id: groupId },
              query: { limit: MAX_PAGE, sort: '-updated_at', ...(cursor === null ? {} : { cursor }) },
            },
          }),
        );
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return items;
    },
  });

export const storyQuery = (groupId: GroupId, storyId: string) =>
  queryOptions({
    queryKey: storyKeys.detail(groupId, storyId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/stories/{story_id}', {
          params: { path: { group_id: groupId, story_id: storyId } },
        }),
      ),
  });

export function createStory(groupId: GroupId, body: StoryCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/stories', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

/** A new idea drafted from a conversation's issues and notes. */
export function storyFromConversation(groupId: GroupId, conversationId: string, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/conversations/{conversation_id}/story', {
      params: {
        path: { group_id: groupId, conversation_id: conversationId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body: {},
    }),
  );
}

export function updateStory(groupId: GroupId, storyId: string, body: StoryUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/stories/{story_id}', {
      params: { path: { group_id: groupId, story_id: storyId } },
      body,
    }),
  );
}

export function deleteStory(groupId: GroupId, storyId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/stories/{story_id}', {
      params: { path: { group_id: groupId, story_id: storyId }, query: { version } },
    }),
  );
}

export const tipLinkQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: storyKeys.tipLink(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/tip-link', { params: { path: { group_id: groupId } } })),
  });

export function openTipLink(groupId: GroupId) {
  return unwrap(api.PUT('/api/v1/groups/{group_id}/tip-link', { params: { path: { group_id: groupId } } }));
}

export function rotateTipLink(groupId: GroupId) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/tip-link/rotation', { params: { path: { group_id: groupId } } }),
  );
}

export async function closeTipLink(groupId: GroupId) {
  await unwrap(api.DELETE('/api/v1/groups/{group_id}/tip-link', { params: { path: { group_id: groupId } } }));
}

/** The public page's address for a token: in the fragment, so it never reaches a server log. */
export function tipPageUrl(token: string): string {
  return `${globalThis.location.origin}/tip#token=${encodeURIComponent(token)}`;
}

// The tip goes without the session's token or cookies: nothing ties it to an account.
const anonymousClient = createClient<paths>({ baseUrl: globalThis.location.origin, credentials: 'omit' });

export function sendTip(token: string, body: TipSubmission) {
  return unwrap(anonymousClient.POST('/api/v1/tips/{token}', { params: { path: { token } }, body }));
}
