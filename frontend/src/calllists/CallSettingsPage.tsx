import i18next from 'i18next';
import { Button, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { callListKeys, callSettingsQuery, updateCallSettings, type CallSettings } from '../api/callLists';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount } from '../lib/format';
import { CountInput, numberOrNull } from '../shared/NumberInputs';
import { NoPermission } from '../shared/NoPermission';
import { RecordConflict } from '../shared/RecordConflict';
import { can } from '../shared/permissions';
import { useApiForm } from '../shared/useApiForm';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';

const route = getRouteApi('/_app/groups/$groupId/call-settings');

/** The bounds the API keeps each setting within. */
const COOLDOWN_DAYS = { min: 0, max: 365 };
const RESERVATION_MINUTES = { min: 1, max: 120 };

interface SettingsValues {
  cooldown_days: number | string;
  reservation_minutes: number | string;
}

const SETTINGS_FIELDS = ['cooldown_days', 'reservation_minutes'] as const satisfies readonly (keyof SettingsValues)[];

function settingsValues(settings: CallSettings): SettingsValues {
  return { cooldown_days: settings.cooldown_days, reservation_minutes: settings.reservation_minutes };
}

function fieldLabels(): Record<keyof SettingsValues, string> {
  return {
    cooldown_days: i18next.t('Cool-down between lists (days)'),
    reservation_minutes: i18next.t('How long a taken person stays yours (minutes)'),
  };
}

function wholeNumberBetween(value: number | string, { min, max }: { min: number; max: number }): string | null {
  const number = numberOrNull(value);
  return number === null || !Number.isInteger(number) || number < min || number > max
    ? i18next.t('Enter a whole number from {min} to {max}', { min, max })
    : null;
}

function SettingsForm({ groupId, settings }: { groupId: string; settings: CallSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const edit = useVersionedEdit({
    initial: () => ({ values: settingsValues(settings), version: settings.version }),
    fields: SETTINGS_FIELDS,
    valuesOf: settingsValues,
  });
  const { form, onSubmit, applyError } = useApiForm<SettingsValues>({
    mode: 'controlled',
    initialValues: edit.base.values,
    validate: {
      cooldown_days: (value) => wholeNumberBetween(value, COOLDOWN_DAYS),
      reservation_minutes: (value) => wholeNumberBetween(value, RESERVATION_MINUTES),
    },
  });
  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<SettingsValues>) =>
      updateCallSettings(groupId, {
        cooldown_days: numberOrNull(values.cooldown_days) ?? 0,
        reservation_minutes: numberOrNull(values.reservation_minutes) ?? 0,
        version,
      }),
    onSuccess: (saved) => {
      edit.saved(saved);
      form.setValues(settingsValues(saved));
      queryClient.setQueryData(callListKeys.settings(groupId), saved);
      notify({ message: t('Call settings saved.') });
    },
    // The page keeps showing the version this edit started from (the form is keyed by it)
    // until the person has chosen.
    onError: (error, save) => void edit.fail(error, save, applyError),
  });

  if (edit.conflict) {
    return (
      <RecordConflict
        groupId={groupId}
        noun="call_settings"
        state={edit.conflict}
        labels={fieldLabels()}
        show={(_field, value) => (value === '' || value === null || value === undefined ? t('(empty)') : formatCount(Number(value)))}
        saving={mutation.isPending}
        onSave={(values, version, unchanged) => {
          form.setValues(values);
          const save = edit.resolve(values, version, unchanged);
          if (save) mutation.mutate(save);
          else notify({ message: t('The saved version was kept.') });
        }}
        onCancel={() => edit.cancel()}
      />
    );
  }

  const labels = fieldLabels();
  return (
    <Paper withBorder p="md">
      <form noValidate aria-labelledby="call-settings-heading" onSubmit={onSubmit((values) => mutation.mutate(edit.submit(values)))}>
        <Stack gap="md">
          <FormAlert message={edit.formError} />
          <CountInput
            label={labels.cooldown_days}
            description={t(
              'A worker someone tried on one list is not offered by another for this many days, so nobody is phoned twice in a week by two campaigns. 0 switches it off.',
            )}
            required
            maw={360}
            {...form.getInputProps('cooldown_days')}
          />
          <CountInput
            label={labels.reservation_minutes}
            description={t(
              'After taking the next person, a caller has this long to record what came of it before someone else may be given them.',
            )}
            required
            maw={360}
            {...form.getInputProps('reservation_minutes')}
          />
          <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('Save the call settings')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/** The group's rules for working call and visit lists (organisers change them). */
export function CallSettingsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Call settings · {group}', { group: group.name }));
  const settings = useQuery(callSettingsQuery(groupId));

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/call-lists" params={{ groupId }} size="sm">
          {t('← Call and visit lists')}
        </AnchorLink>
        <Title order={1} id="call-settings-heading">
          {t('Call settings')}
        </Title>
        <Text c="dimmed">{t('How every call and visit list in the group is worked.')}</Text>
      </Stack>
      {!can(group, 'campaigns:write') ? (
        <NoPermission>{t('Ask an organiser or owner of the group to change how lists are worked.')}</NoPermission>
      ) : settings.isPending ? (
        <Skeleton height={220} />
      ) : settings.isError ? (
        <FormAlert message={errorMessage(settings.error)} />
      ) : (
        <SettingsForm groupId={groupId} settings={settings.data} key={settings.data.version} />
      )}
    </Stack>
  );
}
