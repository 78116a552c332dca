import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VersionConflict } from '../../api/conflict';
import { ApiError, networkError } from '../../api/errors';
import {
  OUTBOX_STORAGE_KEY,
  Outbox,
  type ContactCreated,
  type ContactRead,
  type ConversationEntry,
  type ConversationCreated,
  type FollowUpRead,
  type OutboxSender,
} from './outbox';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const conversationAnswer = (contactId: string) =>
  ({ id: 'conv-1', contact_id: contactId, contact_name: 'Sam' }) as ConversationCreated;
const contactAnswer = (id: string) => ({ id, full_name: 'Sam Okafor' }) as ContactCreated;

function fakeSender(overrides: Partial<OutboxSender> = {}) {
  return {
    createContact: vi.fn(overrides.createContact ?? (() => Promise.resolve(contactAnswer('new-contact')))),
    createConversation: vi.fn(
      overrides.createConversation ??
        ((_g: string, contactId: string) => Promise.resolve(conversationAnswer(contactId))),
    ),
    closeFollowUp: vi.fn(overrides.closeFollowUp ?? (() => Promise.resolve({}))),
    setFollowUpDone: vi.fn(
      overrides.setFollowUpDone ??
        ((_g: string, followUp: { id: string; version: number }, done: boolean) =>
          Promise.resolve({ id: followUp.id, version: followUp.version + 1, done } as FollowUpRead)),
    ),
    updateContact: vi.fn(
      overrides.updateContact ??
        ((_g: string, contactId: string, body: { version: number; phone?: string | null }) =>
          Promise.resolve({ id: contactId, version: body.version + 1, full_name: 'Sam Okafor', phone: body.phone ?? null } as ContactRead)),
    ),
  } satisfies OutboxSender;
}

const validation = new ApiError({
  status: 422,
  code: 'validation_error',
  detail: 'Check the form',
  fields: [{ field: 'notes', loc: ['body', 'notes'], message: 'Too long' }],
});

/** A queued conversation, as stored. */
function conversation(queue: Outbox, id: string): ConversationEntry | undefined {
  const entry = queue.get(id);
  return entry?.kind === 'conversation' ? entry : undefined;
}

let storage: MemoryStorage;
let outbox: Outbox;

beforeEach(() => {
  storage = new MemoryStorage();
  outbox = new Outbox(storage);
});

function queueExisting(userId = 'user-a', groupId = 'group-1') {
  return outbox.add({
    userId,
    groupId,
    contact: { kind: 'existing', id: 'contact-1', name: 'Sam Okafor' },
    conversation: { channel: 'phone', notes: 'Worried about the rota' },
  });
}

