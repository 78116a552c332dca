import { VersionConflict } from '../../api/conflict';
import { ApiError, type ApiFieldError } from '../../api/errors';
import type { components } from '../../api/schema';
import { newIdempotencyKey } from '../idempotency';
import { sameValue } from '../merge';

type Schemas = components['schemas'];
export type ContactCreateBody = Schemas['ContactCreate'];
export type ContactUpdateBody = Schemas['ContactUpdate'];
export type ContactRead = Schemas['ContactRead'];
export type FollowUpRead = Schemas['FollowUpRead'];
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

/** What every queued write has: whose it is, where, and how sending it went. */
interface QueuedWrite {
  /** Also the Idempotency-Key of the write (of the conversation's creation, for a conversation). */
  id: string;
  userId: string;
  groupId: string;
  queuedAt: string;
  /** `failed`: the server refused it; it waits for the person to retry, correct or discard it. */
  state: 'waiting' | 'failed';
  attempts: number;
  lastAttemptAt?: string;
  error?: OutboxError;
}

/** A logged conversation kept in the browser until the server has it. */
export interface ConversationEntry extends QueuedWrite {
  kind: 'conversation';
  contact: OutboxContact;
  conversation: ConversationCreateBody;
  /** Follow-ups still to close after the conversation; each leaves the list once closed. */
  closeFollowUps?: FollowUpToClose[];
}

/** A follow-up ticked done, or ticked back to not done, on "my follow-ups" or a contact's page. */
export interface FollowUpDoneEntry extends QueuedWrite {
  kind: 'follow-up-done';
  /** The version the person saw: only `done` is sent, so nobody's other change is overwritten. */
  followUp: FollowUpToClose & { contactName?: string | null };
  done: boolean;
}

/** The fields of a contact a person edits, in the API's shape. */
export type ContactChanges = Omit<ContactUpdateBody, 'version'>;

/** A change to a contact's fields, sent against the version it was made on. */
export interface ContactEditEntry extends QueuedWrite {
  kind: 'contact-edit';
  contactId: string;
  /** The contact's name when the change was made (the change may rename them). */
  name: string;
  /** The version the person started from, and its values: the conflict screen's "before". */
  version: number;
  base: ContactChanges;
  /** Only the fields the person changed. */
  changes: ContactChanges;
  /** When someone else saved first: the contact as saved then, to choose between on the conflict screen. */
  current?: ContactRead;
}

/** A contact added with the new-contact form. */
export interface ContactCreateEntry extends QueuedWrite {
  kind: 'contact-create';
  body: ContactCreateBody;
}

export type OutboxEntry = ConversationEntry | FollowUpDoneEntry | ContactEditEntry | ContactCreateEntry;

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
  /** Ticks a follow-up done or not done with the version seen, under an Idempotency-Key. */
  setFollowUpDone(groupId: string, followUp: FollowUpToClose, done: boolean, key: string): Promise<FollowUpRead>;
  /** Changes a contact's fields; a version conflict is thrown as a `VersionConflict`. */
  updateContact(groupId: string, contactId: string, body: ContactUpdateBody, key: string): Promise<ContactRead>;
}

/** Follow-ups the server would not close (deleted, or no longer allowed), and why. */
export interface NotClosed {
  followUp: FollowUpToClose;
  error: ApiError;
}

export type SendOutcome =
  | {
      kind: 'sent';
      entry: ConversationEntry;
      conversation: ConversationCreated;
      contact?: ContactCreated;
      closed: FollowUpToClose[];
      notClosed: NotClosed[];
    }
  | { kind: 'ticked'; entry: FollowUpDoneEntry; followUp: FollowUpRead }
  | { kind: 'edited'; entry: ContactEditEntry; contact: ContactRead }
  | { kind: 'created'; entry: ContactCreateEntry; contact: ContactCreated }
  /** Not sent yet (no network, server trouble, session ended): it stays queued. */
  | { kind: 'waiting'; entry: OutboxEntry; error: unknown }
  /** The server refused it; resending the same thing would not help. */
  | { kind: 'refused'; entry: OutboxEntry; error: ApiError }
  /** Someone else changed the contact first: the person chooses on the conflict screen. */
  | { kind: 'conflict'; entry: ContactEditEntry; error: VersionConflict<ContactRead> }
  /** Another send of this entry is already under way. */
  | { kind: 'busy'; entry: OutboxEntry };

