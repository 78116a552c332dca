import { queryOptions } from '@tanstack/react-query';
import { api, authStore, unwrap } from './client';
import type { SignupBody } from './types';

export const instanceQuery = queryOptions({
  queryKey: ['instance'],
  queryFn: () => unwrap(api.GET('/api/v1/instance')),
  staleTime: 60_000,
});

export async function login(body: { email: string; password: string }) {
  const token = await unwrap(api.POST('/api/v1/auth/login', { body }));
  authStore.signIn(token);
  return token;
}

export type SignupOutcome =
  | { kind: 'signedIn' }
  | { kind: 'confirmationSent'; email: string; linkValidHours: number };

/**
 * The server's first account is signed in at once; any later sign-up is finished from a
 * link mailed to the address (the answer is the same whether or not it has an account).
 */
export async function signup(body: SignupBody): Promise<SignupOutcome> {
  const answer = await unwrap(api.POST('/api/v1/auth/signup', { body }));
  if ('access_token' in answer) {
    authStore.signIn(answer);
    return { kind: 'signedIn' };
  }
  return { kind: 'confirmationSent', email: answer.email, linkValidHours: answer.link_valid_hours };
}

export async function confirmSignup(body: { token: string }) {
  const token = await unwrap(api.POST('/api/v1/auth/signup/confirm', { body }));
  authStore.signIn(token);
  return token;
}

export async function logout() {
  try {
    await unwrap(api.POST('/api/v1/auth/logout'));
  } finally {
    authStore.signOut('logout');
  }
}

export function requestPasswordReset(body: { email: string }) {
  return unwrap(api.POST('/api/v1/auth/password-reset', { body }));
}

export function confirmPasswordReset(body: { token: string; new_password: string }) {
  return unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body }));
}
