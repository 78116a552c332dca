/**
 * Which API answers the service worker keeps for use without signal, and how
 * the page and the worker recognise them. Shared by both, so the rule is
 * written once (see docs/security.md, "Offline data").
 */

/** The one cache holding API answers: deleting it forgets every one of them. */
export const API_CACHE = 'shopfloor-api-v1';

/** Set by the service worker on a kept copy: when the server sent it. */
export const SAVED_AT_HEADER = 'x-shopfloor-saved-at';

const GROUP = String.raw`/api/v1/groups/[^/]+`;

// Only what the quick log, "my follow-ups", the contacts list and the wall
// chart read. Exports, subject-access bundles, audit trails, invites, tokens
// and settings are never kept on the device.
const OFFLINE_READABLE = [
  String.raw`/api/v1/me`,
  String.raw`/api/v1/groups`,
  GROUP,
  `${GROUP}/members`,
  `${GROUP}/assessment-scale`,
  `${GROUP}/contacts`,
  `${GROUP}/contacts/(?!duplicates$)[^/]+`,
  `${GROUP}/contacts/[^/]+/conversations`,
  `${GROUP}/conversations`,
  `${GROUP}/follow-ups`,
  `${GROUP}/follow-ups/mine`,
  `${GROUP}/workplaces`,
  `${GROUP}/workplaces/[^/]+`,
  `${GROUP}/workplaces/[^/]+/(chart|departments|shifts)`,
].map((pattern) => new RegExp(`^${pattern}$`));

/** Whether a GET of this same-origin URL may be kept for reading offline. */
export function isOfflineReadable(url: URL): boolean {
  return OFFLINE_READABLE.some((pattern) => pattern.test(url.pathname));
}

/** The group an API URL belongs to, or null for the account's own routes. */
export function groupOfUrl(url: URL | string): string | null {
  const { pathname } = typeof url === 'string' ? new URL(url) : url;
  const match = /^\/api\/v1\/groups\/([^/]+)/.exec(pathname);
  return match?.[1] ?? null;
}

/**
 * Whether an answer means this person may no longer read the group: refused
 * (403), or the group not found, which is also what a removed member is told.
 * Their kept copies of the group must go. A 401 only says the short-lived
 * access token has run out: the page refreshes it, and when the session
 * itself has ended the page forgets every kept answer (offlineData.ts).
 */
export function endsGroupAccess(status: number, errorCode: string | null): boolean {
  return status === 403 || (status === 404 && errorCode === 'group_not_found');
}

/** Deletes the kept answers of one group from a cache. */
export async function forgetGroup(cache: Cache, groupId: string): Promise<void> {
  const requests = await cache.keys();
  await Promise.all(
    requests
      .filter((request) => groupOfUrl(request.url) === groupId)
      .map((request) => cache.delete(request)),
  );
}
