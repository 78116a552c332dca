import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { formatCount } from '../lib/format';
import { notify } from '../app/notify';
import { splitFieldErrors } from '../lib/form-errors';
import { createDemand, deleteDemand, disputeKeys, updateDemand } from '../api/disputes';
import { reorderPlan } from './demands';
import { useIdempotencyKey } from '../shared/idempotency';
import { DEMAND_STATUS_COLORS, DEMAND_STATUS_LABELS, options } from '../shared/disputeLabels';
import type { Demand, DemandStatus } from '../api/disputeTypes';

interface Props {
  groupId: string;
  disputeId: string;
  demands: Demand[];
  canEdit: boolean;
}

type DemandChange = 'status' | 'move' | 'delete';

function conflictMessage(current: Demand): string {
  return i18next.t(
    'It now reads “{text}” ({status}). Your change was not saved; the list shows the saved version.',
    { text: current.text, status: DEMAND_STATUS_LABELS[current.status] },
  );
}

function changeFailedTitle(change: DemandChange): string {
  return i18next.t('{change, select, status {Status not changed} move {Not moved} other {Not deleted}}', { change });
}

function changeConflictTitle(change: DemandChange): string {
  return i18next.t(
    '{change, select, status {Status not changed: someone else changed this demand} move {Not moved: someone else changed this demand} other {Not deleted: someone else changed this demand}}',
    { change },
  );
}

