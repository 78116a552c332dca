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

export async function signup(body: SignupBody) {
  const token = await unwrap(api.POST('/api/v1/auth/signup', { body }));
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
