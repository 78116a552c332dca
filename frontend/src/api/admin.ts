import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type Account = components['schemas']['AccountRead'];

export const accountsQuery = infiniteQueryOptions({
  queryKey: ['admin', 'accounts'],
  queryFn: ({ pageParam }) =>
    unwrap(api.GET('/api/v1/admin/users', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
  initialPageParam: null as string | null,
  getNextPageParam: (page) => page.next_cursor ?? undefined,
});

/** Opens or closes sign-up without an invite. */
export function setSignupOpen(signupOpen: boolean) {
  return unwrap(api.PATCH('/api/v1/admin/instance', { body: { signup_open: signupOpen } }));
}
