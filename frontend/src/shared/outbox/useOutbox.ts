import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { notify } from '../../app/notify';
import { useAuth } from '../session';
import { OUTBOX_STORAGE_KEY, type OutboxEntry, type SendOutcome } from './outbox';
import { apiSender, outbox } from './sender';
import i18next from 'i18next';
import { formatList } from '../../lib/format';

/** This person's queued conversations (in one group, or all). */
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

export function entryContactName(entry: OutboxEntry): string {
  return entry.contact.kind === 'existing' ? entry.contact.name : entry.contact.body.full_name;
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
    } else if (outcome.kind === 'refused') {
      notify({
        color: 'red',
        title: i18next.t('Not sent'),
        message: i18next.t('The server refused the conversation with {name}: {reason}', {
          name: entryContactName(outcome.entry),
          reason: outcome.error.detail,
        }),
      });
    }
  }
}

const RETRY_MS = 30_000;

/**
 * Sends queued conversations: when the app starts, whenever the browser says
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
