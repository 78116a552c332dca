import { queryOptions } from '@tanstack/react-query';
import {
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/browser';
import { api, unwrap } from './client';
import type { components } from './schema';

export type TwoFactorStatus = components['schemas']['TwoFactorRead'];
export type Passkey = components['schemas']['PasskeyRead'];
export type LoginSession = components['schemas']['LoginSessionRead'];
export type Reauthentication = components['schemas']['Reauthentication'];

export const twoFactorQuery = queryOptions({
  queryKey: ['me', 'two-factor'],
  queryFn: () => unwrap(api.GET('/api/v1/me/two-factor')),
});

export const sessionsQuery = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: () => unwrap(api.GET('/api/v1/me/sessions')),
});

/** Stores the language the account reads the app in, for every device it signs in on. */
export function saveLanguage(code: string) {
  // The app's languages (lib/languages.json) are the API's, a backend test holds them equal.
  const language = code as NonNullable<components['schemas']['MeUpdate']['language']>;
  return unwrap(api.PATCH('/api/v1/me', { body: { language } }));
}

/** Stores the languages the signed-in person speaks; their groups see them. */
export function saveSpokenLanguages(codes: readonly string[]) {
  // The pickers offer only the list's codes (lib/spokenLanguages.json, held equal to the API's).
  const spoken_languages = codes as NonNullable<components['schemas']['MeUpdate']['spoken_languages']>;
  return unwrap(api.PATCH('/api/v1/me', { body: { spoken_languages } }));
}

export function changePassword(body: {
  current_password: string;
  new_password: string;
  revoke_api_tokens: boolean;
}) {
  return unwrap(api.POST('/api/v1/me/password', { body }));
}

export function startTotp() {
  return unwrap(api.POST('/api/v1/me/two-factor/totp'));
}

export function confirmTotp(code: string) {
  return unwrap(api.POST('/api/v1/me/two-factor/totp/confirm', { body: { code } }));
}

export function disableTotp(body: Reauthentication) {
  return unwrap(api.POST('/api/v1/me/two-factor/totp/disable', { body }));
}

export function regenerateRecoveryCodes(body: Reauthentication) {
  return unwrap(api.POST('/api/v1/me/two-factor/recovery-codes', { body }));
}

/** Asks the browser to make a passkey for this site, then keeps it on the account. */
export async function addPasskey(name: string) {
  const ceremony = await unwrap(api.POST('/api/v1/me/passkeys/options'));
  const credential = await startRegistration({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  return unwrap(
    api.POST('/api/v1/me/passkeys', {
      body: {
        challenge: ceremony.challenge,
        name,
        credential: credential as unknown as Record<string, unknown>,
      },
    }),
  );
}

export function renamePasskey(passkeyId: string, name: string) {
  return unwrap(
    api.PATCH('/api/v1/me/passkeys/{passkey_id}', { params: { path: { passkey_id: passkeyId } }, body: { name } }),
  );
}

export function removePasskey(passkeyId: string) {
  return unwrap(api.DELETE('/api/v1/me/passkeys/{passkey_id}', { params: { path: { passkey_id: passkeyId } } }));
}

export function endSession(sessionId: string) {
  return unwrap(api.DELETE('/api/v1/me/sessions/{session_id}', { params: { path: { session_id: sessionId } } }));
}

/** Signs out every other device signed in to this account. */
export function endOtherSessions() {
  return unwrap(api.POST('/api/v1/me/sessions/end-others'));
}

export function saveDisplayName(displayName: string) {
  return unwrap(api.PATCH('/api/v1/me', { body: { display_name: displayName } }));
}

/** Asks to log in with another address: a link goes to it, a notice to the current one. */
export function requestEmailChange(body: { new_email: string; current_password: string }) {
  return unwrap(api.POST('/api/v1/me/email', { body }));
}

/** Moves the signed-in account to the address the confirmation link was mailed to. */
export function confirmEmailChange(token: string) {
  return unwrap(api.POST('/api/v1/me/email/confirm', { body: { token } }));
}
