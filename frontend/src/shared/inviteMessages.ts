import { ApiError, errorMessage } from '../api/errors';
import i18next from 'i18next';

/** What to tell someone whose invite link cannot be used. */
export function inviteProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invite_not_found' || error.status === 404) {
      return i18next.t(
        'This invite link is not valid. It may have been revoked or already used: ask the person who sent it for a new one.',
      );
    }
    if (error.code === 'invite_expired' || error.status === 410) {
      return i18next.t('This invite has expired. Ask the person who sent it for a new one.');
    }
  }
  return errorMessage(error);
}
