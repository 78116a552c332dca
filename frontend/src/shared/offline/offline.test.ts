import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../../api/types';
import { freshness, noteAnswer, noteUnreachable } from '../../api/freshness';
import { SAVED_AT_HEADER, endsGroupAccess, forgetGroup, groupOfUrl, isOfflineReadable } from './cachePolicy';
import { offlineDataAction } from './offlineData';

const origin = 'https://shopfloor.example';
const at = (path: string) => new URL(path, origin);
const G = '0192f0aa-0000-7000-8000-000000000001';

describe('isOfflineReadable', () => {
  it('keeps what the quick log, my follow-ups, the contacts list and the wall chart read', () => {
    for (const path of [
      '/api/v1/me',
      '/api/v1/groups',
      `/api/v1/groups/${G}`,
      `/api/v1/groups/${G}/members`,
      `/api/v1/groups/${G}/assessment-scale`,
      `/api/v1/groups/${G}/contacts?q=sam&limit=50`,
      `/api/v1/groups/${G}/contacts/c1`,
      `/api/v1/groups/${G}/contacts/c1/conversations`,
      `/api/v1/groups/${G}/follow-ups/mine?limit=50`,
      `/api/v1/groups/${G}/follow-ups?contact_id=c1&done=false`,
      `/api/v1/groups/${G}/workplaces`,
      `/api/v1/groups/${G}/workplaces/w1/chart`,
      `/api/v1/groups/${G}/workplaces/w1/departments`,
    ]) {
      expect(isOfflineReadable(at(path)), path).toBe(true);
    }
  });

  it('never keeps exports, subject-access bundles, audit trails, invites, tokens or duplicate checks', () => {
    for (const path of [
      `/api/v1/groups/${G}/contacts/c1/subject-access/download`,
      `/api/v1/groups/${G}/contacts/c1/history`,
      `/api/v1/groups/${G}/contacts/duplicates`,
      `/api/v1/groups/${G}/audit/reads/top`,
      `/api/v1/groups/${G}/invites`,
      `/api/v1/groups/${G}/exports`,
      `/api/v1/me/sessions`,
      '/api/v1/auth/refresh',
      '/assets/index.js',
    ]) {
      expect(isOfflineReadable(at(path)), path).toBe(false);
    }
  });
});

describe('which answers end a group’s kept copies', () => {
  it('reads the group from the URL', () => {
    expect(groupOfUrl(`${origin}/api/v1/groups/${G}/contacts?q=x`)).toBe(G);
    expect(groupOfUrl(`${origin}/api/v1/me`)).toBeNull();
  });

  it('forgets on a refusal or on "group not found" (a removed member), not on an expired access token', () => {
    expect(endsGroupAccess(403, 'forbidden')).toBe(true);
    expect(endsGroupAccess(404, 'group_not_found')).toBe(true);
    expect(endsGroupAccess(404, 'not_found')).toBe(false);
    expect(endsGroupAccess(401, 'unauthorized')).toBe(false);
    expect(endsGroupAccess(200, null)).toBe(false);
  });

  it('deletes only that group’s answers', async () => {
    const kept = new Map<string, Request>();
    for (const path of [`/api/v1/groups/${G}/contacts`, `/api/v1/groups/${G}`, '/api/v1/groups/other/contacts', '/api/v1/me']) {
      kept.set(`${origin}${path}`, new Request(`${origin}${path}`));
    }
    const cache = {
      keys: () => Promise.resolve([...kept.values()]),
      delete: (request: Request) => Promise.resolve(kept.delete(request.url)),
    } as unknown as Cache;
    await forgetGroup(cache, G);
    expect([...kept.keys()]).toEqual([`${origin}/api/v1/groups/other/contacts`, `${origin}/api/v1/me`]);
  });
});

describe('offlineDataAction', () => {
  const user = (id: string) => ({ id, email: `${id}@example.org`, display_name: id }) as AuthUser;

  it('keeps the answers for the person they belong to, online or opened offline', () => {
    expect(offlineDataAction({ status: 'authenticated', user: user('kim') }, 'kim')).toBe('keep');
    expect(offlineDataAction({ status: 'authenticated', user: user('kim'), offline: true }, 'kim')).toBe('keep');
    expect(offlineDataAction({ status: 'unknown', user: null }, 'kim')).toBe('keep');
  });

  it('forgets them at log-out, when the session ends, and before someone else uses the device', () => {
    expect(offlineDataAction({ status: 'anonymous', user: null, ended: 'logout' }, 'kim')).toBe('forget');
    expect(offlineDataAction({ status: 'anonymous', user: null, ended: 'expired' }, 'kim')).toBe('forget');
    expect(offlineDataAction({ status: 'authenticated', user: user('sam') }, 'kim')).toBe('forget');
    expect(offlineDataAction({ status: 'authenticated', user: user('sam') }, null)).toBe('forget');
  });
});

describe('freshness', () => {
  const answer = (savedAt?: string) =>
    new Response('{}', { headers: savedAt === undefined ? {} : { [SAVED_AT_HEADER]: savedAt } });

  it('tells the oldest kept copy on screen until an answer comes straight from the server', () => {
    noteAnswer(answer());
    expect(freshness.get()).toEqual({ keptSince: null, unreachable: false });
    noteAnswer(answer('2026-05-04T09:00:00.000Z'));
    noteAnswer(answer('2026-05-04T08:00:00.000Z'));
    noteUnreachable();
    noteAnswer(answer('2026-05-04T10:00:00.000Z'));
    expect(freshness.get()).toEqual({ keptSince: '2026-05-04T08:00:00.000Z', unreachable: false });
    noteUnreachable();
    expect(freshness.get()).toEqual({ keptSince: '2026-05-04T08:00:00.000Z', unreachable: true });
    noteAnswer(answer());
    expect(freshness.get()).toEqual({ keptSince: null, unreachable: false });
  });
});