describe('Outbox', () => {
  it('keeps queued entries in storage, so a reload still has them', () => {
    const entry = queueExisting();
    expect(entry.state).toBe('waiting');
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);

    const reloaded = new Outbox(storage);
    expect(reloaded.entriesFor('user-a')).toEqual([entry]);
  });

  it('sends an entry with its own Idempotency-Key and forgets it once sent', async () => {
    const entry = queueExisting();
    const sender = fakeSender();

    const outcome = await outbox.send(entry.id, sender);

    expect(outcome.kind).toBe('sent');
    expect(sender.createConversation).toHaveBeenCalledWith(
      'group-1',
      'contact-1',
      { channel: 'phone', notes: 'Worried about the rota' },
      entry.id,
    );
    expect(sender.createContact).not.toHaveBeenCalled();
    expect(outbox.entriesFor('user-a')).toEqual([]);
    expect(storage.getItem(OUTBOX_STORAGE_KEY)).toBeNull();
  });

  it('keeps the entry when the network is down and resends it with the same key', async () => {
    const entry = queueExisting();
    const offline = fakeSender({ createConversation: () => Promise.reject(networkError()) });

    const first = await outbox.send(entry.id, offline);
    expect(first.kind).toBe('waiting');
    expect(outbox.get(entry.id)).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(new Outbox(storage).get(entry.id)?.attempts).toBe(1);

    const online = fakeSender();
    const second = await outbox.send(entry.id, online);
    expect(second.kind).toBe('sent');
    expect(offline.createConversation.mock.calls[0]?.[3]).toBe(entry.id);
    expect(online.createConversation.mock.calls[0]?.[3]).toBe(entry.id);
  });

  it('creates a new contact once, even when the conversation has to be resent', async () => {
    const entry = outbox.add({
      userId: 'user-a',
      groupId: 'group-1',
      contact: { kind: 'new', key: 'contact-key', body: { full_name: 'Sam Okafor', membership_status: 'unknown', committee: false } },
      conversation: { channel: 'in_person' },
    });
    const flaky = fakeSender({ createConversation: () => Promise.reject(networkError()) });
    expect((await outbox.send(entry.id, flaky)).kind).toBe('waiting');
    expect(flaky.createContact).toHaveBeenCalledWith(
      'group-1',
      { full_name: 'Sam Okafor', membership_status: 'unknown', committee: false },
      'contact-key',
    );
    // The created contact's id is stored with the entry, surviving a reload.
    const reloaded = new Outbox(storage);
    expect(conversation(reloaded, entry.id)?.contact).toMatchObject({ kind: 'new', createdId: 'new-contact' });

    const sender = fakeSender();
    const outcome = await reloaded.send(entry.id, sender);
    expect(outcome.kind).toBe('sent');
    expect(sender.createContact).not.toHaveBeenCalled();
    expect(sender.createConversation).toHaveBeenCalledWith('group-1', 'new-contact', { channel: 'in_person' }, entry.id);
  });

  it('marks an entry the server refuses as failed, with the reason, and keeps it', async () => {
    const entry = queueExisting();
    const outcome = await outbox.send(entry.id, fakeSender({ createConversation: () => Promise.reject(validation) }));

    expect(outcome.kind).toBe('refused');
    const stored = outbox.get(entry.id);
    expect(stored?.state).toBe('failed');
    expect(stored?.error).toEqual({
      status: 422,
      code: 'validation_error',
      detail: 'Check the form',
      fields: [{ field: 'notes', loc: ['body', 'notes'], message: 'Too long' }],
    });
    expect(stored?.kind === 'conversation' ? stored.conversation.notes : undefined).toBe('Worried about the rota');

    outbox.retry(entry.id);
    expect(outbox.get(entry.id)).toMatchObject({ state: 'waiting' });
    expect(outbox.get(entry.id)?.error).toBeUndefined();
  });

  it('treats server trouble, throttling and an ended session as worth retrying', async () => {
    for (const status of [500, 503, 429, 401]) {
      const entry = queueExisting();
      const error = new ApiError({ status, code: 'x', detail: 'x' });
      const outcome = await outbox.send(entry.id, fakeSender({ createConversation: () => Promise.reject(error) }));
      expect(outcome.kind, `status ${status}`).toBe('waiting');
      expect(outbox.get(entry.id)?.state).toBe('waiting');
    }
  });

  it('flushes one person’s waiting entries in order, skipping failed ones and other people’s', async () => {
    const first = queueExisting();
    const refused = queueExisting();
    const third = queueExisting();
    const someoneElse = queueExisting('user-b');
    await outbox.send(refused.id, fakeSender({ createConversation: () => Promise.reject(validation) }));

    const sender = fakeSender();
    const outcomes = await outbox.flush('user-a', sender);

    expect(outcomes.map((o) => [o.kind, o.entry.id])).toEqual([
      ['sent', first.id],
      ['sent', third.id],
    ]);
    expect(outbox.entriesFor('user-a').map((e) => e.id)).toEqual([refused.id]);
    expect(outbox.entriesFor('user-b').map((e) => e.id)).toEqual([someoneElse.id]);
  });

  it('stops flushing at the first entry that cannot be sent for now', async () => {
    const first = queueExisting();
    const second = queueExisting();
    const sender = fakeSender({ createConversation: () => Promise.reject(networkError()) });

    const outcomes = await outbox.flush('user-a', sender);

    expect(outcomes.map((o) => o.kind)).toEqual(['waiting']);
    expect(sender.createConversation).toHaveBeenCalledTimes(1);
    expect(outbox.entriesFor('user-a').map((e) => e.id)).toEqual([first.id, second.id]);
  });

  it('never sends the same entry twice at once', async () => {
    const entry = queueExisting();
    let release: (value: ConversationCreated) => void = () => undefined;
    const slow = fakeSender({
      createConversation: () =>
        new Promise<ConversationCreated>((resolve) => {
          release = resolve;
        }),
    });
    const first = outbox.send(entry.id, slow);
    expect(outbox.isSending(entry.id)).toBe(true);
    const second = await outbox.send(entry.id, slow);
    expect(second.kind).toBe('busy');
    release(conversationAnswer('contact-1'));
    expect((await first).kind).toBe('sent');
    expect(slow.createConversation).toHaveBeenCalledTimes(1);
    expect(outbox.isSending(entry.id)).toBe(false);
  });

  it('notifies subscribers with a new snapshot on every change', () => {
    const listener = vi.fn();
    const unsubscribe = outbox.subscribe(listener);
    const before = outbox.getSnapshot();
    const entry = queueExisting();
    expect(listener).toHaveBeenCalled();
    expect(outbox.getSnapshot()).not.toBe(before);
    expect(outbox.getSnapshot()).toEqual([entry]);
    unsubscribe();
    outbox.remove(entry.id);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores unreadable stored data instead of failing', () => {
    storage.setItem(OUTBOX_STORAGE_KEY, '{not json');
    expect(new Outbox(storage).getSnapshot()).toEqual([]);
    storage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify([{ id: 1 }, 'x']));
    expect(new Outbox(storage).getSnapshot()).toEqual([]);
  });
});

