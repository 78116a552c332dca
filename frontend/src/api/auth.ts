import { queryOptions } from '@tanstack/react-query';
import {
  startAuthentication,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { api, authStore, unwrap } from './client';
import i18next from 'i18next';
import { preferredLanguage } from '../lib/languages';
import type { AuthToken, SecondFactorBody, SecondFactorStep, SignupBody } from './types';

export const instanceQuery = queryOptions({
  queryKey: ['instance'],
  queryFn: () => unwrap(api.GET('/api/v1/instance')),
  staleTime: 60_000,
});

/** A login either signs in, or (two-factor accounts) opens a second step. */
export type LoginOutcome = { kind: 'signed-in'; token: AuthToken } | { kind: 'second-factor'; step: SecondFactorStep };

function signedIn(token: AuthToken): LoginOutcome {
  authStore.signIn(token);
  return { kind: 'signed-in', token };
}

export async function login(body: { email: string; password: string }): Promise<LoginOutcome> {
  const answer = await unwrap(api.POST('/api/v1/auth/login', { body }));
  if ('second_factor_required' in answer) return { kind: 'second-factor', step: answer };
  return signedIn(answer);
}

/** The second step: exactly one of an app code, a recovery code or a passkey. */
export type SecondFactorAnswer = { code: string } | { recovery_code: string } | { passkey: true };

export async function completeSecondFactor(step: SecondFactorStep, answer: SecondFactorAnswer) {
  let body: SecondFactorBody;
  if ('passkey' in answer) {
    if (!step.passkey_options) throw new Error('This account has no passkey');
    const assertion = await startAuthentication({
      optionsJSON: step.passkey_options as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
    body = { challenge: step.challenge, passkey: assertion as unknown as Record<string, unknown> };
  } else {
    body = { challenge: step.challenge, ...answer };
  }
  return signedIn(await unwrap(api.POST('/api/v1/auth/login/second-factor', { body })));
}

/** Passwordless: the browser offers the passkeys it holds for this site. */
export async function loginWithPasskey() {
  const ceremony = await unwrap(api.POST('/api/v1/auth/passkey/options'));
  const assertion = await startAuthentication({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  const token = await unwrap(
    api.POST('/api/v1/auth/passkey/login', {
      body: { challenge: ceremony.challenge, credential: assertion as unknown as Record<string, unknown> },
    }),
  );
  return signedIn(token);
}

export type SignupOutcome =
  | { kind: 'signedIn' }
  | { kind: 'confirmationSent'; email: string; linkValidHours: number };

/**
 * The server's first account is signed in at once; any later sign-up is finished from a
 * link mailed to the address (the answer is the same whether or not it has an account).
 */
/** The language the form is read in, so the server writes its mail (and the new account) in it. */
function readingLanguage(): NonNullable<SignupBody['language']> {
  return preferredLanguage([i18next.language]).code as NonNullable<SignupBody['language']>;
}

export async function signup(body: SignupBody): Promise<SignupOutcome> {
  const answer = await unwrap(api.POST('/api/v1/auth/signup', { body: { language: readingLanguage(), ...body } }));
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
  return unwrap(api.POST('/api/v1/auth/password-reset', { body: { ...body, language: readingLanguage() } }));
}

export function confirmPasswordReset(body: { token: string; new_password: string }) {
  return unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body }));
}
