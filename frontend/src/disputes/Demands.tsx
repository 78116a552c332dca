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
import { FormAlert } from '../app/FormAlert';
import { useApiForm } from '../shared/useApiForm';
import { validateRequired } from '../shared/validation';
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
  const [editingId, setEditingId] = useState<string | null>(null);

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
            const isEditing = editingId === demand.id;
            return (
              <Paper component="li" key={demand.id} withBorder p="xs" data-testid="demand">
                {isEditing ? (
                  <EditDemandForm
                    groupId={groupId}
                    disputeId={disputeId}
                    demand={demand}
                    refresh={refresh}
                    onClose={() => setEditingId(null)}
                  />
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
                          onClick={() => setEditingId(demand.id)}
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
      {canEdit && <AddDemandForm groupId={groupId} disputeId={disputeId} refresh={refresh} />}
    </section>
  );
}

function AddDemandForm({ groupId, disputeId, refresh }: { groupId: string; disputeId: string; refresh: () => Promise<void> }) {
  const { t } = useTranslation();
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { text: '' },
    validate: { text: validateRequired(t('Enter the demand')) },
  });
  const add = useMutation({
    mutationFn: (value: string) => {
      const body = { text: value, status: 'pending' as const };
      return createDemand(groupId, disputeId, body, idempotency.keyFor(body));
    },
    onSuccess: async () => {
      idempotency.reset();
      form.reset();
      await refresh();
    },
    onError: showError,
  });
  return (
    <form
      noValidate
      aria-label={t('Add a demand')}
      onSubmit={onSubmit((values) => {
        add.mutate(values.text.trim());
      })}
    >
      <FormAlert message={formError} />
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label={t('New demand')}
          placeholder={t('e.g. Restore the night premium')}
          maxLength={500}
          key={form.key('text')}
          {...form.getInputProps('text')}
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={add.isPending} variant="light" mb={form.errors.text ? 22 : 0}>
          {t('Add')}
        </Button>
      </Group>
    </form>
  );
}

/** A demand's wording, edited in place; a change someone saved meanwhile is shown beside this one. */
function EditDemandForm({
  groupId,
  disputeId,
  demand,
  refresh,
  onClose,
}: {
  groupId: string;
  disputeId: string;
  demand: Demand;
  refresh: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [theirs, setTheirs] = useState<Demand | null>(null);
  const [version, setVersion] = useState(demand.version);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { text: demand.text },
    validate: { text: validateRequired(t('Enter the demand')) },
  });
  const save = useMutation({
    mutationFn: (edit: { text: string; version: number }) =>
      updateDemand(groupId, disputeId, demand.id, { text: edit.text.trim(), version: edit.version }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
    onError: (error) => {
      if (error instanceof VersionConflict) {
        setTheirs(error.current as Demand);
        void refresh();
        return;
      }
      showError(error);
    },
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit((values) => {
        save.mutate({ text: values.text, version });
      })}
    >
      <Stack gap="xs">
        <FormAlert message={formError} />
        {theirs && (
          <Alert color="orange" variant="light" role="alert" title={t('Someone else changed this demand')}>
            <Stack gap={6}>
              <Text size="sm" className="break-anywhere">
                {t('Saved now: “{theirs}”. Yours: “{yours}”.', {
                  theirs: theirs.text,
                  yours: form.getValues().text,
                })}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() => {
                    setVersion(theirs.version);
                    setTheirs(null);
                    save.mutate({ text: form.getValues().text, version: theirs.version });
                  }}
                >
                  {t('Keep mine')}
                </Button>
                <Button size="xs" variant="default" onClick={onClose}>
                  {t('Use the saved wording')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <TextInput
          label={t('Demand')}
          maxLength={500}
          key={form.key('text')}
          {...form.getInputProps('text')}
          data-autofocus
        />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={save.isPending} disabled={theirs !== null}>
            {t('Save')}
          </Button>
          <Button size="xs" variant="default" onClick={onClose}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