describe('closing follow-ups with the conversation', () => {
  const rota = { id: 'fu-1', version: 3, title: 'Ask about the rota' };
  const badge = { id: 'fu-2', version: 1, title: 'Bring a badge' };
  const queueWithClosing = () =>
    outbox.add({
      userId: 'user-a',
      groupId: 'group-1',
      contact: { kind: 'existing', id: 'contact-1', name: 'Sam Okafor' },
      conversation: { channel: 'phone', notes: 'Sorted' },
      closeFollowUps: [rota, badge],
    });

  it('closes each one after the conversation is saved, with the version the person saw', async () => {
    const entry = queueWithClosing();
    const sender = fakeSender();
    const outcome = await outbox.send(entry.id, sender);
    expect(outcome).toMatchObject({ kind: 'sent', closed: [rota, badge], notClosed: [] });
    expect(sender.closeFollowUp.mock.calls).toEqual([
      ['group-1', rota],
      ['group-1', badge],
    ]);
    expect(sender.createConversation.mock.invocationCallOrder[0]).toBeLessThan(
      sender.closeFollowUp.mock.invocationCallOrder[0] ?? 0,
    );
    expect(outbox.get(entry.id)).toBeUndefined();
  });

  it('keeps what is left to close when the network drops half-way, and resends the conversation with the same key', async () => {
    const entry = queueWithClosing();
    let calls = 0;
    const flaky = fakeSender({
      closeFollowUp: () => {
        calls += 1;
        return calls === 2 ? Promise.reject(networkError()) : Promise.resolve({});
      },
    });
    const first = await outbox.send(entry.id, flaky);
    expect(first.kind).toBe('waiting');
    expect(conversation(outbox, entry.id)?.closeFollowUps).toEqual([badge]);

    const sender = fakeSender();
    const second = await outbox.send(entry.id, sender);
    expect(second).toMatchObject({ kind: 'sent', closed: [badge] });
    expect(sender.createConversation).toHaveBeenCalledWith('group-1', 'contact-1', entry.conversation, entry.id);
    expect(sender.closeFollowUp.mock.calls).toEqual([['group-1', badge]]);
  });

  it('reports a follow-up the server will not close, without failing the saved conversation', async () => {
    const entry = queueWithClosing();
    const gone = new ApiError({ status: 404, code: 'not_found', detail: 'No such follow-up' });
    const sender = fakeSender({
      closeFollowUp: (_group, followUp) => (followUp.id === rota.id ? Promise.reject(gone) : Promise.resolve({})),
    });
    const outcome = await outbox.send(entry.id, sender);
    expect(outcome).toMatchObject({ kind: 'sent', closed: [badge], notClosed: [{ followUp: rota, error: gone }] });
    expect(outbox.get(entry.id)).toBeUndefined();
  });
});