export const OUTBOX_STORAGE_KEY = 'shopfloor.outbox.v1';

/** Errors worth retrying later: no answer, server trouble, throttling, an ended session. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  // The first send with this key is still being answered: its answer comes on the next try.
  if (error.code === 'idempotency_key_in_progress') return true;
  return error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401;
}

function toOutboxError(error: ApiError): OutboxError {
  // What the person reads in the outbox: the web app's own message, in their language.
  return { status: error.status, code: error.code, detail: error.message, fields: error.fields };
}

type Stored = Partial<Record<string, unknown>>;

/**
 * A new contact's details as stored. Those queued before new contacts carried the committee
 * mark are off the committee, as the server would have made them.
 */
function withCommitteeMark(body: Stored): Stored {
  return typeof body.committee === 'boolean' ? body : { ...body, committee: false };
}

/** The contact a stored conversation is with, a new one's details given the committee mark. */
function readOutboxContact(contact: Stored): Stored {
  const body = contact.body;
  return contact.kind === 'new' && typeof body === 'object' && body !== null
    ? { ...contact, body: withCommitteeMark(body) }
    : contact;
}

/** A stored entry, or null when it is not one. Entries queued before there were kinds are conversations. */
function readEntry(value: unknown): OutboxEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Stored;
  if (typeof entry.id !== 'string' || typeof entry.userId !== 'string' || typeof entry.groupId !== 'string') {
    return null;
  }
  const kind = entry.kind ?? 'conversation';
  const isObject = (field: string) => typeof entry[field] === 'object' && entry[field] !== null;
  switch (kind) {
    case 'conversation':
      return isObject('contact') && isObject('conversation')
        ? ({ ...entry, kind, contact: readOutboxContact(entry.contact as Stored) } as unknown as ConversationEntry)
        : null;
    case 'follow-up-done':
      return isObject('followUp') && typeof entry.done === 'boolean' ? (entry as unknown as FollowUpDoneEntry) : null;
    case 'contact-edit':
      return typeof entry.contactId === 'string' &&
        typeof entry.version === 'number' &&
        isObject('base') &&
        isObject('changes')
        ? (entry as unknown as ContactEditEntry)
        : null;
    case 'contact-create':
      return isObject('body')
        ? ({ ...entry, body: withCommitteeMark(entry.body as Stored) } as unknown as ContactCreateEntry)
        : null;
    default:
      return null;
  }
}

/** Whether the saved contact already has every change (a lost answer, or the same change made by someone else). */
export function hasChanges(current: ContactRead, changes: ContactChanges): boolean {
  return Object.entries(changes).every(([field, value]) => sameValue(current[field as keyof ContactRead], value));
}

/**
 * The queue of writes made on this device (logged conversations, ticked
 * follow-ups, contacts added or edited), persisted in `localStorage` so that
 * it survives a reload, a crash or a closed tab. Each write is queued before
 * it is first sent, with its Idempotency-Key, so a resend after a lost answer
 * never makes a duplicate. Other tabs see changes through the `storage` event.
 * Which entries are being sent right now is kept in memory only: after a
 * reload nothing is "sending".
 */
export class Outbox {
  private entries: OutboxEntry[];
  private readonly sending = new Set<string>();
  /** Conversations sent since the page loaded, with the server's answer. */
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
      if (!Array.isArray(parsed)) return [];
      return parsed.map(readEntry).filter((entry): entry is OutboxEntry => entry !== null);
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

  private append<E extends OutboxEntry>(entry: E): E {
    this.entries = [...this.entries, entry];
    this.write();
    return entry;
  }

  private common(userId: string, groupId: string, now?: Date): QueuedWrite {
    return {
      id: newIdempotencyKey(),
      userId,
      groupId,
      queuedAt: (now ?? new Date()).toISOString(),
      state: 'waiting',
      attempts: 0,
    };
  }

