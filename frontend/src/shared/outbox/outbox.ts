import { ApiError, type ApiFieldError } from '../../api/errors';
import type { components } from '../../api/schema';
import { newIdempotencyKey } from '../idempotency';

type Schemas = components['schemas'];
export type ContactCreateBody = Schemas['ContactCreate'];
export type ConversationCreateBody = Schemas['ConversationCreate'];
export type ConversationCreated = Schemas['ConversationCreated'];
export type ContactCreated = Schemas['ContactCreated'];

/** Who the conversation was with: a contact already saved, or one to create first. */
export type OutboxContact =
  | { kind: 'existing'; id: string; name: string }
  | {
      kind: 'new';
      body: ContactCreateBody;
      /** Idempotency-Key of the contact's creation, fixed when first queued. */
      key: string;
      /** Set once the server has created the contact, so a resend never creates it twice. */
      createdId?: string;
    };

/** One of the contact's open follow-ups, to close once the conversation is saved. */
export interface FollowUpToClose {
  id: string;
  /** The version the person saw: closing sends only `done` with it (see setFollowUpDone). */
  version: number;
  title: string;
}

export interface OutboxError {
  status: number;
  code: string;
  detail: string;
  fields: ApiFieldError[];
}

/** A logged conversation kept in the browser until the server has it. */
export interface OutboxEntry {
  /** Also the Idempotency-Key of the conversation's creation. */
  id: string;
  userId: string;
  groupId: string;
  queuedAt: string;
  contact: OutboxContact;
  conversation: ConversationCreateBody;
  /** Follow-ups still to close after the conversation; each leaves the list once closed. */
  closeFollowUps?: FollowUpToClose[];
  /** `failed`: the server refused it; it waits for the person to retry or discard it. */
  state: 'waiting' | 'failed';
  attempts: number;
  lastAttemptAt?: string;
  error?: OutboxError;
}

/** What sending needs from the API; the real one is in `sender.ts`. */
export interface OutboxSender {
  createContact(groupId: string, body: ContactCreateBody, key: string): Promise<ContactCreated>;
  createConversation(
    groupId: string,
    contactId: string,
    body: ConversationCreateBody,
    key: string,
  ): Promise<ConversationCreated>;
  closeFollowUp(groupId: string, followUp: FollowUpToClose): Promise<unknown>;
}

/** Follow-ups the server would not close (deleted, or no longer allowed), and why. */
export interface NotClosed {
  followUp: FollowUpToClose;
  error: ApiError;
}

export type SendOutcome =
  | {
      kind: 'sent';
      entry: OutboxEntry;
      conversation: ConversationCreated;
      contact?: ContactCreated;
      closed: FollowUpToClose[];
      notClosed: NotClosed[];
    }
  /** Not sent yet (no network, server trouble, session ended): it stays queued. */
  | { kind: 'waiting'; entry: OutboxEntry; error: unknown }
  /** The server refused it; resending the same thing would not help. */
  | { kind: 'refused'; entry: OutboxEntry; error: ApiError }
  /** Another send of this entry is already under way. */
  | { kind: 'busy'; entry: OutboxEntry };

export const OUTBOX_STORAGE_KEY = 'shopfloor.outbox.v1';

/** Errors worth retrying later: no answer, server trouble, throttling, an ended session. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401;
}

function toOutboxError(error: ApiError): OutboxError {
  // What the person reads in the outbox: the web app's own message, in their language.
  return { status: error.status, code: error.code, detail: error.message, fields: error.fields };
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.userId === 'string' &&
    typeof entry.groupId === 'string' &&
    typeof entry.contact === 'object' &&
    typeof entry.conversation === 'object'
  );
}

/**
 * The queue of logged conversations, persisted in `localStorage` so that it
 * survives a reload, a crash or a closed tab. Other tabs see changes through
 * the `storage` event. Which entries are being sent right now is kept in
 * memory only: after a reload nothing is "sending".
 */
export class Outbox {
  private entries: OutboxEntry[];
  private readonly sending = new Set<string>();
  /** Entries sent since the page loaded, with the server's answer. */
  private readonly sent = new Map<string, ConversationCreated>();
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly OutboxEntry[];

  private readonly storage: Storage | null;

  constructor(storage: Storage | null) {
    this.storage = storage;
    this.entries = this.read();
    this.snapshot = this.entries;
  }

  private read(): OutboxEntry[] {
    if (this.storage === null) return [];
    try {
      const raw = this.storage.getItem(OUTBOX_STORAGE_KEY);
      if (raw === null) return [];
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return [];
    }
  }