describe('ticking follow-ups without signal', () => {
  const followUp = { id: 'fu-1', version: 3, title: 'Ask Jo about the rota', done: false, contactName: 'Jo Driver' };

  it('queues a tick with the version seen and sends it with its own Idempotency-Key', async () => {
    const entry = outbox.queueFollowUpDone({ userId: 'user-a', groupId: 'group-1', followUp, done: true });
    expect(entry).not.toBeNull();
    expect(new Outbox(storage).entriesFor('user-a')).toEqual([entry]);
    const sender = fakeSender();
    const outcome = await outbox.send(entry?.id ?? '', sender);
    expect(outcome.kind).toBe('ticked');
    expect(sender.setFollowUpDone).toHaveBeenCalledWith(
      'group-1',
      { id: 'fu-1', version: 3, title: 'Ask Jo about the rota', contactName: 'Jo Driver' },
      true,
      entry?.id,
    );
    expect(outbox.entriesFor('user-a')).toEqual([]);
  });

  it('replaces a waiting tick of the same follow-up, and ticking back to the server’s state leaves nothing', () => {
    const first = outbox.queueFollowUpDone({ userId: 'user-a', groupId: 'group-1', followUp, done: true });
    const other = outbox.queueFollowUpDone({
      userId: 'user-a',
      groupId: 'group-1',
      followUp: { ...followUp, id: 'fu-2' },
      done: true,
    });
    expect(outbox.entriesFor('user-a').map((e) => e.id)).toEqual([first?.id, other?.id]);
    const untick = outbox.queueFollowUpDone({ userId: 'user-a', groupId: 'group-1', followUp, done: false });
    expect(untick).toBeNull();
    expect(outbox.entriesFor('user-a').map((e) => e.id)).toEqual([other?.id]);
  });

  it('keeps a tick while the network is down and resends it with the same key', async () => {
    const entry = outbox.queueFollowUpDone({ userId: 'user-a', groupId: 'group-1', followUp, done: true });
    const down = fakeSender({ setFollowUpDone: () => Promise.reject(networkError()) });
    expect((await outbox.send(entry?.id ?? '', down)).kind).toBe('waiting');
    const up = fakeSender();
    expect((await outbox.send(entry?.id ?? '', up)).kind).toBe('ticked');
    expect(up.setFollowUpDone.mock.calls[0]?.[3]).toBe(entry?.id);
  });
});

describe('editing contacts without signal', () => {
  const base = { full_name: 'Sam Okafor', phone: null, notes: 'Nights' };

  function queueEdit(changes: Record<string, unknown> = { phone: '07700 900123' }) {
    return outbox.queueContactEdit({
      userId: 'user-a',
      groupId: 'group-1',
      contactId: 'contact-1',
      name: 'Sam Okafor',
      version: 4,
      base,
      changes,
    });
  }

  it('sends only the changed fields with the version they were made on, under the entry’s key', async () => {
    const entry = queueEdit();
    const sender = fakeSender();
    const outcome = await outbox.send(entry.id, sender);
    expect(outcome.kind).toBe('edited');
    expect(sender.updateContact).toHaveBeenCalledWith('group-1', 'contact-1', { phone: '07700 900123', version: 4 }, entry.id);
    expect(outbox.entriesFor('user-a')).toEqual([]);
  });

  it('a later change to the same contact replaces the waiting one, resting on the same version', () => {
    queueEdit();
    const later = queueEdit({ phone: '07700 900123', notes: 'Days now' });
    expect(outbox.entriesFor('user-a')).toEqual([later]);
    expect(later.version).toBe(4);
  });

  it('keeps a change someone else got in before, with the saved contact, for the conflict screen', async () => {
    const entry = queueEdit();
    const current = { id: 'contact-1', version: 5, full_name: 'Sam Okafor', phone: '07700 900999' } as ContactRead;
    const conflict = new VersionConflict(new ApiError({ status: 409, code: 'version_conflict', detail: 'Version conflict' }), current);
    const outcome = await outbox.send(entry.id, fakeSender({ updateContact: () => Promise.reject(conflict) }));
    expect(outcome.kind).toBe('conflict');
    const kept = new Outbox(storage).get(entry.id);
    expect(kept).toMatchObject({ kind: 'contact-edit', state: 'failed', current, changes: { phone: '07700 900123' } });
    // Not resent on its own: the person chooses.
    const sender = fakeSender();
    await outbox.flush('user-a', sender);
    expect(sender.updateContact).not.toHaveBeenCalled();
  });

  it('treats a conflict with a version that already has the change as sent (a lost answer)', async () => {
    const entry = queueEdit();
    const current = { id: 'contact-1', version: 5, full_name: 'Sam Okafor', phone: '07700 900123' } as ContactRead;
    const conflict = new VersionConflict(new ApiError({ status: 409, code: 'version_conflict', detail: 'Version conflict' }), current);
    const outcome = await outbox.send(entry.id, fakeSender({ updateContact: () => Promise.reject(conflict) }));
    expect(outcome.kind).toBe('edited');
    expect(outbox.entriesFor('user-a')).toEqual([]);
  });

  it('waits while the first send with the same key is still being answered', async () => {
    const entry = queueEdit();
    const running = new ApiError({ status: 409, code: 'idempotency_key_in_progress', detail: 'Still running' });
    const outcome = await outbox.send(entry.id, fakeSender({ updateContact: () => Promise.reject(running) }));
    expect(outcome.kind).toBe('waiting');
  });
});