export function Demands({ groupId, disputeId, demands, canEdit }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
  const [text, setText] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string; version: number; theirs: Demand | null } | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();

  const onConflict = (error: unknown, change: DemandChange) => {
    if (error instanceof VersionConflict) {
      notify({
        color: 'orange',
        title: changeConflictTitle(change),
        message: conflictMessage(error.current as Demand),
      });
    } else {
      notify({ color: 'red', title: changeFailedTitle(change), message: errorMessage(error) });
    }
  };

  const add = useMutation({
    mutationFn: (value: string) => {
      const body = { text: value, status: 'pending' as const };
      return createDemand(groupId, disputeId, body, idempotency.keyFor(body));
    },
    onSuccess: async () => {
      idempotency.reset();
      setText('');
      await refresh();
    },
    onError: (error) => {
      const { fieldErrors, formError } = splitFieldErrors(error, ['text']);
      setAddError(fieldErrors.text ?? formError);
    },
  });

  const setStatus = useMutation({
    mutationFn: ({ demand, status }: { demand: Demand; status: DemandStatus }) =>
      updateDemand(groupId, disputeId, demand.id, { status, version: demand.version }),
    onError: (error) => onConflict(error, 'status'),
    onSettled: refresh,
  });

  const reorder = useMutation({
    mutationFn: async (plan: { demand: Demand; position: number }[]) => {
      for (const { demand, position } of plan) {
        await updateDemand(groupId, disputeId, demand.id, { position, version: demand.version });
      }
    },
    onError: (error) => onConflict(error, 'move'),
    onSettled: refresh,
  });

  const saveText = useMutation({
    mutationFn: (edit: { id: string; text: string; version: number }) =>
      updateDemand(groupId, disputeId, edit.id, { text: edit.text.trim(), version: edit.version }),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
    onError: (error, edit) => {
      if (error instanceof VersionConflict) {
        const current = error.current as Demand;
        setEditing({ ...edit, theirs: current });
        void refresh();
        return;
      }
      const { fieldErrors, formError } = splitFieldErrors(error, ['text']);
      setEditError(fieldErrors.text ?? formError);
    },
  });

  const remove = useMutation({
    mutationFn: (demand: Demand) => deleteDemand(groupId, disputeId, demand.id, demand.version),
    onSuccess: (_data, demand) => notify({ message: t('Demand “{text}” deleted.', { text: demand.text }) }),
    onError: (error) => onConflict(error, 'delete'),
    onSettled: refresh,
  });

  const busy = reorder.isPending || setStatus.isPending || remove.isPending;

  return (
    <section aria-labelledby="demands-heading">
      <Title order={2} size="h3" id="demands-heading" mb="sm">
        {t('Demands')}
      </Title>
      {demands.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {canEdit ? t('No demands yet. Add what the workers want won, one demand at a time.') : t('No demands yet.')}
        </Text>
      ) : (
        <Stack component="ol" gap="xs" p={0} m={0} mb="sm" style={{ listStyle: 'none' }} aria-label={t('Demands')}>
          {demands.map((demand, index) => {
            const isEditing = editing?.id === demand.id;
            return (
              <Paper component="li" key={demand.id} withBorder p="xs" data-testid="demand">
                {isEditing ? (
                  <form
                    noValidate
                    onSubmit={(event) => {
                      event.preventDefault();
                      if (editing.text.trim() === '') {
                        setEditError(t('Enter the demand'));
                        return;
                      }
                      setEditError(null);
                      saveText.mutate({ id: editing.id, text: editing.text, version: editing.version });
                    }}
                  >
                    <Stack gap="xs">
                      {editing.theirs && (
                        <Alert color="orange" variant="light" role="alert" title={t('Someone else changed this demand')}>
                          <Stack gap={6}>
                            <Text size="sm" className="break-anywhere">
                              {t('Saved now: “{theirs}”. Yours: “{yours}”.', {
                                theirs: editing.theirs.text,
                                yours: editing.text,
                              })}
                            </Text>
                            <Group gap="xs">
                              <Button
                                size="xs"
                                onClick={() => {
                                  const theirs = editing.theirs;
                                  if (theirs === null) return;
                                  setEditing({ ...editing, version: theirs.version, theirs: null });
                                  saveText.mutate({ id: editing.id, text: editing.text, version: theirs.version });
                                }}
                              >
                                {t('Keep mine')}
                              </Button>
                              <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                                {t('Use the saved wording')}
                              </Button>
                            </Group>
                          </Stack>
                        </Alert>
                      )}
                      <TextInput
                        label={t('Demand')}
                        value={editing.text}
                        maxLength={500}
                        error={editError}
                        onChange={(event) => setEditing({ ...editing, text: event.currentTarget.value })}
                        data-autofocus
                      />
                      <Group gap="xs">
                        <Button type="submit" size="xs" loading={saveText.isPending} disabled={editing.theirs !== null}>
                          {t('Save')}
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                          {t('Cancel')}
                        </Button>
                      </Group>
                    </Stack>
                  </form>
                ) : (
                  <Group justify="space-between" gap="xs" align="center">
                    <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 14rem', minWidth: 0 }}>
                      <Text size="sm" c="dimmed" aria-hidden="true">
                        {t('{position}.', { position: formatCount(index + 1) })}
                      </Text>
                      <Text size="sm" className="break-anywhere" td={demand.status === 'dropped' ? 'line-through' : undefined}>
                        {demand.text}
                      </Text>
                    </Group>
                    {canEdit ? (
                      <Group gap={4} wrap="nowrap">
                        <Select
                          aria-label={t('Status of “{text}”', { text: demand.text })}
                          data={options(DEMAND_STATUS_LABELS)}
                          value={demand.status}
                          allowDeselect={false}
                          w={120}
                          size="xs"
                          disabled={busy}
                          onChange={(value) => {
                            if (value !== null && value !== demand.status) {
                              setStatus.mutate({ demand, status: value as DemandStatus });
                            }
                          }}
                        />
                        <ActionIcon
                          variant="default"
                          aria-label={t('Move “{text}” up', { text: demand.text })}
                          disabled={index === 0 || busy}
                          onClick={() => reorder.mutate(reorderPlan(demands, index, index - 1))}
                        >
                          <span aria-hidden="true">↑</span>
                        </ActionIcon>
                        <ActionIcon
                          variant="default"
                          aria-label={t('Move “{text}” down', { text: demand.text })}
                          disabled={index === demands.length - 1 || busy}
                          onClick={() => reorder.mutate(reorderPlan(demands, index, index + 1))}
                        >
                          <span aria-hidden="true">↓</span>
                        </ActionIcon>
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          aria-label={t('Edit “{text}”', { text: demand.text })}
                          onClick={() => {
                            setEditError(null);
                            setEditing({ id: demand.id, text: demand.text, version: demand.version, theirs: null });
                          }}
                        >
                          {t('Edit')}
                        </Button>
                        <Button
                          variant="subtle"
                          color="red.9"
                          size="compact-sm"
                          aria-label={t('Delete “{text}”', { text: demand.text })}
                          disabled={busy}
                          onClick={() => remove.mutate(demand)}
                        >
                          {t('Delete')}
                        </Button>
                      </Group>
                    ) : (
                      <Badge color={DEMAND_STATUS_COLORS[demand.status]} variant="light">
                        {DEMAND_STATUS_LABELS[demand.status]}
                      </Badge>
                    )}
                  </Group>
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
      {canEdit && (
        <form
          noValidate
          aria-label={t('Add a demand')}
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim() === '') {
              setAddError(t('Enter the demand'));
              return;
            }
            setAddError(null);
            add.mutate(text.trim());
          }}
        >
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label={t('New demand')}
              placeholder={t('e.g. Restore the night premium')}
              value={text}
              maxLength={500}
              error={addError}
              onChange={(event) => setText(event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={add.isPending} variant="light" mb={addError ? 22 : 0}>
              {t('Add')}
            </Button>
          </Group>
        </form>
      )}
    </section>
  );
}
