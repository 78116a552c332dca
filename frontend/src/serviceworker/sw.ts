/// <reference lib="webworker" />
/**
 * The service worker, built by vite-plugin-pwa (injectManifest) from Workbox's
 * modules: the app shell, route chunks and language catalogues are precached;
 * the API answers the offline screens need are fetched network first and kept
 * for when there is no signal. What is kept, and when it is forgotten, is
 * described in docs/security.md ("Offline data").
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { API_CACHE, SAVED_AT_HEADER, endsGroupAccess, forgetGroup, groupOfUrl, isOfflineReadable } from '../shared/offline/cachePolicy';

// The list of files to precache is written in here by the build.
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first install takes over the open page at once, so the first visit is
// already kept for offline use; later versions wait for "Reload" (below).
clientsClaim();

// Every page of the app is index.html; the API and the API reference are not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api(\/|$)/] }));

async function errorCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** Notes on the kept copy when the server sent it, so the page can say "as of". */
const stampSavedAt: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => {
    const headers = new Headers(response.headers);
    headers.set(SAVED_AT_HEADER, new Date().toISOString());
    return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  },
};

/** A member removed from a group (or refused by it) loses the group's kept answers at once. */
const forgetRefusedGroup: WorkboxPlugin = {
  fetchDidSucceed: async ({ request, response }) => {
    const groupId = groupOfUrl(request.url);
    if (groupId !== null && endsGroupAccess(response.status, await errorCode(response))) {
      await forgetGroup(await caches.open(API_CACHE), groupId);
    }
    return response;
  },
};

registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && isOfflineReadable(url),
  new NetworkFirst({
    cacheName: API_CACHE,
    // No time limit: a slow server still gives the answer it has now. A kept
    // copy is shown only when no answer can come at all.
    // The kept copy was fetched with the access token of its time.
    matchOptions: { ignoreVary: true },
    plugins: [
      forgetRefusedGroup,
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 14 * 24 * 60 * 60, purgeOnQuotaError: true }),
      stampSavedAt,
    ],
  }),
);

// The page asks for this when the person presses "Reload" on the update prompt.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