  /** Queues a logged conversation. */
  add(init: {
    userId: string;
    groupId: string;
    contact: OutboxContact;
    conversation: ConversationCreateBody;
    closeFollowUps?: FollowUpToClose[];
    now?: Date;
  }): ConversationEntry {
    const entry: ConversationEntry = {
      ...this.common(init.userId, init.groupId, init.now),
      kind: 'conversation',
      contact: init.contact,
      conversation: init.conversation,
    };
    if (init.closeFollowUps !== undefined && init.closeFollowUps.length > 0) entry.closeFollowUps = init.closeFollowUps;
    return this.append(entry);
  }

  /** Unsent entries a new one replaces (never one being sent right now: its answer is still to come). */
  private replaceable(userId: string, matches: (entry: OutboxEntry) => boolean): OutboxEntry[] {
    return this.entries.filter((entry) => entry.userId === userId && !this.sending.has(entry.id) && matches(entry));
  }

  /**
   * Queues ticking a follow-up done or not done. A tick still waiting for the
   * same follow-up is replaced, and ticking back to what the server has
   * leaves nothing to send: returns null then.
   */
  queueFollowUpDone(init: {
    userId: string;
    groupId: string;
    followUp: FollowUpToClose & { done: boolean; contactName?: string | null };
    done: boolean;
    now?: Date;
  }): FollowUpDoneEntry | null {
    const earlier = this.replaceable(
      init.userId,
      (entry) => entry.kind === 'follow-up-done' && entry.followUp.id === init.followUp.id,
    );
    if (earlier.length > 0) this.entries = this.entries.filter((entry) => !earlier.includes(entry));
    if (init.done === init.followUp.done) {
      this.write();
      return null;
    }
    const { id, version, title, contactName } = init.followUp;
    return this.append({
      ...this.common(init.userId, init.groupId, init.now),
      kind: 'follow-up-done',
      followUp: contactName === undefined ? { id, version, title } : { id, version, title, contactName },
      done: init.done,
    });
  }

  /**
   * Queues a change to a contact's fields, made against `version`. Earlier
   * unsent changes to the same contact are replaced: the new one holds them
   * (the edit form starts from them) and rests on the same version.
   */
  queueContactEdit(init: {
    userId: string;
    groupId: string;
    contactId: string;
    name: string;
    version: number;
    base: ContactChanges;
    changes: ContactChanges;
    now?: Date;
  }): ContactEditEntry {
    const earlier = this.replaceable(
      init.userId,
      (entry) => entry.kind === 'contact-edit' && entry.contactId === init.contactId,
    );
    if (earlier.length > 0) this.entries = this.entries.filter((entry) => !earlier.includes(entry));
    return this.append({
      ...this.common(init.userId, init.groupId, init.now),
      kind: 'contact-edit',
      contactId: init.contactId,
      name: init.name,
      version: init.version,
      base: init.base,
      changes: init.changes,
    });
  }

  /** Queues a contact added with the new-contact form. */
  queueContactCreate(init: {
    userId: string;
    groupId: string;
    body: ContactCreateBody;
    /** The form's own key, so saving twice from one form creates one contact. */
    key?: string;
    now?: Date;
  }): ContactCreateEntry {
    const entry: ContactCreateEntry = { ...this.common(init.userId, init.groupId, init.now), kind: 'contact-create', body: init.body };
    if (init.key !== undefined) {
      const key = init.key;
      this.entries = this.entries.filter((earlier) => earlier.id !== key || this.sending.has(key));
      entry.id = key;
    }
    return this.append(entry);
  }

