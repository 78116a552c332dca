import { useSyncExternalStore } from 'react';
import { authStore, refreshSession, type AuthState } from '../api/client';

let started: Promise<void> | null = null;

/**
 * Restores the session from the refresh cookie, once per page load. Routes
 * await it before deciding whether the visitor is logged in.
 */
export function initSession(): Promise<void> {
  started ??= refreshSession().then(() => undefined);
  return started;
}

export function isAuthenticated(): boolean {
  return authStore.getState().status === 'authenticated';
}

export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.getState, authStore.getState);
}

/** A path inside this app to go to after logging in, or null when unsafe. */
export function safeRedirect(target: unknown): string | null {
  if (typeof target !== 'string') return null;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null;
  return target;
}
