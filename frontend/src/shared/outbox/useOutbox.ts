import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { notify } from '../../app/notify';
import { useAuth } from '../session';
import { OUTBOX_STORAGE_KEY, type OutboxEntry, type SendOutcome } from './outbox';
import { apiSender, outbox } from './sender';
import i18next from 'i18next';
import { formatList } from '../../lib/format';

/** This person's queued writes (in one group, or all). */
export function useOutbox(groupId?: string): OutboxEntry[] {
  const auth = useAuth();
  const snapshot = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
  const userId = auth.user?.id;
  return useMemo(
    () =>
      snapshot.filter(
        (entry) => entry.userId === userId && (groupId === undefined || entry.groupId === groupId),
      ),
    [snapshot, userId, groupId],
  );
}

/** Whom a queued write is about: the contact, or the follow-up's contact. */
export function entryContactName(entry: OutboxEntry): string {
  switch (entry.kind) {
    case 'conversation':
      return entry.contact.kind === 'existing' ? entry.contact.name : entry.contact.body.full_name;
    case 'contact-edit':
      return entry.name;
    case 'contact-create':
      return entry.body.full_name;
    case 'follow-up-done':
      return entry.followUp.contactName ?? '';
  }
}

/** What a queued write is, in a few words, for lists and notices. */
export function entrySummary(entry: OutboxEntry): string {
  switch (entry.kind) {
    case 'conversation':
      return entry.contact.kind === 'new' && entry.contact.createdId === undefined
        ? i18next.t('Conversation with {name} (new contact)', { name: entryContactName(entry) })
        : i18next.t('Conversation with {name}', { name: entryContactName(entry) });
    case 'follow-up-done':
      return entry.done
        ? i18next.t('Done: {title}', { title: entry.followUp.title })
        : i18next.t('Not done yet: {title}', { title: entry.followUp.title });
    case 'contact-edit':
      return i18next.t('Changes to {name}', { name: entry.name });
    case 'contact-create':
      return i18next.t('New contact: {name}', { name: entry.body.full_name });
  }
}

/** Refreshes what a sent conversation changes: lists, the contact, follow-ups, charts. */
export function refreshAfterSend(queryClient: QueryClient, groupId: string) {
  for (const part of ['contacts', 'conversations', 'follow-ups', 'workplaces']) {
    void queryClient.invalidateQueries({ queryKey: ['groups', groupId, part] });
  }
}

/** Tells the person a queued conversation has reached the server. */
export function notifySent(contactName: string) {
  notify({
    color: 'teal',
    title: i18next.t('Sent'),
    message: i18next.t('Your conversation with {name} is saved.', { name: contactName }),
  });
}

function report(queryClient: QueryClient, outcomes: SendOutcome[]) {
  for (const outcome of outcomes) {
    if (outcome.kind === 'sent') {
      refreshAfterSend(queryClient, outcome.entry.groupId);
      notifySent(outcome.conversation.contact_name);
      if (outcome.notClosed.length > 0) {
        notify({
          color: 'orange',
          title: i18next.t('Follow-ups not closed'),
          message: i18next.t('Not closed, because the server would not allow it or they were deleted: {titles}', {
            titles: formatList(outcome.notClosed.map((item) => item.followUp.title)),
          }),
        });
      }
    } else if (outcome.kind === 'ticked' || outcome.kind === 'edited' || outcome.kind === 'created') {
      refreshAfterSend(queryClient, outcome.entry.groupId);
      notify({ color: 'teal', title: i18next.t('Sent'), message: entrySummary(outcome.entry) });
    } else if (outcome.kind === 'conflict') {
      notify({
        color: 'orange',
        title: i18next.t('Not sent'),
        message: i18next.t('Someone else changed {name} while you were offline. Choose what to keep: nothing you wrote is lost.', {
          name: outcome.entry.name,
        }),
      });
    } else if (outcome.kind === 'refused') {
      notify({
        color: 'red',
        title: i18next.t('Not sent'),
        message:
          outcome.entry.kind === 'conversation'
            ? i18next.t('The server refused the conversation with {name}: {reason}', {
                name: entryContactName(outcome.entry),
                reason: outcome.error.detail,
              })
            : i18next.t('The server refused “{what}”: {reason}', {
                what: entrySummary(outcome.entry),
                reason: outcome.error.detail,
              }),
      });
    }
  }
}

const RETRY_MS = 30_000;

/**
 * Sends queued writes: when the app starts, whenever the browser says
 * it is back online, when another tab changes the queue, and every 30 seconds
 * while something is still waiting (the network can fail without the browser
 * noticing). Mounted once, in the app shell.
 */
export function useOutboxSync() {
  const auth = useAuth();
  const queryClient = useQueryClient();
  const userId = auth.status === 'authenticated' ? auth.user?.id : undefined;
  const entries = useOutbox();
  const waiting = entries.some((entry) => entry.state === 'waiting');

  useEffect(() => {
    if (userId === undefined) return;
    const flush = () => void outbox.flush(userId, apiSender).then((outcomes) => report(queryClient, outcomes));
    const onStorage = (event: StorageEvent) => {
      if (event.key === OUTBOX_STORAGE_KEY) outbox.reload();
    };
    flush();
    window.addEventListener('online', flush);
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('online', flush);
      window.removeEventListener('storage', onStorage);
    };
  }, [userId, queryClient]);

  useEffect(() => {
    if (userId === undefined || !waiting) return;
    const timer = window.setInterval(
      () => void outbox.flush(userId, apiSender).then((outcomes) => report(queryClient, outcomes)),
      RETRY_MS,
    );
    return () => window.clearInterval(timer);
  }, [userId, waiting, queryClient]);
}