describe('one queue for every write', () => {
  it('sends conversations, ticks, edits and new contacts in the order they were made', async () => {
    const calls: string[] = [];
    const sender = fakeSender({
      createConversation: (_g, contactId) => {
        calls.push('conversation');
        return Promise.resolve(conversationAnswer(contactId));
      },
      setFollowUpDone: (_g, followUp, done) => {
        calls.push('tick');
        return Promise.resolve({ id: followUp.id, version: 2, done } as FollowUpRead);
      },
      updateContact: (_g, contactId) => {
        calls.push('edit');
        return Promise.resolve({ id: contactId, version: 2 } as ContactRead);
      },
      createContact: () => {
        calls.push('contact');
        return Promise.resolve(contactAnswer('new-contact'));
      },
    });
    outbox.queueContactEdit({
      userId: 'user-a',
      groupId: 'group-1',
      contactId: 'contact-1',
      name: 'Sam',
      version: 1,
      base: { notes: null },
      changes: { notes: 'x' },
    });
    queueExisting();
    outbox.queueFollowUpDone({
      userId: 'user-a',
      groupId: 'group-1',
      followUp: { id: 'fu-1', version: 1, title: 'Call', done: false },
      done: true,
    });
    const created = outbox.queueContactCreate({ userId: 'user-a', groupId: 'group-1', body: { full_name: 'Ann', membership_status: 'unknown', committee: false }, key: 'form-key' });
    expect(created.id).toBe('form-key');
    const outcomes = await outbox.flush('user-a', sender);
    expect(outcomes.map((o) => o.kind)).toEqual(['edited', 'sent', 'ticked', 'created']);
    expect(calls).toEqual(['edit', 'conversation', 'tick', 'contact']);
    expect(sender.createContact).toHaveBeenCalledWith('group-1', { full_name: 'Ann', membership_status: 'unknown', committee: false }, 'form-key');
  });

  it('reads conversations queued before entries had kinds', () => {
    storage.setItem(
      OUTBOX_STORAGE_KEY,
      JSON.stringify([
        {
          id: 'old-1',
          userId: 'user-a',
          groupId: 'group-1',
          queuedAt: '2026-01-01T10:00:00Z',
          contact: { kind: 'existing', id: 'contact-1', name: 'Sam' },
          conversation: { channel: 'phone' },
          state: 'waiting',
          attempts: 0,
        },
        { id: 'odd', userId: 'user-a', groupId: 'group-1', kind: 'contact-edit' },
      ]),
    );
    expect(new Outbox(storage).entriesFor('user-a')).toMatchObject([{ id: 'old-1', kind: 'conversation' }]);
  });

  it('sends new contacts queued before they carried the committee mark as off the committee', async () => {
    const queued = { userId: 'user-a', groupId: 'group-1', queuedAt: '2026-01-01T10:00:00Z', state: 'waiting', attempts: 0 };
    const before = { full_name: 'Ann', membership_status: 'unknown' };
    storage.setItem(
      OUTBOX_STORAGE_KEY,
      JSON.stringify([
        { ...queued, id: 'form-key', kind: 'contact-create', body: before },
        {
          ...queued,
          id: 'log-key',
          kind: 'conversation',
          contact: { kind: 'new', key: 'contact-key', body: before },
          conversation: { channel: 'phone' },
        },
      ]),
    );
    const sender = fakeSender();
    await new Outbox(storage).flush('user-a', sender);
    expect(sender.createContact.mock.calls).toEqual([
      ['group-1', { ...before, committee: false }, 'form-key'],
      ['group-1', { ...before, committee: false }, 'contact-key'],
    ]);
  });
});
