import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { receiveFile } from '../../api/files';
import type { components, operations } from '../../api/schema';

export type Bulletin = components['schemas']['BulletinRead'];
export type Edition = components['schemas']['EditionRead'];
export type EditionSummary = components['schemas']['EditionSummary'];
export type Article = components['schemas']['ArticleRead'];
export type ArticleText = components['schemas']['ArticleText'];
export type ArticleSection = components['schemas']['ArticleSection'];
export type IdentificationCheck = components['schemas']['IdentificationCheck'];
export type ChecklistItem = components['schemas']['ChecklistItem'];
export type Handout = components['schemas']['HandoutRead'];
export type HandoutCreate = components['schemas']['HandoutCreate'];
export type Feedback = components['schemas']['FeedbackRead'];
export type FeedbackCreate = components['schemas']['FeedbackCreate'];
export type PaperLayout = components['schemas']['PaperLayout'];
export type Language = operations['print_edition']['parameters']['path']['language'];

const PAGE = 100;

export const bulletinKeys = {
  all: (groupId: string) => ['groups', groupId, 'bulletins'] as const,
  editions: (groupId: string, bulletinId: string) => ['groups', groupId, 'bulletins', bulletinId, 'editions'] as const,
  edition: (groupId: string, editionId: string) => ['groups', groupId, 'bulletins', 'edition', editionId] as const,
  check: (groupId: string, editionId: string) => ['groups', groupId, 'bulletins', 'check', editionId] as const,
  handouts: (groupId: string, editionId: string) => ['groups', groupId, 'bulletins', 'handouts', editionId] as const,
  feedback: (groupId: string, editionId: string) => ['groups', groupId, 'bulletins', 'feedback', editionId] as const,
};

export const bulletinsQuery = (groupId: string) =>
  queryOptions({
    queryKey: bulletinKeys.all(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/bulletins', { params: { path: { group_id: groupId }, query: { limit: PAGE } } })),
  });

export const editionsQuery = (groupId: string, bulletinId: string) =>
  queryOptions({
    queryKey: bulletinKeys.editions(groupId, bulletinId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/bulletins/{bulletin_id}/editions', {
          params: { path: { group_id: groupId, bulletin_id: bulletinId }, query: { limit: PAGE } },
        }),
      ),
  });

export const editionQuery = (groupId: string, editionId: string) =>
  queryOptions({
    queryKey: bulletinKeys.edition(groupId, editionId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/editions/{edition_id}', {
          params: { path: { group_id: groupId, edition_id: editionId } },
        }),
      ),
  });

export const handoutsQuery = (groupId: string, editionId: string) =>
  queryOptions({
    queryKey: bulletinKeys.handouts(groupId, editionId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/editions/{edition_id}/handouts', {
          params: { path: { group_id: groupId, edition_id: editionId }, query: { limit: PAGE } },
        }),
      ),
  });

export const feedbackQuery = (groupId: string, editionId: string) =>
  queryOptions({
    queryKey: bulletinKeys.feedback(groupId, editionId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/editions/{edition_id}/feedback', {
          params: { path: { group_id: groupId, edition_id: editionId }, query: { limit: PAGE } },
        }),
      ),
  });

export function createBulletin(groupId: string, title: string, contactText: string, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/bulletins', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': key } },
      body: { title, contact_text: contactText || null },
    }),
  );
}

export function createEdition(groupId: string, bulletinId: string, editionDate: string, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/bulletins/{bulletin_id}/editions', {
      params: { path: { group_id: groupId, bulletin_id: bulletinId }, header: { 'idempotency-key': key } },
      body: { edition_date: editionDate },
    }),
  );
}

export function createArticle(
  groupId: string,
  editionId: string,
  section: ArticleSection,
  texts: Record<string, ArticleText>,
  storyId: string | null,
  key: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/editions/{edition_id}/articles', {
      params: { path: { group_id: groupId, edition_id: editionId }, header: { 'idempotency-key': key } },
      body: { section, texts, story_id: storyId },
    }),
  );
}

export function updateArticleTexts(
  groupId: string,
  article: Article,
  texts: Record<string, ArticleText>,
) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/editions/{edition_id}/articles/{article_id}', {
      params: { path: { group_id: groupId, edition_id: article.edition_id, article_id: article.id } },
      body: { texts, version: article.version },
    }),
  );
}

const checkPath = '/api/v1/groups/{group_id}/editions/{edition_id}/identification-check' as const;

export function runCheck(groupId: string, editionId: string) {
  return unwrap(api.POST(checkPath, { params: { path: { group_id: groupId, edition_id: editionId } } }));
}

export function confirmFindings(groupId: string, editionId: string, keys: string[]) {
  return unwrap(
    api.POST(`${checkPath}/confirmations`, {
      params: { path: { group_id: groupId, edition_id: editionId } },
      body: { keys },
    }),
  );
}

export function tickChecklist(groupId: string, editionId: string, items: ChecklistItem[]) {
  return unwrap(
    api.POST(`${checkPath}/checklist`, {
      params: { path: { group_id: groupId, edition_id: editionId } },
      body: { items },
    }),
  );
}

export function downloadPdf(groupId: string, edition: Edition, language: Language, layout: PaperLayout) {
  return receiveFile(
    () =>
      api.GET('/api/v1/groups/{group_id}/editions/{edition_id}/pdf/{language}', {
        params: { path: { group_id: groupId, edition_id: edition.id, language }, query: { layout } },
        parseAs: 'blob',
      }),
    `edition-${edition.number}-${language}.pdf`,
  );
}

export function createHandout(groupId: string, editionId: string, body: HandoutCreate, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/editions/{edition_id}/handouts', {
      params: { path: { group_id: groupId, edition_id: editionId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

export function createFeedback(groupId: string, editionId: string, body: FeedbackCreate, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/editions/{edition_id}/feedback', {
      params: { path: { group_id: groupId, edition_id: editionId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

/** Records the print run; the stories its articles were written from become printed. */
export function recordPrintRun(groupId: string, edition: Edition, copiesPrinted: number, printedOn: string) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/editions/{edition_id}', {
      params: { path: { group_id: groupId, edition_id: edition.id } },
      body: { copies_printed: copiesPrinted, printed_on: printedOn, version: edition.version },
    }),
  );
}
