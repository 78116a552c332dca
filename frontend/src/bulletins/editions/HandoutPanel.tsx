import { Box, Button, Card, Chip, Group, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allWorkplacesQuery, shiftsQuery } from '../../api/workplaces';
import { FormAlert } from '../../app/FormAlert';
import { notify } from '../../app/notify';
import { formatCount, formatDateTime } from '../../lib/format';
import { newIdempotencyKey } from '../../shared/idempotency';
import { useApiForm } from '../../shared/useApiForm';
import { type Edition, bulletinKeys, createHandout, handoutsQuery } from './api';

interface HandoutValues {
  workplace_id: string;
  shift_id: string;
  place: string;
  copies_given: number | string;
  copies_left: number | string;
}

/** The workplace's shifts as chips: one tap picks the shift the copies went to. */
function ShiftPicker({
  groupId,
  workplaceId,
  value,
  onChange,
}: {
  groupId: string;
  workplaceId: string;
  value: string;
  onChange: (shiftId: string) => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const shifts = useQuery({ ...shiftsQuery(groupId, workplaceId), enabled: workplaceId !== '' });
  if (workplaceId === '' || (shifts.data ?? []).length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {t('Shift')}
      </Text>
      <Chip.Group multiple={false} value={value} onChange={onChange}>
        <Group gap="xs" role="radiogroup" aria-labelledby={labelId}>
          <Chip value="">{t('No shift')}</Chip>
          {(shifts.data ?? []).map((shift) => (
            <Chip key={shift.id} value={shift.id}>
              {shift.name}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Stack>
  );
}

function HandoutForm({ groupId, edition }: { groupId: string; edition: Edition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm<HandoutValues>({
    mode: 'controlled',
    initialValues: {
      workplace_id: edition.workplace_ids[0] ?? '',
      shift_id: '',
      place: '',
      copies_given: '',
      copies_left: '',
    },
    validate: {
      workplace_id: (value) => (value === '' ? t('Choose the workplace') : null),
      copies_given: (value) =>
        value === '' ? t('Say how many copies went out') : Number(value) < 0 ? t('Give a number of 0 or more') : null,
      copies_left: (value) => (value !== '' && Number(value) < 0 ? t('Give a number of 0 or more') : null),
    },
  });
  const log = useMutation({
    mutationFn: (values: HandoutValues) =>
      createHandout(
        groupId,
        edition.id,
        {
          workplace_id: values.workplace_id,
          shift_id: values.shift_id === '' ? null : values.shift_id,
          place: values.place.trim() === '' ? null : values.place,
          handed_out_at: new Date().toISOString(),
          copies_given: Number(values.copies_given),
          copies_left: values.copies_left === '' ? null : Number(values.copies_left),
        },
        key,
      ),
    onSuccess: (_handout, values) => {
      // The next hand-out is most often at the same gate on the same shift.
      form.setValues({ ...values, copies_given: '', copies_left: '' });
      setKey(newIdempotencyKey());
      notify({ message: t('Hand-out logged.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.handouts(groupId, edition.id) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'bulletins', 'reach'] });
    },
    onError: showError,
  });
  return (
    <Box component="form" noValidate aria-label={t('Log a hand-out')} onSubmit={onSubmit((values) => log.mutate(values))}>
      <Stack gap="xs">
        <FormAlert message={formError} />
        <Select
          label={t('Workplace')}
          required
          allowDeselect={false}
          data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('workplace_id')}
          value={form.values.workplace_id || null}
          onChange={(value) => {
            form.setFieldValue('workplace_id', value ?? '');
            form.setFieldValue('shift_id', '');
          }}
        />
        <ShiftPicker
          groupId={groupId}
          workplaceId={form.values.workplace_id}
          value={form.values.shift_id}
          onChange={(value) => form.setFieldValue('shift_id', value)}
        />
        <TextInput label={t('Gate or spot')} maxLength={200} {...form.getInputProps('place')} />
        <Group grow gap="xs" align="flex-start">
          <NumberInput
            label={t('Copies given out')}
            required
            min={0}
            allowDecimal={false}
            inputMode="numeric"
            {...form.getInputProps('copies_given')}
          />
          <NumberInput
            label={t('Copies left')}
            min={0}
            allowDecimal={false}
            inputMode="numeric"
            {...form.getInputProps('copies_left')}
          />
        </Group>
        <Button type="submit" loading={log.isPending}>
          {t('Log hand-out')}
        </Button>
      </Stack>
    </Box>
  );
}

/** The distribution log of one edition: log a hand-out from a phone, see what went where. */
export function HandoutPanel({ groupId, edition, canLog }: { groupId: string; edition: Edition; canLog: boolean }) {
  const { t } = useTranslation();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const handouts = useQuery(handoutsQuery(groupId, edition.id));
  const items = handouts.data?.items ?? [];
  const workplaceIds = [...new Set(items.map((handout) => handout.workplace_id))];
  const shiftLists = useQueries({ queries: workplaceIds.map((id) => shiftsQuery(groupId, id)) });
  const workplaceNames = new Map((workplaces.data ?? []).map((workplace) => [workplace.id, workplace.name]));
  const shiftNames = new Map(shiftLists.flatMap((list) => (list.data ?? []).map((shift) => [shift.id, shift.name])));
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Hand-outs')}
        </Title>
        {canLog && <HandoutForm groupId={groupId} edition={edition} />}
        <Title order={3} size="h4">
          {t('Hand-out log')}
        </Title>
        {items.length === 0 ? (
          <Text c="dimmed">{t('No hand-outs logged yet')}</Text>
        ) : (
          <Stack gap={4} component="ul" aria-label={t('Hand-out log')} style={{ paddingInlineStart: '1rem', margin: 0 }}>
            {items.map((handout) => (
              <Text component="li" key={handout.id} className="break-anywhere">
                {t('{copies} copies at {workplace} · {when}', {
                  copies: formatCount(handout.copies_given),
                  workplace: workplaceNames.get(handout.workplace_id) ?? '…',
                  when: formatDateTime(handout.handed_out_at),
                })}
                {[
                  handout.shift_id === null ? null : shiftNames.get(handout.shift_id),
                  handout.place,
                  handout.copies_left === null
                    ? null
                    : t('{left} left', { left: formatCount(handout.copies_left) }),
                ]
                  .filter(Boolean)
                  .map((detail) => ` · ${detail}`)
                  .join('')}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