  /** Unsent changes to one contact, oldest first. */
  contactEdits(userId: string, contactId: string): ContactEditEntry[] {
    return this.entries.filter(
      (entry): entry is ContactEditEntry =>
        entry.userId === userId && entry.kind === 'contact-edit' && entry.contactId === contactId,
    );
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
      if (next.kind === 'contact-edit') delete next.current;
      return next;
    });
  }

  /**
   * Sends one entry, with the Idempotency-Key fixed when it was queued, so a
   * resend after a lost answer never makes a duplicate.
   */
  async send(id: string, sender: OutboxSender, now: () => Date = () => new Date()): Promise<SendOutcome> {
    const initial = this.get(id);
    if (initial === undefined) throw new Error(`No queued entry ${id}`);
    if (this.sending.has(id)) return { kind: 'busy', entry: initial };
    this.sending.add(id);
    // A new snapshot, so screens re-render and show "Sending…".
    this.snapshot = [...this.entries];
    this.emit();
    try {
      const outcome = await this.deliver(initial, sender);
      this.sending.delete(id);
      this.remove(id);
      return outcome;
    } catch (error) {
      this.sending.delete(id);
      const stamp = now().toISOString();
      if (isTransient(error)) {
        this.update(id, (entry) => ({ ...entry, attempts: entry.attempts + 1, lastAttemptAt: stamp }));
        const entry = this.get(id) ?? initial;
        return { kind: 'waiting', entry, error };
      }
      const apiError = error as ApiError;
      this.update(id, (entry) => {
        const failed: OutboxEntry = {
          ...entry,
          state: 'failed',
          attempts: entry.attempts + 1,
          lastAttemptAt: stamp,
          error: toOutboxError(apiError),
        };
        // Kept with the entry, so the conflict screen can open from the outbox, even after a reload.
        if (failed.kind === 'contact-edit' && apiError instanceof VersionConflict) {
          failed.current = apiError.current as ContactRead;
        }
        return failed;
      });
      const entry = this.get(id) ?? initial;
      if (entry.kind === 'contact-edit' && apiError instanceof VersionConflict) {
        return { kind: 'conflict', entry, error: apiError as VersionConflict<ContactRead> };
      }
      return { kind: 'refused', entry, error: apiError };
    }
  }

  private async deliver(entry: OutboxEntry, sender: OutboxSender): Promise<SendOutcome> {
    switch (entry.kind) {
      case 'conversation':
        return this.deliverConversation(entry, sender);
      case 'follow-up-done': {
        const followUp = await sender.setFollowUpDone(entry.groupId, entry.followUp, entry.done, entry.id);
        return { kind: 'ticked', entry, followUp };
      }
      case 'contact-edit': {
        try {
          const contact = await sender.updateContact(
            entry.groupId,
            entry.contactId,
            { ...entry.changes, version: entry.version },
            entry.id,
          );
          return { kind: 'edited', entry, contact };
        } catch (error) {
          // Already saved as this person wants it: nothing is left to choose.
          if (error instanceof VersionConflict && hasChanges(error.current as ContactRead, entry.changes)) {
            return { kind: 'edited', entry, contact: error.current as ContactRead };
          }
          throw error;
        }
      }
      case 'contact-create': {
        const contact = await sender.createContact(entry.groupId, entry.body, entry.id);
        return { kind: 'created', entry, contact };
      }
    }
  }

  /**
   * Creates the contact first if it is new (remembering its id), then the
   * conversation, then closes the follow-ups ticked with it.
   */
  private async deliverConversation(initial: ConversationEntry, sender: OutboxSender): Promise<SendOutcome> {
    const id = initial.id;
    let entry = initial;
    let createdContact: ContactCreated | undefined;
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
        current.kind === 'conversation' && current.contact.kind === 'new'
          ? { ...current, contact: { ...current.contact, createdId: created } }
          : current,
      );
      const stored = this.get(id);
      if (stored?.kind === 'conversation') entry = stored;
    }
    // Sent again after a lost answer or an unfinished closing, the same
    // Idempotency-Key brings back the conversation saved the first time.
    const conversation = await sender.createConversation(entry.groupId, contactId, entry.conversation, entry.id);
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
      this.update(id, (current) =>
        current.kind === 'conversation'
          ? { ...current, closeFollowUps: (current.closeFollowUps ?? []).filter((item) => item.id !== followUp.id) }
          : current,
      );
    }
    this.sent.set(id, conversation);
    const sent = { kind: 'sent' as const, entry, conversation, closed, notClosed };
    return createdContact === undefined ? sent : { ...sent, contact: createdContact };
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
