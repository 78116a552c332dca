import { api, unwrap } from '../../api/client';
import { updateContact } from '../../api/contacts';
import { setFollowUpDone } from '../../api/followups';
import { Outbox, type OutboxSender } from './outbox';

/** Sends queued entries through the typed API client. */
export const apiSender: OutboxSender = {
  createContact: (groupId, body, key) =>
    unwrap(
      api.POST('/api/v1/groups/{group_id}/contacts', {
        params: { path: { group_id: groupId }, header: { 'idempotency-key': key } },
        body,
      }),
    ),
  createConversation: (groupId, contactId, body, key) =>
    unwrap(
      api.POST('/api/v1/groups/{group_id}/contacts/{contact_id}/conversations', {
        params: {
          path: { group_id: groupId, contact_id: contactId },
          header: { 'idempotency-key': key },
        },
        body,
      }),
    ),
  closeFollowUp: (groupId, followUp) => setFollowUpDone(groupId, followUp, true),
  setFollowUpDone: (groupId, followUp, done, key) => setFollowUpDone(groupId, followUp, done, key),
  updateContact: (groupId, contactId, body, key) => updateContact(groupId, contactId, body, key),
};

function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

/** The one queue of this browser. */
export const outbox = new Outbox(browserStorage());