  private write() {
    this.snapshot = [...this.entries];
    if (this.storage !== null) {
      if (this.entries.length === 0) this.storage.removeItem(OUTBOX_STORAGE_KEY);
      else this.storage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify(this.entries));
    }
    this.emit();
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  /** Re-reads the stored queue (another tab changed it). */
  reload() {
    this.entries = this.read();
    this.snapshot = [...this.entries];
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A stable array that changes identity on every change (for useSyncExternalStore). */
  getSnapshot = (): readonly OutboxEntry[] => this.snapshot;

  isSending(id: string): boolean {
    return this.sending.has(id);
  }

  /** The saved conversation, when this entry was sent since the page loaded. */
  delivered(id: string): ConversationCreated | undefined {
    return this.sent.get(id);
  }

  get(id: string): OutboxEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** Entries a person may see and send: their own, optionally in one group. */
  entriesFor(userId: string, groupId?: string): OutboxEntry[] {
    return this.entries.filter(
      (entry) => entry.userId === userId && (groupId === undefined || entry.groupId === groupId),
    );
  }

  add(init: {
    userId: string;
    groupId: string;
    contact: OutboxContact;
    conversation: ConversationCreateBody;
    closeFollowUps?: FollowUpToClose[];
    now?: Date;
  }): OutboxEntry {
    const entry: OutboxEntry = {
      id: newIdempotencyKey(),
      userId: init.userId,
      groupId: init.groupId,
      queuedAt: (init.now ?? new Date()).toISOString(),
      contact: init.contact,
      conversation: init.conversation,
      state: 'waiting',
      attempts: 0,
    };
    if (init.closeFollowUps !== undefined && init.closeFollowUps.length > 0) entry.closeFollowUps = init.closeFollowUps;
    this.entries = [...this.entries, entry];
    this.write();
    return entry;
  }

  private update(id: string, change: (entry: OutboxEntry) => OutboxEntry) {
    this.entries = this.entries.map((entry) => (entry.id === id ? change(entry) : entry));
    this.write();
  }

  remove(id: string) {
    this.entries = this.entries.filter((entry) => entry.id !== id);
    this.write();
  }

  /** Puts a refused entry back in line, e.g. after the person fixed what was wrong elsewhere. */
  retry(id: string) {
    this.update(id, (entry) => {
      const next: OutboxEntry = { ...entry, state: 'waiting' };
      delete next.error;
      return next;
    });
  }

  /**
   * Sends one entry: creates the contact first if it is new (remembering its
   * id), then the conversation, each with the Idempotency-Key fixed when it
   * was queued, so a resend after a lost answer never makes a duplicate.
   */
  async send(id: string, sender: OutboxSender, now: () => Date = () => new Date()): Promise<SendOutcome> {
    const initial = this.get(id);
    if (initial === undefined) throw new Error(`No queued entry ${id}`);
    if (this.sending.has(id)) return { kind: 'busy', entry: initial };
    this.sending.add(id);
    // A new snapshot, so screens re-render and show "Sending…".
    this.snapshot = [...this.entries];
    this.emit();
    let createdContact: ContactCreated | undefined;
    try {
      let entry = initial;
      let contactId: string;
      if (entry.contact.kind === 'existing') {
        contactId = entry.contact.id;
      } else if (entry.contact.createdId !== undefined) {
        contactId = entry.contact.createdId;
      } else {
        createdContact = await sender.createContact(entry.groupId, entry.contact.body, entry.contact.key);
        contactId = createdContact.id;
        const created = contactId;
        this.update(id, (current) =>
          current.contact.kind === 'new'
            ? { ...current, contact: { ...current.contact, createdId: created } }
            : current,
        );
        entry = this.get(id) ?? entry;
      }
      // Sent again after a lost answer or an unfinished closing, the same
      // Idempotency-Key brings back the conversation saved the first time.
      const conversation = await sender.createConversation(
        entry.groupId,
        contactId,
        entry.conversation,
        entry.id,
      );
      const closed: FollowUpToClose[] = [];
      const notClosed: NotClosed[] = [];
      for (const followUp of entry.closeFollowUps ?? []) {
        try {
          await sender.closeFollowUp(entry.groupId, followUp);
          closed.push(followUp);
        } catch (error) {
          // The conversation is saved: a refusal here is reported, never a reason
          // to send the conversation again.
          if (isTransient(error)) throw error;
          notClosed.push({ followUp, error: error as ApiError });
        }
        this.update(id, (current) => ({
          ...current,
          closeFollowUps: (current.closeFollowUps ?? []).filter((item) => item.id !== followUp.id),
        }));
      }
      this.sending.delete(id);
      this.sent.set(id, conversation);
      this.remove(id);
      const sent = { kind: 'sent' as const, entry, conversation, closed, notClosed };
      return createdContact === undefined ? sent : { ...sent, contact: createdContact };
    } catch (error) {
      this.sending.delete(id);
      const stamp = now().toISOString();
      if (isTransient(error)) {
        this.update(id, (entry) => ({ ...entry, attempts: entry.attempts + 1, lastAttemptAt: stamp }));
        const entry = this.get(id) ?? initial;
        return { kind: 'waiting', entry, error };
      }
      const apiError = error as ApiError;
      this.update(id, (entry) => ({
        ...entry,
        state: 'failed',
        attempts: entry.attempts + 1,
        lastAttemptAt: stamp,
        error: toOutboxError(apiError),
      }));
      const entry = this.get(id) ?? initial;
      return { kind: 'refused', entry, error: apiError };
    }
  }

  /**
   * Sends every waiting entry of this person, oldest first. Stops at the first
   * one that cannot be sent for now (the network is most likely down); entries
   * the server refused are marked failed and skipped.
   */
  async flush(userId: string, sender: OutboxSender): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    const waiting = this.entriesFor(userId).filter((entry) => entry.state === 'waiting');
    for (const entry of waiting) {
      if (this.get(entry.id)?.state !== 'waiting') continue;
      const outcome = await this.send(entry.id, sender);
      outcomes.push(outcome);
      if (outcome.kind === 'waiting') break;
    }
    return outcomes;
  }
}
